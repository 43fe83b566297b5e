"""The marketplace: help and care requests, offers of help, and the responses on them."""
from buurt.market import responses  # noqa: F401  (adds the response routes to bp)
from buurt.market.routes import bp

__all__ = ["bp"]
