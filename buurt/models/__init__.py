"""The data model, split by domain and re-exported here."""
from buurt.models.care import CareSignup, CareTask
from buurt.models.decision import Ballot, BallotChoice, DecisionOption, DecisionRound, Method
from buurt.models.ideas import Comment, CommentState, Support
from buurt.models.lending import Loan, LoanDay, LoanState
from buurt.models.info import (Initiative, InitiativeMember, InitiativeState, InitiativeTopic,
                               Place, PlaceInitiative, Rsvp)
from buurt.models.market import (Conversation, ConversationMember, Feedback, Message, Response,
                                 ResponseState, ThankYou)
from buurt.models.moderation import (CaseSource, CaseState, Decision, Flag, FlagReason,
                                     ModerationAction, ModerationCase, ModerationWord,
                                     WordListKind)
from buurt.models.neighbourhood import (Neighbourhood, NeighbourhoodPostcode,
                                        NeighbourhoodSetting)
from buurt.models.notification import (EmailFrequency, Notification, OutboxEmail, OutboxState,
                                       PasswordReset)
from buurt.models.onboarding import LoginCard, OnBehalfPost, Onboarding, OnboardingEvent
from buurt.models.post import (Announcement, CloseReason, Event, Need, Offer, Post, PostState,
                               Request, Story, Urgency)
from buurt.models.post import Idea, IdeaStatus, Item, ItemCondition
from buurt.models.topic import Direction, Topic, UserTopic
from buurt.models.upload import Upload, UploadKind
from buurt.models.user import Membership, Role, User

__all__ = [
    "Ballot", "BallotChoice", "DecisionOption", "DecisionRound", "Method",
    "Comment", "CommentState", "Idea", "IdeaStatus", "Item", "ItemCondition", "Support",
    "Loan", "LoanDay", "LoanState",
    "CareSignup", "CareTask", "CaseSource", "CaseState", "CloseReason", "Conversation",
    "ConversationMember", "Decision", "Direction", "EmailFrequency", "Event", "Feedback",
    "Flag", "Initiative", "InitiativeMember", "InitiativeState", "InitiativeTopic",
    "FlagReason", "LoginCard", "Membership", "Message", "ModerationAction", "ModerationCase",
    "ModerationWord", "Need", "Neighbourhood", "NeighbourhoodPostcode", "NeighbourhoodSetting",
    "Notification", "Offer", "OnBehalfPost", "Onboarding", "OnboardingEvent", "OutboxEmail",
    "OutboxState", "PasswordReset", "Place", "PlaceInitiative", "Post", "Rsvp",
    "PostState", "Request", "Response", "ResponseState", "Role", "ThankYou", "Topic",
    "Urgency", "User", "UserTopic", "WordListKind",
    "Upload", "UploadKind", "Announcement", "Story",
]
