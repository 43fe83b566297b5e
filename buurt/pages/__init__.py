"""The pages about the site itself: privacy, help, house rules and contact."""
from buurt.pages.routes import bp

__all__ = ["bp"]
