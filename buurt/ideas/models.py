"""Ideas (a kind of post) and what surrounds them: residents' support ("steun") and
comments.

A comment is screened like a post: one with offensive words or spam waits for a manager;
flags from residents hide it at the neighbourhood's threshold.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core import clock
from buurt.core.extensions import db
from buurt.people.models.user import User
from buurt.posts.models import Post


class IdeaStatus:
    NEW = "new"
    DISCUSSION = "discussion"      # under discussion
    ADOPTED = "adopted"
    REALISED = "realised"
    NOT_FEASIBLE = "not_feasible"
    ALL = (NEW, DISCUSSION, ADOPTED, REALISED, NOT_FEASIBLE)
    # How far along an idea is, for "sort by status" (furthest first): realised, adopted,
    # under discussion, new, and last the ones that cannot be done.
    RANK = {REALISED: 4, ADOPTED: 3, DISCUSSION: 2, NEW: 1, NOT_FEASIBLE: 0}


class Idea(Post):
    """An idea for the neighbourhood (level 3): residents support it ("steun") and a
    manager gives it a status; with enough support it is proposed for a decision round."""

    # No table of its own (Flask-SQLAlchemy would name one), so place_id can be the
    # column an event's place uses.
    __tablename__ = None

    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id", ondelete="SET NULL"),
                                                 use_existing_column=True)
    # Whole euros, as the author estimates it.
    estimated_cost: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column("idea_status", String(16))
    # IdeaStatus.RANK of the status, kept with it so the list can sort on it.
    status_rank: Mapped[int | None] = mapped_column("idea_status_rank", Integer)
    # The manager's explanation of the status, and when it was set.
    status_note: Mapped[str | None] = mapped_column("idea_status_note", Text)
    status_changed_at: Mapped[datetime | None] = mapped_column("idea_status_at")
    # Kept with each Support in the same transaction, so lists sort on it.
    support_count: Mapped[int | None] = mapped_column(Integer, default=0)
    # When it reached the neighbourhood's threshold of support: proposed for a round.
    proposed_at: Mapped[datetime | None]

    place: Mapped["Place | None"] = relationship()  # noqa: F821 (buurt.info.models)

    __mapper_args__ = {"polymorphic_identity": "idea"}

    def set_status(self, status: str, note: str | None, now: datetime) -> None:
        if status not in IdeaStatus.ALL:
            raise ValueError(status)
        self.status, self.status_rank = status, IdeaStatus.RANK[status]
        self.status_note, self.status_changed_at = note, now


# Ideas are listed by support, or by how far along they are, within a neighbourhood.
Index("ix_post_idea_support", Post.kind, Post.state, Post.neighbourhood_id, Idea.support_count)
Index("ix_post_idea_status", Post.kind, Post.state, Post.neighbourhood_id, Idea.status_rank,
      Post.created_at)


class Support(db.Model):
    """A resident supports an idea; once per resident per idea, and it can be withdrawn."""

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    __table_args__ = (UniqueConstraint("idea_id", "user_id"),)


class CommentState:
    PUBLISHED = "published"
    PENDING = "pending"      # held by the screening, in the moderation queue
    HIDDEN = "hidden"        # reached the flag threshold; a manager decides
    REMOVED = "removed"      # by a manager
    ALL = (PUBLISHED, PENDING, HIDDEN, REMOVED)


class Comment(db.Model):
    """A resident's reaction under a post (an idea), visible to everyone once published."""

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                           index=True)
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=CommentState.PUBLISHED)
    # The screening's verdict ("ok", "offensive", "spam").
    screening_label: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    author: Mapped[User] = relationship()
    post: Mapped[Post] = relationship()

    __table_args__ = (Index("ix_comment_post", "post_id", "state", "created_at"),)

    @property
    def is_published(self) -> bool:
        return self.state == CommentState.PUBLISHED

    @property
    def is_pending(self) -> bool:
        return self.state == CommentState.PENDING

    def __repr__(self):
        return f"<Comment {self.id} {self.state}>"
