"""The search page: GET /search over published posts."""
