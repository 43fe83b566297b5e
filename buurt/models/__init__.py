"""The data model, split by domain and re-exported here."""
from buurt.models.neighbourhood import Neighbourhood, NeighbourhoodPostcode, NeighbourhoodSetting
from buurt.models.post import CloseReason, Need, Offer, Post, PostState, Request, Urgency
from buurt.models.topic import Direction, Topic, UserTopic
from buurt.models.user import Membership, Role, User

__all__ = [
    "CloseReason", "Direction", "Membership", "Need", "Neighbourhood", "NeighbourhoodPostcode",
    "NeighbourhoodSetting", "Offer", "Post", "PostState", "Request", "Role", "Topic", "Urgency",
    "User", "UserTopic",
]
