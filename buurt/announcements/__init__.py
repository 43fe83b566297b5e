"""Announcements: news from the community managers and initiatives."""
