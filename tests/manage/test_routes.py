"""The managers' pages: who may open them, the dashboard page, its period and its export."""
import csv
import io
import re

import pytest

from buurt.core.extensions import db
from buurt.market.models import Request
from buurt.people.models import Membership, Role
from tests.manage.conftest import add_post, ago, text

# Every route of the manage blueprint, with the URL to try (ids filled in by `urls`).
GET_PAGES = {
    "manage.dashboard": "/manage",
    "manage.export": "/manage/export.csv",
    "manage.share": "/manage/share",
    "manage.calendar": "/manage/calendar",
    "manage.paper": "/manage/paper",
    "manage.settings": "/manage/settings",
    "manage.admin_neighbourhoods": "/manage/admin/neighbourhoods",
    "manage.admin_neighbourhood": "/manage/admin/neighbourhoods/{neighbourhood}",
    "manage.admin_topics": "/manage/admin/topics",
    "manage.admin_topic": "/manage/admin/topics/{topic}",
    "manage.admin_roles": "/manage/admin/roles",
}
POST_ACTIONS = {
    "manage.share_mark": "/manage/share/{post}/mark",
    "manage.share_unmark": "/manage/share/{post}/unmark",
    "manage.settings": "/manage/settings",
    "manage.admin_neighbourhoods": "/manage/admin/neighbourhoods",
    "manage.admin_neighbourhood": "/manage/admin/neighbourhoods/{neighbourhood}",
    "manage.admin_topics": "/manage/admin/topics",
    "manage.admin_topic": "/manage/admin/topics/{topic}",
    "manage.admin_roles": "/manage/admin/roles",
    "manage.admin_dismiss": "/manage/admin/roles/{user}/{neighbourhood}/ambassador/dismiss",
}
ADMIN_ONLY = {"manage.admin_neighbourhoods", "manage.admin_neighbourhood",
              "manage.admin_topics", "manage.admin_topic", "manage.admin_roles",
              "manage.admin_dismiss"}


def test_every_route_of_the_blueprint_is_checked_here(app):
    routes = {rule.endpoint for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("manage.")}
    assert routes == set(GET_PAGES) | set(POST_ACTIONS)


@pytest.fixture
def people(person, manager_of, centrum, topics, make_post):
    resident = person("Ria")
    ambassador = person("Amina", role=Role.AMBASSADOR)
    db.session.add(Membership(user=ambassador, neighbourhood=centrum, role=Role.AMBASSADOR))
    # "manager" as a role without serving any neighbourhood is not enough.
    loose = person("Loes", role=Role.MANAGER)
    manager = manager_of(centrum)
    admin = person("Ada", role=Role.ADMIN)
    post = make_post("request", author=resident)
    ids = {"neighbourhood": centrum.id, "topic": topics["tuin"].id, "post": post.id,
           "user": ambassador.id}
    return {"resident": resident, "ambassador": ambassador, "loose": loose,
            "manager": manager, "admin": admin, "ids": ids}


def _expected(who, endpoint):
    if who == "visitor":
        return 302
    if who in ("resident", "ambassador", "loose"):
        return 403
    if who == "manager" and endpoint in ADMIN_ONLY:
        return 403
    return None   # allowed: 200 for a page, a redirect after an action


@pytest.mark.parametrize("who", ["visitor", "resident", "ambassador", "loose", "manager",
                                 "admin"])
@pytest.mark.parametrize("endpoint", sorted(GET_PAGES))
def test_who_may_open_each_page(client, login, people, who, endpoint):
    if who != "visitor":
        login(people[who])
    response = client.get(GET_PAGES[endpoint].format(**people["ids"]))
    expected = _expected(who, endpoint)
    assert response.status_code == (expected or 200)
    if who == "visitor":
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("who", ["visitor", "resident", "ambassador", "loose", "manager"])
@pytest.mark.parametrize("endpoint", sorted(POST_ACTIONS))
def test_who_may_act(client, login, people, who, endpoint):
    if who != "visitor":
        login(people[who])
    response = client.post(POST_ACTIONS[endpoint].format(**people["ids"]), data={})
    expected = _expected(who, endpoint)
    if expected is None:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == expected


