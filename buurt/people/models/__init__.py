"""Users and their memberships, neighbourhoods with their postcodes, topics, the links
mailed to a resident, and two-step log-in."""
from buurt.people.models.neighbourhood import Neighbourhood, NeighbourhoodPostcode
from buurt.people.models.token import AccountToken, TokenPurpose
from buurt.people.models.topic import Direction, Topic, UserTopic
from buurt.people.models.two_factor import RecoveryCode, TwoFactor
from buurt.people.models.user import AccountDeletion, Membership, Role, User

__all__ = ["AccountDeletion", "AccountToken", "Direction", "Membership", "Neighbourhood",
           "NeighbourhoodPostcode", "RecoveryCode", "Role", "TokenPurpose", "Topic", "TwoFactor",
           "User", "UserTopic"]
