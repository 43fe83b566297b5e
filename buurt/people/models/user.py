"""Residents, their roles and the neighbourhoods managers and ambassadors serve."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text, false
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core import clock
from buurt.core.extensions import db
from buurt.core.media import references
from buurt.people.models.neighbourhood import Neighbourhood
from buurt.people.models.topic import Direction, UserTopic


class Role:
    RESIDENT = "resident"
    AMBASSADOR = "ambassador"
    MANAGER = "manager"
    ADMIN = "admin"
    ALL = (RESIDENT, AMBASSADOR, MANAGER, ADMIN)


# What pages call a deleted account, in the reader's language (see User.display_name).
FORMER_NEIGHBOUR = _l("Former neighbour")


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # The name the resident chose; pages read display_name, which knows a deleted account.
    chosen_name: Mapped[str] = mapped_column("display_name", String(80))
    # Optional: neighbours signed up by an ambassador may have no e-mail address.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    # The log-in name on a login card, for neighbours signed up without e-mail.
    username: Mapped[str | None] = mapped_column(String(40), unique=True)
    # When the resident opened a link mailed to their address (or an admin vouched for it):
    # until then the only mail they get is the one that confirms it.
    email_verified_at: Mapped[datetime | None]
    password_hash: Mapped[str] = mapped_column(String(256))
    # Signed up with a login card and no password of their own yet: every page asks for one.
    must_choose_password: Mapped[bool] = mapped_column(default=False,
                                                       server_default=false())
    # Part of every session and "remember me" cookie (see get_id): raising it logs the
    # resident out everywhere, for example when an ambassador hands out a new login card.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    role: Mapped[str] = mapped_column(String(16), default=Role.RESIDENT)
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhood.id"), index=True)
    street: Mapped[str | None] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(5), default="nl")
    in_directory: Mapped[bool] = mapped_column(default=False)
    # A short text about yourself for the people directory (shown only when in_directory).
    about: Mapped[str | None] = mapped_column(String(500))
    onboarded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    # How often notifications also go out by e-mail: immediately, daily, weekly or never.
    email_frequency: Mapped[str] = mapped_column(String(16), default="daily",
                                                 server_default="daily")
    last_digest_at: Mapped[datetime | None]
    # A suspended resident cannot log in and their content is hidden until this moment.
    suspended_until: Mapped[datetime | None]
    suspension_reason: Mapped[str | None] = mapped_column(Text)
    # A profile picture. An upload also refers to its owner, so one of the two keys is
    # added after both tables exist (use_alter).
    photo_id: Mapped[int | None] = mapped_column(
        ForeignKey("upload.id", ondelete="SET NULL", use_alter=True), index=True)
    # The version of the privacy statement accepted at sign-up, and when. Empty for
    # accounts from before it was recorded, and for accounts made on the command line.
    privacy_version: Mapped[str | None] = mapped_column(String(20))
    privacy_accepted_at: Mapped[datetime | None]
    # The account was deleted at this moment (buurt.people.deletion): its personal data is
    # gone and it cannot log in; the row stays so conversations and ballots keep their shape.
    deleted_at: Mapped[datetime | None]

    neighbourhood: Mapped[Neighbourhood] = relationship()
    photo: Mapped["Upload | None"] = relationship(foreign_keys=[photo_id])  # noqa: F821
    onboarded_by: Mapped["User | None"] = relationship(remote_side=[id])
    topic_links: Mapped[list[UserTopic]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True)

    @hybrid_property
    def display_name(self):
        """The name every page shows: the chosen one, or for a deleted account "Former
        neighbour" in the reader's language (made when it is shown, never stored)."""
        if self.deleted_at is not None:
            return FORMER_NEIGHBOUR
        return self.chosen_name

    @display_name.inplace.setter
    def _set_display_name(self, value: str) -> None:
        self.chosen_name = value

    @display_name.inplace.expression
    @classmethod
    def _display_name_expression(cls):
        # In SQL (ordering, filters) the stored name; a deleted account's is empty.
        return cls.chosen_name

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def topics(self, direction: str):
        return sorted((link.topic for link in self.topic_links if link.direction == direction),
                      key=lambda t: (t.position, t.slug))

    @property
    def seek_topics(self):
        return self.topics(Direction.SEEK)

    @property
    def offer_topics(self):
        return self.topics(Direction.OFFER)

    def get_id(self) -> str:
        """What the session and the "remember me" cookie keep: the id and the session
        version, so that ending the sessions makes both worthless."""
        return f"{self.id}:{self.session_version}"

    @property
    def email_unverified(self) -> bool:
        """They have an address but did not open the link that confirms it yet."""
        return self.email is not None and self.email_verified_at is None

    def is_suspended(self, now: datetime) -> bool:
        return self.suspended_until is not None and self.suspended_until > now

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def __repr__(self):
        return f"<User {self.id} {self.chosen_name!r}>"


class Membership(db.Model):
    """A manager or ambassador serving a neighbourhood (possibly one of several)."""

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)

    user: Mapped[User] = relationship()
    neighbourhood: Mapped[Neighbourhood] = relationship()


class AccountDeletion(db.Model):
    """When an account was deleted, and on whose word: the resident's own (by_id is the
    account itself, confirmed with its password), or the ambassador who brought them in,
    who recorded the neighbour's consent at consent_at. Nothing personal: the account it
    points to has no name, e-mail or street any more."""

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    deleted_at: Mapped[datetime] = mapped_column(default=clock.now)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"),
                                              index=True)
    consent_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    by: Mapped[User | None] = relationship(foreign_keys=[by_id])


# A profile photo is an upload: it stays while the profile shows it.
references.shown_in(User.photo_id)
