"""Announcements: news from the community managers and initiatives."""
from buurt.announcements.routes import bp

__all__ = ["bp"]
