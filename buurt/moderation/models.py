"""Moderation: reports, the cases in the managers' queue, their append-only log,
per-neighbourhood word lists."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core import clock
from buurt.core.extensions import db
from buurt.people.models.neighbourhood import Neighbourhood
from buurt.people.models.user import User


class FlagReason:
    OFFENSIVE = "offensive"
    SPAM = "spam"
    WRONG_PLACE = "wrong_place"
    OTHER = "other"
    ALL = (OFFENSIVE, SPAM, WRONG_PLACE, OTHER)


class Flag(db.Model):
    """A resident reports a post, comment or message (one flag per resident per item)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    target_type: Mapped[str] = mapped_column(String(16))   # "post", "message", "comment"
    target_id: Mapped[int]
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    resolved_at: Mapped[datetime | None]

    reporter: Mapped[User] = relationship()

    __table_args__ = (
        UniqueConstraint("reporter_id", "target_type", "target_id"),
        Index("ix_flag_target", "target_type", "target_id"),
    )


class CaseSource:
    SCREENING = "screening"    # held (or hinted) by the screening of a new or edited post
    NEW_MEMBER = "new_member"  # a new member's first posts, held by a neighbourhood setting
    FLAGS = "flags"            # residents flagged a post or comment
    REPORT = "report"          # a resident reported a message


class CaseState:
    OPEN = "open"
    WAITING = "waiting"        # the manager asked the author to clarify
    DECIDED = "decided"


class Decision:
    APPROVE = "approve"
    CLARIFY = "clarify"
    REMOVE = "remove"
    ADVISE = "advise"
    DISMISS = "dismiss"        # a report that needs no action
    ALL = (APPROVE, CLARIFY, REMOVE, ADVISE)


class ModerationCase(db.Model):
    """One item in the managers' queue: a held, flagged or reported post or message."""

    id: Mapped[int] = mapped_column(primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhood.id"))
    target_type: Mapped[str] = mapped_column(String(16))   # "post", "message", "comment"
    target_id: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(16))
    # What the screening found, as JSON: [{"rule", "category", "words", "params"}]; rows
    # from before have an English "detail" instead of "params", which is never shown.
    reasons: Mapped[str] = mapped_column(Text, default="[]")
    state: Mapped[str] = mapped_column(String(16), default=CaseState.OPEN)
    opened_at: Mapped[datetime] = mapped_column(default=clock.now)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    decision: Mapped[str | None] = mapped_column(String(16))
    # The manager's words to the author (a clarification question, a removal reason).
    decision_note: Mapped[str | None] = mapped_column(Text)

    neighbourhood: Mapped[Neighbourhood] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    __table_args__ = (
        Index("ix_moderation_case_queue", "neighbourhood_id", "state", "opened_at"),
        Index("ix_moderation_case_target", "target_type", "target_id", "state"),
    )

    @property
    def is_open(self) -> bool:
        return self.state == CaseState.OPEN

    @property
    def is_decided(self) -> bool:
        return self.state == CaseState.DECIDED


class ModerationAction(db.Model):
    """The append-only log of moderation: who did what, to what, when and why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_case.id",
                                                           ondelete="SET NULL"))
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(24))
    target_type: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int]
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    actor: Mapped[User | None] = relationship()

    __table_args__ = (Index("ix_moderation_action_log", "neighbourhood_id", "created_at"),)


class WordListKind:
    BLOCK = "block"    # hold posts with this word
    ALLOW = "allow"    # never hold for this word (a street name, a medical word)


class ModerationWord(db.Model):
    """A manager's addition to the word lists, for one neighbourhood."""

    id: Mapped[int] = mapped_column(primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhood.id",
                                                             ondelete="CASCADE"))
    word: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(8))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    __table_args__ = (UniqueConstraint("neighbourhood_id", "word", "kind"),)
