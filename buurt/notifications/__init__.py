"""Notifications in the app, and how often a resident hears from us by e-mail."""
