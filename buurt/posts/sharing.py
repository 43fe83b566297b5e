"""Sharing outward: canonical URLs, short descriptions for link previews, share links that
load nothing from elsewhere, and the managers' list of posts to share on their channels."""
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from buurt.core import clock, pagination
from buurt.core.extensions import db
from buurt.posts.models import Post, PostState

# Link previews show about this many characters of the description.
DESCRIPTION_LENGTH = 160
# The short text in a ready-to-paste message.
PASTE_LENGTH = 280


class SharingError(ValueError):
    """A post cannot be marked as asked; str() is a message for the manager."""


def canonical_url(path: str) -> str:
    """The full public address of a path on this site, on BASE_URL."""
    return current_app.config["BASE_URL"].rstrip("/") + "/" + path.lstrip("/")


def summary(text: str | None, length: int = DESCRIPTION_LENGTH) -> str:
    """The text on one line, cut at a word before `length` characters with an ellipsis."""
    flat = re.sub(r"\s+", " ", text or "").strip()
    if len(flat) <= length:
        return flat
    cut = flat[:length - 1]
    if " " in cut[length // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,.;:-") + "…"


# --- link previews of posts for residents only ----------------------------------------------

def preview_title(post: Post) -> str:
    """The title a link preview or a share link carries: a care request's link goes
    outside, where its words and its author must never be seen (Post.for_residents_only),
    so it says no more than what it is."""
    if post.for_residents_only:
        return str(_l("Care request on Buurt"))
    return post.display_title


def preview_description(post: Post) -> str:
    """The short text of a link preview: the start of the body, or a neutral line."""
    if post.for_residents_only:
        return str(_l("A care request in %(name)s. Log in to read it.",
                      name=post.neighbourhood.name))
    return summary(post.body) or post.display_title


@dataclass(frozen=True)
class ShareLink:
    key: str
    label: str
    href: str


def _query(**values) -> str:
    return urlencode(values, quote_via=quote)


def share_links(url: str, title: str) -> list[ShareLink]:
    """Plain links to share a page: they open the app or site, no script of theirs loads."""
    text = f"{title} {url}"
    return [
        ShareLink("whatsapp", str(_l("Share on WhatsApp")),
                  "https://wa.me/?" + _query(text=text)),
        ShareLink("facebook", str(_l("Share on Facebook")),
                  "https://www.facebook.com/sharer/sharer.php?" + _query(u=url)),
        ShareLink("x", str(_l("Share on X")),
                  "https://x.com/intent/post?" + _query(text=title, url=url)),
        ShareLink("email", str(_l("Send by e-mail")),
                  "mailto:?" + _query(subject=title, body=url)),
    ]


# --- share on our channels ------------------------------------------------------------------

def can_mark(managed_ids, post: Post) -> bool:
    """Managers (managed_ids: the neighbourhoods they manage; None for an admin) may mark a
    published post of their neighbourhood; never a care request, which stays inside."""
    return (post.is_published and not post.for_residents_only
            and (managed_ids is None or post.neighbourhood_id in managed_ids))


def mark(post: Post, managed_ids) -> None:
    """Put a public post on the list to share on the neighbourhood's own channels."""
    if managed_ids is not None and post.neighbourhood_id not in managed_ids:
        raise PermissionError
    if not post.is_published:
        raise SharingError(_l("Only posts that are online can be shared."))
    if post.for_residents_only:
        raise SharingError(_l("A care request is only for neighbours who are logged in. "
                              "It is not shared on other channels."))
    if post.share_marked_at is None:
        post.share_marked_at = clock.now()
    db.session.flush()


def unmark(post: Post, managed_ids) -> None:
    """Take a post off the list to share."""
    if managed_ids is not None and post.neighbourhood_id not in managed_ids:
        raise PermissionError
    post.share_marked_at = None
    db.session.flush()


def marked(managed_ids, *, size: int, older: str | None = None,
           newer: str | None = None) -> pagination.Page:
    """Published posts marked to share in these neighbourhoods (None: all), newest mark
    first."""
    stmt = (select(Post).where(Post.share_marked_at.is_not(None),
                               Post.state == PostState.PUBLISHED)
            .options(joinedload(Post.neighbourhood)))
    if managed_ids is not None:
        stmt = stmt.where(Post.neighbourhood_id.in_(managed_ids))
    return pagination.keyset(stmt, Post.share_marked_at, Post.id, size=size, older=older,
                             newer=newer)


def paste_text(title: str, body: str | None, url: str, when: str | None = None) -> str:
    """A ready-to-paste message: the title, when it is (for an event), a short text and the
    link. It never names the author."""
    parts = [title.strip()]
    if when:
        parts.append(when)
    short = summary(body, PASTE_LENGTH)
    if short:
        parts.append(short)
    parts.append(url)
    return "\n\n".join(parts)
