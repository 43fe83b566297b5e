"""The data model, split by domain and re-exported here."""
from buurt.models.care import CareSignup, CareTask
from buurt.models.market import (Conversation, ConversationMember, Feedback, Message, Response,
                                 ResponseState, ThankYou)
from buurt.models.moderation import (CaseSource, CaseState, Decision, Flag, FlagReason,
                                     ModerationAction, ModerationCase, ModerationWord,
                                     WordListKind)
from buurt.models.neighbourhood import (Neighbourhood, NeighbourhoodPostcode,
                                        NeighbourhoodSetting)
from buurt.models.notification import (EmailFrequency, Notification, OutboxEmail, OutboxState,
                                       PasswordReset)
from buurt.models.post import CloseReason, Need, Offer, Post, PostState, Request, Urgency
from buurt.models.topic import Direction, Topic, UserTopic
from buurt.models.user import Membership, Role, User

__all__ = [
    "CareSignup", "CareTask", "CaseSource", "CaseState", "CloseReason", "Conversation",
    "ConversationMember", "Decision", "Direction", "EmailFrequency", "Feedback", "Flag",
    "FlagReason", "Membership", "Message", "ModerationAction", "ModerationCase",
    "ModerationWord", "Need", "Neighbourhood", "NeighbourhoodPostcode", "NeighbourhoodSetting",
    "Notification", "Offer", "OutboxEmail", "OutboxState", "PasswordReset", "Post",
    "PostState", "Request", "Response", "ResponseState", "Role", "ThankYou", "Topic",
    "Urgency", "User", "UserTopic", "WordListKind",
]
