"""Care requests: who may see them, and their schedule of tasks, neighbours who take
them, and the gaps."""
from buurt.core import settings

settings.register(
    # Visitors who are not logged in see that a care request exists (one neutral line in
    # the lists, never its words or author). Off: visitors see no care requests at all.
    care_visible_to_visitors=False,
)
