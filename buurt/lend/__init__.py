"""Lending things: items, loans with dates, return confirmation."""
from buurt.lend.routes import bp

__all__ = ["bp"]
