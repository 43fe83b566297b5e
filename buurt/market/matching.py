"""Match residents with requests and offers by topic, own neighbourhood first."""
from sqlalchemy import union_all

from buurt.core.extensions import db
from buurt.people.models import Direction, User
from buurt.posts.models import Post, PostState
from buurt.posts.services import with_display_data


def _branches(user: User) -> list[tuple[str, int]]:
    """Pairs of (kind of post, topic) that answer what the resident offers or seeks."""
    pairs = []
    for link in user.topic_links:
        # A resident who offers a topic can answer requests in it; one who seeks it, offers.
        kind = "request" if link.direction == Direction.OFFER else "offer"
        pairs.append((kind, link.topic_id))
    return sorted(set(pairs))


def _matching_ids(user: User, pairs, *, own_neighbourhood: bool, limit: int) -> list[int]:
    # One indexed, limited branch per (kind, topic), merged in a single statement, so the
    # cost follows the page size and the number of topics, never the number of posts.
    if own_neighbourhood:
        where_neighbourhood = Post.neighbourhood_id == user.neighbourhood_id
    else:
        where_neighbourhood = Post.neighbourhood_id != user.neighbourhood_id
    branches = []
    for kind, topic_id in pairs:
        branch = (db.select(Post.id.label("id"), Post.created_at.label("created_at"))
                  .where(Post.kind == kind, Post.state == PostState.PUBLISHED,
                         Post.topic_id == topic_id, where_neighbourhood,
                         Post.author_id != user.id)
                  .order_by(Post.created_at.desc(), Post.id.desc())
                  .limit(limit)
                  .subquery())
        branches.append(db.select(branch.c.id, branch.c.created_at))
    merged = union_all(*branches).subquery()
    return list(db.session.scalars(
        db.select(merged.c.id)
        .order_by(merged.c.created_at.desc(), merged.c.id.desc()).limit(limit)))


def match_ids(user: User, limit: int = 20) -> list[int]:
    """The ids of matches_for(user), in its order, without loading the posts (so a page
    can load them together with other posts)."""
    pairs = _branches(user)
    if not pairs:
        return []
    ids = _matching_ids(user, pairs, own_neighbourhood=True, limit=limit)
    if len(ids) < limit:
        ids += _matching_ids(user, pairs, own_neighbourhood=False, limit=limit - len(ids))
    return ids


def matches_for(user: User, limit: int = 20) -> list[Post]:
    """Published requests in topics the resident offers, and offers in topics they seek.

    The resident's own neighbourhood comes first, then the others; newest first within
    each; never the resident's own posts.
    """
    ids = match_ids(user, limit=limit)
    if not ids:
        return []
    posts = {p.id: p for p in db.session.scalars(
        with_display_data(db.select(Post).where(Post.id.in_(ids))))}
    return [posts[i] for i in ids if i in posts]
