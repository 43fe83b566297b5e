"""The marketplace: help and care requests, and offers of help."""
from buurt.market.routes import bp

__all__ = ["bp"]
