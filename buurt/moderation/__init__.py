"""The community managers' moderation queue, log, word lists and suspensions."""
from buurt.core import settings

settings.register(
    # A post that this many residents flag is hidden until a manager decides.
    flag_threshold=3,
    # Vague posts wait for a manager; when off they go online with a hint to the author
    # and still appear in the queue.
    hold_vague_posts=True,
    # The first this many posts of a new member wait for a manager (0: off).
    new_member_hold_posts=0,
    # Queue items waiting longer than this many hours stand out.
    queue_warning_hours=48,
)
