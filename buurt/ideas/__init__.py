"""Ideas for the neighbourhood: support, comments and a status from new to realised."""
from buurt.core import settings

settings.register(
    # An idea that this many residents support is proposed for the next decision round.
    idea_support_threshold=10,
)
