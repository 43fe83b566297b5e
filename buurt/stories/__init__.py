"""Stories: what made neighbours happy, with a photo or a short video."""
from buurt.stories.routes import bp

__all__ = ["bp"]
