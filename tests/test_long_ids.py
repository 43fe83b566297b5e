"""An id too large for any table answers 404 (or a message on the form), never a 500.

On SQLite a number past 64 bits made the driver fail (OverflowError) and on PostgreSQL
one past 32 bits ("integer out of range"), so `/requests/99999999999999999999999` was a
server error on every page with an id.
"""
import base64
import json
import re

import pytest
from werkzeug.routing import IntegerConverter

from buurt.core import pagination
from buurt.core.extensions import db
from buurt.core.ids import MAX_ID, parse_id
from buurt.ops import demo
from buurt.ops.demo import people
from buurt.people.models import Role, User
from tests.fixtures.crawl import crawl

HUGE = "99999999999999999999999"
IN_PATH = re.compile(r"<(?:int(?:\([^)]*\))?:)?([a-z_]+)>")
SKIPPED_ENDPOINTS = {"static", "auth.logout"}


def _routes_with_ids(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        ints = [name for name, conv in rule._converters.items()
                if isinstance(conv, IntegerConverter)]
        if ints:
            yield rule, ints


def _path(rule, ints, number):
    return IN_PATH.sub(lambda m: str(number) if m.group(1) in ints else "x", rule.rule)


def _methods(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


@pytest.fixture
def admin(make_user, login, centrum):
    user = make_user("Ada", role=Role.ADMIN)
    login(user)
    return user


def test_parse_id_takes_only_ids_a_table_can_hold():
    assert [parse_id(v) for v in ("1", " 42 ", 42, str(MAX_ID))] == [1, 42, 42, MAX_ID]
    assert [parse_id(v) for v in (str(MAX_ID + 1), HUGE, int(HUGE), "0", 0, "-3", "4.5",
                                  "abc", "", None, True, "٣")] == [None] * 12


@pytest.mark.parametrize("who", ["visitor", "admin"])
def test_every_route_with_an_id_answers_404_for_one_out_of_range(app, client, who, request):
    if who == "admin":
        request.getfixturevalue("admin")
    routes = list(_routes_with_ids(app))
    assert len(routes) > 60, "the url map has its routes with ids"
    answers = {}
    for rule, ints in routes:
        for number in (HUGE, MAX_ID + 1):
            for method in _methods(rule):
                path = _path(rule, ints, number)
                answers[f"{method} {path}"] = client.open(path, method=method).status_code
    assert answers and set(answers.values()) == {404}, {
        k: v for k, v in answers.items() if v != 404}


def test_the_largest_id_in_range_is_looked_up_and_not_found(app, client, admin):
    """MAX_ID itself reaches the view, whose lookup finds nothing: no 5xx anywhere."""
    answers = {}
    for rule, ints in _routes_with_ids(app):
        for method in _methods(rule):
            path = _path(rule, ints, MAX_ID)
            answers[f"{method} {path}"] = client.open(path, method=method).status_code
    errors = {k: v for k, v in answers.items() if v >= 500}
    assert not errors, errors
    # Most of them do get to the lookup (a few refuse the admin before, with 403).
    assert list(answers.values()).count(404) > len(answers) // 2


def _cursors():
    """Malformed cursors with ids out of range, as every kind of list reads them."""
    old_style = f"20260101000000000000-{HUGE}"
    keys = [["a", int(HUGE)], ["2026-01-01T00:00:00", int(HUGE)], [int(HUGE), int(HUGE)],
            [int(HUGE)], [0, MAX_ID + 1]]
    encoded = [base64.urlsafe_b64encode(json.dumps(k).encode()).decode().rstrip("=")
               for k in keys]
    return [old_style, *encoded]


def test_cursors_with_ids_out_of_range_mean_the_first_page():
    for cursor in _cursors():
        assert pagination.decode(cursor) is None
    assert pagination.decode(f"20260101000000000000-{MAX_ID}") is not None


def test_every_list_takes_out_of_range_ids_in_its_query(app, client, admin):
    lists = [rule.rule for rule in app.url_map.iter_rules()
             if not rule.arguments and "GET" in rule.methods
             and rule.endpoint not in SKIPPED_ENDPOINTS]
    assert len(lists) > 40
    answers = {}
    for path in lists:
        for cursor in _cursors():
            query = {name: cursor for name in ("older", "newer", "after", "before")}
            query |= {"page": HUGE, "event": HUGE, "neighbourhood": HUGE, "from": HUGE}
            answers[f"{path} {cursor[:12]}"] = client.get(path, query_string=query).status_code
    errors = {k: v for k, v in answers.items() if v >= 500}
    assert not errors, errors
    assert list(answers.values()).count(200) > len(answers) // 2


# Field names that carry an id (or a number a table keeps) in the site's forms.
ID_LIKE = re.compile(r"(^|[-_])(id|ids|option|idea|place|organiser|event|initiatives|"
                     r"position|points|topic|neighbourhood)([-_]|$)")


@pytest.fixture
def demo_site(app):
    assert demo.load()
    db.session.commit()


@pytest.mark.parametrize("account", ["beheer", "admin", "ambassadeur", "anneke"])
def test_every_id_like_form_field_takes_an_out_of_range_id(demo_site, client, account):
    user = db.session.scalar(db.select(User).filter_by(email=people.email_for(account)))
    assert client.post("/login", data={"email": user.email,
                                       "password": people.DEMO_PASSWORD}).status_code == 302
    forms = []
    crawl(client, forms=forms)
    sent = {}
    for form in forms:
        if form.action.startswith(("/logout", "/language")):
            continue
        names = [name for name in form.fields if ID_LIKE.search(name)]
        if not names:
            continue
        data = {k: v for k, v in form.fields.items() if v is not None}
        data |= {name: HUGE for name in names}
        sent[f"{form.action} {names}"] = client.post(form.action, data=data).status_code
    errors = {k: v for k, v in sent.items() if v >= 500}
    assert not errors, errors
    assert len(sent) >= 3, sent   # the crawl found forms with such fields


def test_the_address_pattern_takes_exactly_the_ids_in_range():
    from buurt.core.ids import IdConverter, _up_to
    pattern = re.compile(IdConverter.regex + r"\Z")
    for number in [*range(0, 1200), *range(MAX_ID - 1000, MAX_ID + 1000), int(HUGE)]:
        assert bool(pattern.match(str(number))) == (number <= MAX_ID), number
    small = re.compile(_up_to(205) + r"\Z")
    assert [n for n in range(1000) if small.match(str(n))] == list(range(206))
