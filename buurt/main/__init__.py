"""The home page, the welcome page, the language switch and the health check."""
from buurt.main.routes import bp

__all__ = ["bp"]
