"""A resident's request for a copy of their data, and the zip the worker made for it."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core import clock
from buurt.core.extensions import db
from buurt.people.models.user import User


class ExportState:
    WAITING = "waiting"   # asked for; the worker has not made it yet
    READY = "ready"       # the zip is there to download until expires_at
    FAILED = "failed"     # making it went wrong; the resident can ask again
    ALL = (WAITING, READY, FAILED)


class DataExport(db.Model):
    """One export of everything about one resident, made by `buurt tick`."""

    __tablename__ = "data_export"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         index=True)
    state: Mapped[str] = mapped_column(String(16), default=ExportState.WAITING)
    # The secret part of the download link (/account/export/<token>). Kept as it is, not
    # as a hash, because the export page shows the link again; the download also needs
    # the owner to be logged in.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # The zip in the exports storage (buurt.core.storage.get("exports")), once made.
    file_name: Mapped[str | None] = mapped_column(String(64))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    ready_at: Mapped[datetime | None]
    # From this moment the link answers 404 and `buurt tick` removes the file and the row.
    expires_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    __table_args__ = (
        # One waiting export per resident: a second request (another tab, a double click)
        # meets this index, whatever the timing.
        Index("ix_data_export_one_waiting", "user_id", unique=True,
              sqlite_where=text("state = 'waiting'"),
              postgresql_where=text("state = 'waiting'")),
        Index("ix_data_export_state", "state", "created_at"),
        Index("ix_data_export_expires", "expires_at"),
    )

    @property
    def is_waiting(self) -> bool:
        return self.state == ExportState.WAITING

    @property
    def is_ready(self) -> bool:
        return self.state == ExportState.READY

    @property
    def is_failed(self) -> bool:
        return self.state == ExportState.FAILED

    def has_expired(self, now: datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    def __repr__(self):
        return f"<DataExport {self.id} {self.state}>"
