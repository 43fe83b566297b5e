"""Announcements: a kind of post, short news from the community managers or an initiative."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.posts.models import Post, PostState


class Announcement(Post):
    """Short news from the community managers or an initiative.

    publish_at is when it goes (or went) online, naive UTC like every stored moment: it
    waits as `scheduled` until `buurt tick` finds that moment passed. pinned_until is a
    Dutch date: the announcement stays on top of the lists through that day.
    """

    publish_at: Mapped[datetime | None]
    pinned_until: Mapped[date | None] = mapped_column(Date)
    # On behalf of an initiative its author runs (the same column as an event's organiser).
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiative.id", ondelete="SET NULL"), use_existing_column=True)

    initiative: Mapped["Initiative | None"] = relationship()  # noqa: F821

    # No table of its own, said outright: declarative then knows this is single-table
    # inheritance while it reads the columns, which use_existing_column needs.
    __tablename__ = None
    __mapper_args__ = {"polymorphic_identity": "announcement"}

    def state_when_approved(self, now: datetime) -> str:
        if self.publish_at is not None and self.publish_at > now:
            return PostState.SCHEDULED
        return PostState.PUBLISHED

    def is_pinned(self, today: date) -> bool:
        return self.pinned_until is not None and self.pinned_until >= today


# Announcements are listed by when they went online; the tick looks for scheduled ones due.
Index("ix_post_announcement_feed", Post.kind, Post.state, Post.neighbourhood_id,
      Announcement.publish_at)
Index("ix_post_announcement_publish", Post.kind, Post.state, Announcement.publish_at)
