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
