"""The kinds of post, one entry each: the code that treats every kind alike reads them here
instead of keeping its own list.

A new kind of post is an entry in KINDS plus its area: a Post subclass with that
polymorphic_identity in the area's models module (listed in buurt.models), and the area's
blueprint with the detail page named here. The model is found through Post's mapper, so
this module imports no area. Core code does not import it either: buurt.posts.search
registers the searchable kinds with buurt.core.search.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from buurt.posts.models import Post


@dataclass(frozen=True)
class Kind:
    name: str              # Post.kind, the subclass's polymorphic_identity
    area: str              # the blueprint of its pages
    detail_endpoint: str   # its canonical page, which takes post_id
    label: str             # the kind in a sentence: "help request" (moderation log)
    search_words: str      # words it is also found by, in both languages
    dashboard_level: str   # the sharing level of the managers' dashboard it counts for
    searchable: bool = True    # search finds it and offers it as a filter

    @property
    def model(self) -> type[Post]:
        return Post.__mapper__.polymorphic_map[self.name].class_


KINDS = (
    Kind("request", "market", "market.request_detail", _l("help request"),
         "hulpvraag vraag request", "marketplace"),
    Kind("offer", "market", "market.offer_detail", _l("offer"),
         "aanbod offer", "marketplace"),
    Kind("event", "info", "info.event_detail", _l("event"),
         "activiteit evenement event", "information"),
    Kind("item", "lend", "lend.item_detail", _l("thing to lend"),
         "lenen uitlenen spullen lend item", "resources"),
    Kind("idea", "ideas", "ideas.idea_detail", _l("idea"),
         "idee ideeën idea", "ideas"),
    Kind("announcement", "announcements", "announcements.detail", _l("announcement"),
         "nieuws mededeling news announcement", "information"),
    Kind("story", "stories", "stories.detail", _l("story"),
         "verhaal verhalen story", "information"),
)
BY_NAME = {kind.name: kind for kind in KINDS}


def get(name: str) -> Kind:
    """The kind of this name; KeyError for one that does not exist."""
    return BY_NAME[name]


def model(name: str) -> type[Post]:
    return BY_NAME[name].model


def check() -> None:
    """Fail at start-up when a mapped kind of post has no entry here, or an entry no model."""
    mapped = set(Post.__mapper__.polymorphic_map)
    if mapped != set(BY_NAME):
        raise RuntimeError(f"buurt.posts.kinds and the Post models differ: "
                           f"{sorted(mapped ^ set(BY_NAME))}")


def search_words() -> dict[str, str]:
    """The searchable kinds and the words each is also found by."""
    return {kind.name: kind.search_words for kind in KINDS if kind.searchable}
