"""GET /search: parse the query and filters, ask the search service, show what it found."""
from flask import Blueprint, current_app, render_template, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from buurt.core import search
from buurt.core.extensions import db
from buurt.core.search import sources
from buurt.info.models import Initiative, Place
from buurt.people import access as permissions, neighbourhoods, topics
from buurt.people.models import User, UserTopic
from buurt.posts import services as posts

bp = Blueprint("search", __name__, template_folder="templates")

MAX_QUERY = 200


def _loaded(found, for_visitor: bool) -> dict:
    """The objects behind the hits, by key: one statement per kind of object found."""
    wanted = {}
    for entity, entity_id in found.keys:
        wanted.setdefault(entity, []).append(entity_id)
    # The index keeps care requests from visitors; an index from before that rule (until
    # `buurt reindex`) must not show them either.
    loaded = {("post", post.id): post for post in posts.published_by_ids(wanted.get("post", []))
              if not (for_visitor and post.for_residents_only)}
    loaders = {
        "place": lambda ids: select(Place).where(Place.id.in_(ids)),
        "initiative": lambda ids: select(Initiative).where(Initiative.id.in_(ids))
        .options(selectinload(Initiative.topics)),
        "person": lambda ids: select(User).where(User.id.in_(ids))
        .options(selectinload(User.topic_links).joinedload(UserTopic.topic)),
    }
    for entity, make in loaders.items():
        if wanted.get(entity):
            findable = sources.SOURCES[entity].findable   # it may have changed since
            loaded.update(((entity, obj.id), obj)
                          for obj in db.session.scalars(make(wanted[entity])) if findable(obj))
    return loaded


@bp.route("/search")
def results():
    q = request.args.get("q", "").strip()[:MAX_QUERY]
    kind = request.args.get("kind") if request.args.get("kind") in search.kinds() else None
    all_topics = topics.all_topics()
    topic = next((t for t in all_topics if t.slug == request.args.get("topic")), None)
    all_neighbourhoods = neighbourhoods.all_neighbourhoods()
    neighbourhood = next((n for n in all_neighbourhoods
                          if n.slug == request.args.get("neighbourhood")), None)
    page = request.args.get("page", 1, type=int) or 1
    page = max(1, min(page, 1000))

    found, items, unavailable = None, [], False
    if q:
        own = current_user.neighbourhood_id if current_user.is_authenticated else None
        # Residents also find the neighbours in the people directory; visitors do not.
        audience = ((search.PUBLIC, search.RESIDENTS) if current_user.is_authenticated
                    else (search.PUBLIC,))
        try:
            found = search.search(
                q, kind=kind, topic=topic.slug if topic else None,
                neighbourhood_id=neighbourhood.id if neighbourhood else None,
                prefer_neighbourhood_id=None if neighbourhood else own, audience=audience,
                page=page, per_page=current_app.config["PAGE_SIZE"])
        except search.SearchUnavailable:
            current_app.logger.exception("search is unavailable")
            unavailable = True
        else:
            loaded = _loaded(found, for_visitor=not current_user.is_authenticated)
            items = [(loaded[hit.key], hit) for hit in found.hits if hit.key in loaded]

    args = {name: value for name, value in
            (("q", q), ("kind", kind), ("topic", topic.slug if topic else None),
             ("neighbourhood", neighbourhood.slug if neighbourhood else None)) if value}
    return render_template(
        "search/results.html", q=q, kind=kind, topic=topic, neighbourhood=neighbourhood,
        topics=all_topics, neighbourhoods=all_neighbourhoods, found=found, items=items,
        unavailable=unavailable, args=args, show_names=permissions.can_see_names(current_user)
    ), 503 if unavailable else 200
