"""Around ideas: residents' support ("steun") and comments.

A comment is screened like a post: one with offensive words or spam waits for a manager;
flags from residents hide it at the neighbourhood's threshold.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core import clock
from buurt.core.extensions import db
from buurt.people.models.user import User
from buurt.posts.models import Post


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

    def __repr__(self):
        return f"<Comment {self.id} {self.state}>"
