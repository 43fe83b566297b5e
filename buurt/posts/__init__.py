"""What every kind of post shares: the Post model and its states, publishing, sharing,
flagging and withdrawing."""
from buurt.core import settings

settings.register(
    # Open requests older than this many days close as expired.
    request_expiry_days=30,
    # Authors hear this many days before their request closes, with one tap to renew.
    expiry_reminder_days=3,
    # This many days after help was done, both sides are asked whether it worked out.
    followup_days=3,
)
