"""Uploaded photos and videos: the pipeline that checks and stores them, and serving them."""
