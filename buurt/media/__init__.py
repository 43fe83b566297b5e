"""Serving uploaded photos and videos."""
from buurt.media.routes import bp

__all__ = ["bp"]
