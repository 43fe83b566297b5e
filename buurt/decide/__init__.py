"""Deciding together: decision rounds, voting and published results."""
from buurt.decide.routes import bp

__all__ = ["bp"]
