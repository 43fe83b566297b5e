"""The search page: GET /search over published posts."""
from buurt.search_page.routes import bp

__all__ = ["bp"]
