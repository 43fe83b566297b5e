"""Users and their memberships, neighbourhoods with their postcodes, topics."""
from buurt.people.models.neighbourhood import Neighbourhood, NeighbourhoodPostcode
from buurt.people.models.topic import Direction, Topic, UserTopic
from buurt.people.models.user import AccountDeletion, Membership, Role, User

__all__ = ["AccountDeletion", "Direction", "Membership", "Neighbourhood",
           "NeighbourhoodPostcode", "Role", "Topic", "User", "UserTopic"]
