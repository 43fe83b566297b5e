"""Domain logic: plain functions over models, usable without a request.

Services flush; the caller (a view or a CLI command) commits once.
"""
