"""Pages of lending, ideas and deciding together in states the crawl does not reach: a
closed budget round with its published result, and a paused item seen by its owner."""
from datetime import timedelta

from buurt.core import clock
from buurt.core.extensions import db
from buurt.decide import services as decisions
from buurt.ideas import services as ideas
from buurt.lend import items
from buurt.people.models import Membership, Role
from tests.e2e.test_pages import check_page


def test_a_published_result_and_a_paused_item_are_accessible(app, live_server, new_context,
                                                             log_in, axe_problems, make_user,
                                                             topics):
    manager = make_user("Mila", email="mila@example.com", role=Role.MANAGER, language="en")
    db.session.add(Membership(user=manager, neighbourhood=manager.neighbourhood,
                              role=Role.MANAGER))
    owner = make_user("Ria", email="ria@example.com", language="en")
    idea = ideas.create_idea(owner, title="A bench by the playground",
                             body="A bench by the speeltuin, so parents can sit.",
                             topic=topics["tuin"], estimated_cost=1200)
    round_ = decisions.open_round(
        manager, manager.neighbourhood, question="What do we do first?", method="approval",
        budget=1500, closes_at=clock.now() + timedelta(hours=1),
        options=[decisions.OptionInput(idea=idea),
                 decisions.OptionInput(title="More trees", cost=600),
                 decisions.OptionInput(title="A water tap", cost=400)])
    for ticked in ([0, 1], [0], [1, 2], [2]):
        decisions.vote(round_, make_user(), {round_.options[k].id: 1 for k in ticked})
    # Closed an hour ago: the result is published.
    round_.opens_at -= timedelta(days=7)
    round_.closes_at = clock.now() - timedelta(hours=1)
    item = items.create_item(owner, title="Drill with bits", topic=topics["klussen"],
                             body="A strong drill for concrete walls.", condition="good")
    items.pause(item)
    db.session.commit()

    context = new_context(locale="nl-NL")
    page = context.new_page()
    url = live_server.url_for("decide.round_detail", round_id=round_.id)
    assert check_page(page, url, axe_problems) == []
    assert page.locator("table.results tbody tr").count() == 3
    log_in(context, owner)
    for endpoint, kwargs in (("lend.item_detail", {"post_id": item.id}), ("lend.mine", {}),
                             ("ideas.idea_list", {"sort": "status"})):
        assert check_page(page, live_server.url_for(endpoint, **kwargs), axe_problems) == []
    page.goto(live_server.url_for("lend.item_detail", post_id=item.id))
    assert page.locator("form[action$='/resume']").count() == 1
