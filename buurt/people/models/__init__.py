"""Users and their memberships, neighbourhoods with their postcodes, topics, two-step
log-in."""
from buurt.people.models.neighbourhood import Neighbourhood, NeighbourhoodPostcode
from buurt.people.models.topic import Direction, Topic, UserTopic
from buurt.people.models.two_factor import RecoveryCode, TwoFactor
from buurt.people.models.user import Membership, Role, User

__all__ = ["Direction", "Membership", "Neighbourhood", "NeighbourhoodPostcode", "RecoveryCode",
           "Role", "Topic", "TwoFactor", "User", "UserTopic"]
