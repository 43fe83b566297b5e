"""Signing up, logging in and out, and the resident's profile."""
from buurt.auth.routes import bp

__all__ = ["bp"]
