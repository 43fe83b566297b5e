"""Pages run a small, fixed number of SQL statements, whatever the amount of data."""
from datetime import timedelta

import pytest

PAGES = ["/", "/requests", "/offers", "/welcome", "/requests?topic=tuin",
         "/offers?topic=vervoer", "/requests/{request}", "/offers/{offer}"]
BUDGET = 8


def _statements(client, count_queries, url):
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("as_resident", [False, True], ids=["visitor", "resident"])
def test_statements_per_page_do_not_grow_with_the_data(client, make_user, make_post, login,
                                                       count_queries, make_neighbourhood,
                                                       as_resident):
    if as_resident:
        login(make_user(offer=["tuin", "klussen"], seek=["vervoer", "koken"]))
    first = {"request": make_post("request", topic="tuin"),
             "offer": make_post("offer", topic="vervoer")}
    pages = [p.format(request=first["request"].id, offer=first["offer"].id) for p in PAGES]
    if not as_resident:
        pages.remove("/welcome")
    few = {url: _statements(client, count_queries, url) for url in pages}

    oost = make_neighbourhood("oost", ["1091"])
    authors = [make_user(), make_user(), make_user(neighbourhood=oost)]
    for i in range(45):
        make_post("request", topic=["tuin", "klussen", "zorg"][i % 3], author=authors[i % 3],
                  age=timedelta(minutes=i))
        make_post("offer", topic=["vervoer", "koken"][i % 2], author=authors[i % 3],
                  age=timedelta(minutes=i))
    many = {url: _statements(client, count_queries, url) for url in pages}
    # Matching skips its look in other neighbourhoods once the own one fills the page, so a
    # count may drop with more data; it never grows.
    assert all(many[url] <= few[url] for url in pages), (few, many)
    assert max(few.values()) <= BUDGET, few


def test_marketplace_pages_stay_within_budget_as_activity_grows(client, make_user, make_post,
                                                                 login, count_queries):
    from buurt.extensions import db
    from buurt.services import care, responses
    me = make_user("Ria", offer=["tuin"], seek=["zorg"])
    mine = make_post("request", author=me, topic="zorg", need="care", title="Zorg voor moeder")
    task = care.add_task(mine, title="Boodschappen", weekday=1)
    db.session.commit()

    def grow(n):
        for _ in range(n):
            neighbour = make_user()
            responses.respond(mine, neighbour, "Ik help graag")
            responses.respond(make_post("request", topic="tuin"), me, "Ik kom zaterdag")
            care.sign_up(task, neighbour)
            db.session.commit()

    grow(1)
    from buurt.models import Conversation
    conversation_id = db.session.scalar(db.select(Conversation.id))
    login(me)
    pages = ["/mine", "/messages", "/notifications", f"/conversations/{conversation_id}",
             f"/requests/{mine.id}", f"/requests/{mine.id}/schedule",
             "/notifications/settings", "/profile"]
    few = {url: _statements(client, count_queries, url) for url in pages}
    grow(12)
    many = {url: _statements(client, count_queries, url) for url in pages}
    assert many == few, (few, many)
    # Within the budget even with the write that records what was read.
    assert max(few.values()) <= BUDGET, few
