"""Deciding together: decision rounds, their options and the residents' ballots.

Moments are naive UTC like everywhere in the database; forms and pages use
Europe/Amsterdam. A ballot names its voter only so that each resident has one ballot and
can change it; no page or service shows who voted what.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core import clock
from buurt.core.extensions import db
from buurt.people.models.neighbourhood import Neighbourhood
from buurt.people.models.user import User
from buurt.posts.models import Post


class Method:
    APPROVAL = "approval"    # tick any number of options
    POINTS = "points"        # divide a number of points over the options
    ALL = (APPROVAL, POINTS)


class DecisionRound(db.Model):
    """A question the residents of one neighbourhood decide on, open for a while.

    With a budget (a participatory budget), every option has a cost and the result lists
    what fits in the budget, in order of votes.
    """

    __tablename__ = "decision_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhood.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    question: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[str] = mapped_column(String(16))
    # Points each voter divides (points method only).
    points: Mapped[int | None] = mapped_column(Integer)
    # Whole euros; None: not a budget round.
    budget: Mapped[int | None] = mapped_column(Integer)
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    neighbourhood: Mapped[Neighbourhood] = relationship()
    created_by: Mapped[User | None] = relationship()
    options: Mapped[list["DecisionOption"]] = relationship(
        back_populates="round", cascade="all, delete-orphan",
        order_by="DecisionOption.position")

    __table_args__ = (Index("ix_decision_round_list", "neighbourhood_id", "closes_at"),
                      Index("ix_decision_round_closes", "closes_at"))

    @property
    def has_budget(self) -> bool:
        return self.budget is not None

    def has_opened(self, now: datetime) -> bool:
        return self.opens_at <= now

    def has_closed(self, now: datetime) -> bool:
        return self.closes_at <= now

    def is_open(self, now: datetime) -> bool:
        return self.has_opened(now) and not self.has_closed(now)

    def __repr__(self):
        return f"<DecisionRound {self.id} {self.question!r}>"


class DecisionOption(db.Model):
    """One of the answers to a round's question; often an idea with enough support."""

    __tablename__ = "decision_option"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("decision_round.id", ondelete="CASCADE"))
    # The order the manager listed the options in; it also breaks ties in the result.
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(140))
    # Whole euros, for a budget round.
    cost: Mapped[int | None] = mapped_column(Integer)
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="SET NULL"),
                                                index=True)

    round: Mapped[DecisionRound] = relationship(back_populates="options")
    idea: Mapped[Post | None] = relationship()

    __table_args__ = (UniqueConstraint("round_id", "position"),)


class Ballot(db.Model):
    """One resident's ballot in one round: one per resident, changeable until the close."""

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("decision_round.id", ondelete="CASCADE"))
    # SET NULL: a ballot is kept (and counted) when its voter's account goes.
    voter_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"),
                                                 index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)

    choices: Mapped[list["BallotChoice"]] = relationship(cascade="all, delete-orphan")

    __table_args__ = (UniqueConstraint("round_id", "voter_id"),)


class BallotChoice(db.Model):
    """What one ballot gives one option: 1 for a tick, or a number of points."""

    __tablename__ = "ballot_choice"

    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballot.id", ondelete="CASCADE"),
                                           primary_key=True)
    option_id: Mapped[int] = mapped_column(
        ForeignKey("decision_option.id", ondelete="CASCADE"), primary_key=True, index=True)
    points: Mapped[int] = mapped_column(Integer)
