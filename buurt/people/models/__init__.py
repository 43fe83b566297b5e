"""Users and their memberships, neighbourhoods with their postcodes, topics, and the links
mailed to a resident."""
from buurt.people.models.neighbourhood import Neighbourhood, NeighbourhoodPostcode
from buurt.people.models.token import AccountToken, TokenPurpose
from buurt.people.models.topic import Direction, Topic, UserTopic
from buurt.people.models.user import AccountDeletion, Membership, Role, User

__all__ = ["AccountDeletion", "AccountToken", "Direction", "Membership", "Neighbourhood",
           "NeighbourhoodPostcode", "Role", "TokenPurpose", "Topic", "User", "UserTopic"]
