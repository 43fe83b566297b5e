"""The privacy statement's version, and the record that a resident accepted it."""
from buurt.core import clock
from buurt.people.models import User

# The date of the current text of /privacy. Change it when the statement changes in
# substance: sign-ups from then on record the new version.
PRIVACY_VERSION = "2026-12-04"


def record_acceptance(user: User) -> None:
    """Note that the user accepted this version of the privacy statement and the house
    rules, now (at sign-up, or when an ambassador records the neighbour's consent)."""
    user.privacy_version = PRIVACY_VERSION
    user.privacy_accepted_at = clock.now()
