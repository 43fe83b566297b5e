"""Stories: what made a neighbour happy, whom they owe it to, what they advise others.

A story may have a photo or a short video (an Upload). Managers feature a story on the
front page. A thank-you note whose author agreed to share it becomes a story as well
(from_thank_you), so it is screened and listed like any other.
"""
from flask_babel import force_locale, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from buurt.core import clock, pagination
from buurt.core.extensions import db
from buurt.core.media import cleanup
from buurt.core.media.models import Upload
from buurt.market.models import ThankYou
from buurt.moderation import services as moderation
from buurt.people import deletion
from buurt.people.models import Topic, User
from buurt.posts import services as posts
from buurt.posts.models import CloseReason, PostState
from buurt.stories.models import Story

TITLE_MAX = 140
# What every story keeps, whatever the form calls it.
FIELDS = ("title", "body", "owed_to", "advice", "topic", "upload")


class StoryError(ValueError):
    """A change to a story that is refused; str() is a message for the person."""


def _clean(text) -> str | None:
    return (text or "").strip() or None


def create(author: User, *, title: str, body: str, owed_to: str | None = None,
           advice: str | None = None, topic: Topic | None = None,
           upload: Upload | None = None) -> Story:
    """Add a story in the author's neighbourhood; it is screened like every post.

    body answers "What made you happy?"; owed_to "Whom do you owe it to?"; advice "What
    would you advise others?". upload is a photo or video from uploads.save_media.
    """
    return posts._publish_new(Story(
        author=author, neighbourhood_id=author.neighbourhood_id, topic=topic,
        title=title.strip(), body=(body or "").strip(), owed_to=_clean(owed_to),
        advice=_clean(advice), upload=upload, state=PostState.PUBLISHED))


def update(story: Story, **fields) -> None:
    """Change the author's story (a new upload replaces the old one); screened again."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"{sorted(unknown)} cannot be edited")
    if story.is_thank_you and {"upload"} & set(fields) and fields["upload"] is not None:
        raise StoryError(_l("A thank-you note has no photo."))
    replaced = story.upload if "upload" in fields else None
    for name, value in fields.items():
        if name in ("owed_to", "advice"):
            value = _clean(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(story, name, value)
    db.session.flush()
    if replaced is not None and replaced is not story.upload:
        cleanup.delete_if_unused(replaced)   # a replaced or removed photo goes for good
    if story.is_live_or_held:
        moderation.screen_post(story, first_time=False)
        if not story.is_published:
            story.featured_at = None


def withdraw(story: Story, reason: str = CloseReason.WITHDRAWN) -> None:
    """Take a story offline at its author's wish; it leaves the front page too, and its
    photo or video is deleted (its address may have been shared)."""
    story.close(reason)
    story.featured_at = None
    upload, story.upload = story.upload, None
    db.session.flush()
    if upload is not None:
        cleanup.delete(upload)


def end_for_deleted_account(user: User) -> None:
    """An account is deleted (buurt.people.deletion): its stories that are online or
    waiting go offline as when withdrawn, photo and video too."""
    for story in db.session.scalars(select(Story).where(
            Story.author_id == user.id,
            Story.state.not_in((PostState.CLOSED, PostState.REMOVED)))):
        withdraw(story, CloseReason.ACCOUNT_DELETED)


deletion.register("stories", end_for_deleted_account)


def feature(story: Story) -> None:
    """Put a published story on the front page (the one featured last is shown)."""
    if not story.is_published:
        raise StoryError(_l("Only a story that is online can be on the front page."))
    story.featured_at = clock.now()
    db.session.flush()


def unfeature(story: Story) -> None:
    """Take a story off the front page; it stays in the list of stories."""
    story.featured_at = None
    db.session.flush()


def from_thank_you(thanks: ThankYou) -> Story | None:
    """Share a thank-you note as a story, when its author agreed; once per note."""
    if not thanks.share_publicly:
        return None
    existing = db.session.scalar(select(Story).where(Story.thank_you_id == thanks.id))
    if existing is not None:
        return existing
    response = thanks.response
    helped_with = response.post
    author = thanks.author
    # The title of the help it thanks for; pages put "Thank you:" before it in the
    # reader's language (Story.display_title). A care request's title stays with the
    # residents: the story, which is public, names only what kind of help it was.
    if helped_with.for_residents_only:
        with force_locale(author.language or "nl"):
            title = str(_l("help with a care request"))
    else:
        title = helped_with.title
    if len(title) > TITLE_MAX:
        title = title[:TITLE_MAX - 1].rstrip() + "…"
    return posts._publish_new(Story(
        author=author, neighbourhood_id=author.neighbourhood_id, topic=helped_with.topic,
        title=title, body=thanks.body, thank_you_id=thanks.id, state=PostState.PUBLISHED))


# --- reading -----------------------------------------------------------------------------

def _with_display_data(stmt):
    return posts.with_display_data(stmt).options(joinedload(Story.upload))


def get(post_id: int) -> Story | None:
    """The story with its author, topic, neighbourhood and upload, or None."""
    return db.session.scalar(_with_display_data(select(Story).where(Story.id == post_id)))


def listing(*, neighbourhood_id: int | None = None, topic: Topic | None = None,
            older: str | None = None, newer: str | None = None,
            size: int = 20) -> pagination.Page:
    """One page of published stories, newest first: one statement."""
    stmt = _with_display_data(select(Story).where(Story.state == PostState.PUBLISHED))
    if neighbourhood_id is not None:
        stmt = stmt.where(Story.neighbourhood_id == neighbourhood_id)
    if topic is not None:
        stmt = stmt.where(Story.topic_id == topic.id)
    return pagination.keyset(stmt, Story.created_at, Story.id, size=size, older=older,
                             newer=newer)


def featured(*, neighbourhood_id: int | None = None) -> Story | None:
    """The story a manager featured last (in the neighbourhood, if given), or None."""
    stmt = _with_display_data(select(Story).where(Story.state == PostState.PUBLISHED,
                                                  Story.featured_at.is_not(None)))
    if neighbourhood_id is not None:
        stmt = stmt.where(Story.neighbourhood_id == neighbourhood_id)
    return db.session.scalar(stmt.order_by(Story.featured_at.desc(), Story.id.desc())
                             .limit(1))

