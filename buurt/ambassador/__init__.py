"""Ambassadors: onboarding events, assisted sign-up, login cards and "my neighbours"."""
from buurt.ambassador.routes import bp

__all__ = ["bp"]