def test_a_manager_of_another_neighbourhood_may_not_mark_a_post(client, login, people,
                                                                make_neighbourhood,
                                                                manager_of):
    oost_manager = manager_of(make_neighbourhood("oost", ["1091"]), name="Otto")
    login(oost_manager)
    response = client.post(f"/manage/share/{people['ids']['post']}/mark")
    assert response.status_code == 403
    assert client.post("/manage/share/999999/mark").status_code == 404


# --- the dashboard page -----------------------------------------------------------------------

def test_the_dashboard_shows_the_figures_of_the_managers_neighbourhood(client, login,
                                                                        dataset):
    login(dataset["mila"])
    page = text(client.get("/manage"))
    assert "<h1>Dashboard</h1>" in page
    # Requests without a response: Centrum's, oldest first; never Oost's.
    titles = re.findall(r'<h3><a href="/requests/\d+">([^<]+)</a>', page)
    assert titles == ["Rit naar het ziekenhuis", "Printer doet het niet",
                      "Hulp met mijn telefoon"]
    assert f'/requests/{dataset["oost_request"].id}"' not in page
    assert "50%" in page                     # first response within three days
    assert "Straatfeest" in page and "Amina" in page
    assert "Computer help" in page           # a topic nobody offers
    assert f'/moderation/{dataset["cases"]["c2"].id}"' in page
    # The health of each level: Centrum's row.
    row = re.search(r'<th scope="row">Centrum</th>(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r'class="health-state (\w+)"', row) == [
        "quiet", "quiet", "empty", "empty", "active"]


def test_the_chart_is_an_svg_with_a_title_a_description_and_a_table(client, login,
                                                                     dataset):
    login(dataset["mila"])
    page = text(client.get("/manage"))
    svg = re.search(r"<svg viewBox[^>]*>(.*?)</svg>", page, re.S)
    assert 'role="img"' in page and 'aria-labelledby="chart-title chart-desc"' in page
    assert '<title id="chart-title">New posts per sharing level</title>' in svg.group(1)
    assert "Requests and offers: 6." in svg.group(1)          # in the description
    assert svg.group(1).count("<polyline") == 5
    assert "<script" not in page
    table = re.search(r'<table class="figures">\s*<caption id="chart-table-caption">'
                      r'(.*?)</table>', page, re.S).group(1)
    assert table.count("<tr>") == 1 + 30 + 1          # head, one row a day, totals
    assert re.search(r"Total</th>(<td>\d+</td>){5}", table).group(0) == (
        "Total</th><td>4</td><td>1</td><td>0</td><td>0</td><td>6</td>")


def test_a_manager_of_two_neighbourhoods_chooses_one(client, login, dataset):
    mila = dataset["mila"]
    db.session.add(Membership(user=mila, neighbourhood=dataset["oost"], role=Role.MANAGER))
    db.session.commit()
    login(mila)
    both = text(client.get("/manage"))
    assert f'/requests/{dataset["oost_request"].id}"' in both
    only_oost = text(client.get("/manage?neighbourhood=oost"))
    assert f'/requests/{dataset["oost_request"].id}"' in only_oost
    assert f'/requests/{dataset["q4"].id}"' not in only_oost


def test_a_manager_cannot_choose_a_neighbourhood_they_do_not_serve(client, login, dataset):
    login(dataset["mila"])
    page = text(client.get("/manage?neighbourhood=oost"))
    assert "Choose from the list." in page
    # The dashboard falls back to her own neighbourhood, never Oost's.
    assert f'/requests/{dataset["oost_request"].id}"' not in page
    assert f'/requests/{dataset["q4"].id}"' in page


@pytest.mark.parametrize("query, message", [
    ("start=2026-11-10&end=2026-11-01", "The last day comes before the first day."),
    ("start=2026-11-10", "Fill in both dates, or neither."),
    ("start=10-11-2026&end=2026-11-12", "Write the date like this: 2026-03-12."),
    ("start=2026-11-01&end=2026-12-31", "Choose today or an earlier day."),
    ("start=2020-01-01&end=2026-11-01", "Choose at most three years."),
])
def test_a_wrong_period_gets_a_message_and_keeps_what_was_typed(client, login, dataset,
                                                                 query, message):
    login(dataset["mila"])
    response = client.get("/manage?" + query)
    assert response.status_code == 200
    page = text(response)
    assert message in page
    for value in re.findall(r"=([^&]+)", query):
        assert f'value="{value}"' in page
    assert "From October 22, 2026 to November 20, 2026" in page   # the default period


