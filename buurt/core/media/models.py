"""Uploaded photos and videos: who sent them, what they are, and where the files are."""
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core import clock
from buurt.core.extensions import db
from buurt.people.models.user import User


class UploadKind:
    IMAGE = "image"
    VIDEO = "video"
    ALL = (IMAGE, VIDEO)


class Upload(db.Model):
    """One uploaded file, checked and stored under a random name.

    A photo is stored twice, re-encoded without metadata: `name` (at most 1280 px) and
    `thumb_name` (at most 400 px). A video is stored once, as `name`.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"),
                                                 index=True)
    kind: Mapped[str] = mapped_column(String(8))
    content_type: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64), unique=True)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(Integer)
    thumb_name: Mapped[str | None] = mapped_column(String(64), unique=True)
    thumb_width: Mapped[int | None] = mapped_column(Integer)
    thumb_height: Mapped[int | None] = mapped_column(Integer)
    thumb_bytes: Mapped[int | None] = mapped_column(Integer)
    # How many bytes were sent, before re-encoding.
    original_bytes: Mapped[int] = mapped_column(Integer)
    # The length of the video track itself (not of the sound), in milliseconds.
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])

    @property
    def is_image(self) -> bool:
        return self.kind == UploadKind.IMAGE

    @property
    def is_video(self) -> bool:
        return self.kind == UploadKind.VIDEO

    @property
    def names(self) -> list[str]:
        return [n for n in (self.name, self.thumb_name) if n]

    def __repr__(self):
        return f"<Upload {self.id} {self.kind} {self.name}>"
