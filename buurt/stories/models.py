"""Stories: a kind of post, what made a neighbour happy, with a photo or a short video."""
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core.media import references
from buurt.posts.models import Post


class Story(Post):
    """A resident's story in answer to three questions: what made you happy (the body),
    whom do you owe it to, what would you advise others; with a photo or a short video.

    A thank-you note whose author agreed to share it becomes a story too (thank_you_id).
    """

    owed_to: Mapped[str | None] = mapped_column(Text)
    advice: Mapped[str | None] = mapped_column(Text)
    upload_id: Mapped[int | None] = mapped_column(
        ForeignKey("upload.id", ondelete="SET NULL"), use_existing_column=True)
    # A manager put it on the front page at this moment (None: not featured).
    featured_at: Mapped[datetime | None]
    # The ThankYou it came from. No foreign key: a thank-you refers to a response, which
    # refers to a post, so a key back would make the tables depend on each other in a
    # circle (stories.from_thank_you is the one place that sets it).
    thank_you_id: Mapped[int | None] = mapped_column(Integer, unique=True)

    upload: Mapped["Upload | None"] = relationship()  # noqa: F821 (buurt.core.media.models)

    __tablename__ = None
    __mapper_args__ = {"polymorphic_identity": "story"}

    @property
    def is_thank_you(self) -> bool:
        return self.thank_you_id is not None

    @property
    def display_title(self) -> str:
        """A thank-you note keeps the title of the help it thanks for; the "Thank you:"
        before it is in the reader's language, not in the language of its author."""
        if self.is_thank_you:
            return gettext("Thank you: %(title)s", title=self.title)
        return self.title

    @property
    def is_featured(self) -> bool:
        return self.featured_at is not None

    @property
    def text_for_screening(self) -> str:
        return "\n".join(part for part in (self.body, self.owed_to, self.advice) if part)


# The front page's featured story: the one featured last.
Index("ix_post_story_featured", Post.kind, Post.state, Story.featured_at)
# Is a photo still used anywhere before its file goes (cleanup.delete_if_unused)? The
# column is every kind's upload: an event's, an item's and a story's.
Index("ix_post_upload", Story.upload_id)
references.shown_in(Post.__table__.c.upload_id)
