"""GET /search: parse the query and filters, ask the search service, show the posts."""
from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from buurt import search
from buurt.services import neighbourhoods, permissions, posts, topics

bp = Blueprint("search", __name__)

KINDS = ("request", "offer")
MAX_QUERY = 200


@bp.route("/search")
def results():
    q = request.args.get("q", "").strip()[:MAX_QUERY]
    kind = request.args.get("kind") if request.args.get("kind") in KINDS else None
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
        try:
            found = search.search(
                q, kind=kind, topic=topic.slug if topic else None,
                neighbourhood_id=neighbourhood.id if neighbourhood else None,
                prefer_neighbourhood_id=None if neighbourhood else own,
                page=page, per_page=current_app.config["PAGE_SIZE"])
        except search.SearchUnavailable:
            current_app.logger.exception("search is unavailable")
            unavailable = True
        else:
            by_id = {post.id: post for post in posts.published_by_ids(found.ids)}
            items = [(by_id[hit.post_id], hit) for hit in found.hits if hit.post_id in by_id]

    args = {name: value for name, value in
            (("q", q), ("kind", kind), ("topic", topic.slug if topic else None),
             ("neighbourhood", neighbourhood.slug if neighbourhood else None)) if value}
    return render_template(
        "search/results.html", q=q, kind=kind, topic=topic, neighbourhood=neighbourhood,
        topics=all_topics, neighbourhoods=all_neighbourhoods, found=found, items=items,
        unavailable=unavailable, args=args, show_names=permissions.can_see_names(current_user)
    ), 503 if unavailable else 200
