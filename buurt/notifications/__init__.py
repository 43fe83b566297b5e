"""Notifications in the app, and how often a resident hears from us by e-mail."""
from buurt.notifications.routes import bp

__all__ = ["bp"]
