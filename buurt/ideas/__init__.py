"""Ideas for the neighbourhood: support, comments and a status from new to realised."""
from buurt.ideas.routes import bp

__all__ = ["bp"]