def test_a_chosen_period_changes_the_figures(client, login, dataset):
    login(dataset["mila"])
    page = text(client.get("/manage?start=2026-11-15&end=2026-11-20"))
    assert "From November 15, 2026 to November 20, 2026" in page
    assert re.search(r"New residents</dt><dd>(\d+)</dd>", page).group(1) == "2"
    year = text(client.get("/manage?days=365"))
    assert "per month" in year


# --- the export -------------------------------------------------------------------------------

def _rows(response):
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_the_export_has_the_figures_and_nothing_private(client, login, dataset):
    add_post(Request, author=dataset["bert"], created=ago(2),
             title='=HYPERLINK("http://example.org","klik")')
    db.session.commit()
    login(dataset["mila"])
    response = client.get("/manage/export.csv?days=30")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="buurt-dashboard-centrum-2026-10-22-2026-11-20.csv"')
    rows = _rows(response)
    figures = {(section, item): value for section, item, value in rows}
    # The figures are in it (the positive control) ...
    assert figures[("New residents", "Total")] == "4"
    assert figures[("New posts per sharing level", "Requests and offers")] == "7"
    assert figures[("Requests", "Share with a first response within three days (%)")] \
        == "50"
    assert figures[("Requests", "Median time to a first response (hours)")] == "24.0"
    assert figures[("Matches made", "Responses accepted")] == "3"
    assert figures[("Moderation queue", "Items waiting")] == "2"
    assert figures[("Topics with unmet demand", "Computer help (Centrum)")] == "2"
    assert figures[("Health of the sharing levels", "Centrum · Requests and offers")] \
        .startswith("active")
    unanswered = [item for section, item, _ in rows
                  if section == "Requests without any response"]
    assert "Printer doet het niet (Computer help, Centrum)" in unanswered
    # ... a title that a spreadsheet would run is quoted ...
    assert any(item.startswith("'=HYPERLINK(") for item in unanswered)
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    # ... and no e-mail address, message or author of a request.
    body = response.get_data(as_text=True)
    assert "@example.com" not in body and "@" not in body
    assert "Geheim" not in body and "sleutel" not in body
    assert "Bert" not in body and "Hanna" not in body
    assert "Oost" not in body


def test_the_export_follows_the_chosen_neighbourhood_and_period(client, login, person,
                                                                dataset):
    login(person("Ada", role=Role.ADMIN))
    response = client.get("/manage/export.csv?neighbourhood=oost&start=2026-11-01"
                          "&end=2026-11-20")
    assert 'filename="buurt-dashboard-oost-2026-11-01-2026-11-20.csv"' in \
        response.headers["Content-Disposition"]
    figures = {(s, i): v for s, i, v in _rows(response)}
    assert figures[("Matches made", "Responses accepted")] == "1"
    assert figures[("Neighbourhood", "oost")] == "Oost"
    assert ("Neighbourhood", "centrum") not in figures


def test_the_dashboard_points_to_the_initiatives_that_wait_in_the_managers_neighbourhoods(
        client, login, dataset):
    from buurt.info.models import Initiative, InitiativeState
    db.session.add(Initiative(neighbourhood=dataset["oost"], name="Oost Kookt",
                              state=InitiativeState.PROPOSED, created_at=ago(1)))
    db.session.commit()
    mila = dataset["mila"]
    login(mila)
    page = text(client.get("/manage"))
    # Centrum's one proposal (Boekenruil), not Oost's, with the way to it.
    assert "1 initiative waits for your approval." in page
    assert '<a href="/initiatives#waiting-title">To the initiatives that wait</a>' in page
    assert "Boekenruil" in text(client.get("/initiatives"))
    db.session.add(Membership(user=mila, neighbourhood=dataset["oost"], role=Role.MANAGER))
    db.session.commit()
    assert "2 initiatives wait for your approval." in text(client.get("/manage"))
    page = text(client.get("/manage?neighbourhood=oost"))
    assert "1 initiative waits for your approval." in page
    db.session.execute(db.update(Initiative).values(state=InitiativeState.APPROVED))
    db.session.commit()
    page = text(client.get("/manage"))
    assert "No initiative waits for approval." in page and "To the initiatives" not in page
