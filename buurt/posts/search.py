"""Published posts in search: each kind also found by its words (buurt.posts.kinds)."""
from sqlalchemy.orm import joinedload

from buurt.core.search import sources
from buurt.posts import kinds
from buurt.posts.models import Post, PostState

CARE_WORDS = "zorgvraag zorg care"
THANKS_WORDS = "bedankt bedankje dank thanks thank you"
SEARCHABLE = frozenset(kinds.search_words())


def post_document(post: Post) -> dict:
    topics = [post.topic] if post.topic is not None else []
    extra = [sources.KIND_WORDS.get(post.kind, post.kind)] + sources.topic_words(topics)
    if getattr(post, "need", None) == "care":
        extra.append(CARE_WORDS)
    if getattr(post, "thank_you_id", None) is not None:
        extra.append(THANKS_WORDS)   # its title has no "Thank you:" in it (display_title)
    # A care request is for residents only: a visitor's search never finds it, whatever
    # the neighbourhood shows in its lists, as a hit would tell which words are in it.
    audience = sources.RESIDENTS if post.for_residents_only else sources.PUBLIC
    return sources.doc("post", post, kind=post.kind, topics=topics, audience=audience,
                       created=post.created_at, title=post.title, body=post.body, extra=extra)


sources.register(
    sources.Source("post", Post, (joinedload(Post.topic),),
                   lambda post: post.is_published and post.kind in SEARCHABLE,
                   post_document, (Post.state == PostState.PUBLISHED,)),
    kinds.search_words())
