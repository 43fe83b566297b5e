"""Items to lend as posts: posting one with its condition and rules, the screening,
changing it, pausing it, withdrawing it."""
from datetime import date

import pytest

from buurt.core.extensions import db
from buurt.lend import items, loans
from buurt.lend.models import Item, LoanState
from buurt.posts.models import PostState
from tests.lend.conftest import text

FORM = {"title": "Party tent 3x6", "body": "A white partytent for a garden party.",
        "topic": "klussen", "condition": "used", "deposit": "25",
        "pickup_times": "Saturday mornings"}


def only_item() -> Item | None:
    return db.session.scalar(db.select(Item))


def test_a_resident_lends_something_with_its_rules(client, login, owner):
    login(owner)
    response = client.post("/lend/new", data=FORM)
    item = only_item()
    assert response.status_code == 302 and response.location.endswith(f"/lend/{item.id}")
    assert (item.kind, item.state, item.condition, item.deposit) == (
        "item", PostState.PUBLISHED, "used", 25)
    page = text(client.get(response.location))
    assert "Thank you! Neighbours can ask to borrow it now." in page
    assert "Used, works well" in page and "€\u00a025" in page and "Saturday mornings" in page
    assert "Free today." in page and "This is yours" in page
    client.post("/logout")
    page = text(client.get("/lend"))
    assert "Party tent 3x6" in page and "Free today" in page and "Olga" not in page
    assert "Log in to ask if you can borrow it." in text(client.get(f"/lend/{item.id}"))


@pytest.mark.parametrize("change, message", [
    ({"deposit": "twenty"}, "Write a whole number, for example 10."),
    ({"deposit": "20000"}, "Use a number from 0 to 10000, or leave it empty."),
    ({"condition": ""}, "Choose one."),
    ({"condition": "broken"}, "Choose from the list."),
    ({"topic": ""}, "Choose a topic."),
    ({"body": ""}, "Tell your neighbours a little more."),
])
def test_wrong_input_gets_a_message_and_keeps_what_was_typed(client, login, owner, change,
                                                             message):
    login(owner)
    response = client.post("/lend/new", data={**FORM, **change})
    page = text(response)
    assert response.status_code == 200 and message in page
    assert 'value="Party tent 3x6"' in page
    assert only_item() is None


def test_offensive_words_in_the_rules_are_screened_too(client, login, owner):
    login(owner)
    data = {**FORM, "pickup_times": "Niet bellen, kankerlijer", "confirmed": "1"}
    client.post("/lend/new", data=data)
    item = only_item()
    assert item.state == PostState.PENDING
    client.post("/logout")
    assert client.get(f"/lend/{item.id}").status_code == 404
    assert "Party tent" not in text(client.get("/lend"))


def test_only_the_owner_changes_an_item(client, login, owner, make_user, item):
    login(make_user("Bart"))
    assert client.get(f"/lend/{item.id}/edit").status_code == 403
    assert client.post(f"/lend/{item.id}/pause").status_code == 403
    client.post("/logout")
    login(owner)
    response = client.post(f"/lend/{item.id}/edit", data={**FORM, "deposit": ""})
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.title == "Party tent 3x6" and item.deposit is None
    assert "No deposit" in text(client.get(f"/lend/{item.id}"))
    assert client.get("/lend/999").status_code == 404


def test_a_paused_item_leaves_the_list_and_cannot_be_asked_for(client, login, owner,
                                                               make_user, item):
    login(owner)
    response = client.post(f"/lend/{item.id}/pause", follow_redirects=True)
    assert "Your item is paused." in text(response)
    client.post("/logout")
    assert "Drill with a set of bits" not in text(client.get("/lend"))
    bart = make_user("Bart")
    login(bart)
    assert client.get(f"/lend/{item.id}").status_code == 404
    response = client.post(f"/lend/{item.id}/borrow", data={"from": "2027-03-02",
                                                            "to": "2027-03-03"})
    assert response.status_code == 404
    with pytest.raises(loans.LoanError):
        loans.request_loan(item, bart, starts_on=date(2027, 3, 2), ends_on=date(2027, 3, 3))
    client.post("/logout")
    login(owner)
    client.post(f"/lend/{item.id}/resume")
    client.post("/logout")
    assert "Drill with a set of bits" in text(client.get("/lend"))


def test_a_borrower_still_sees_a_paused_item_they_asked_for(client, login, owner, make_user,
                                                            item, ask):
    bart = make_user("Bart")
    ask(bart, date(2027, 3, 2), date(2027, 3, 3))
    items.pause(item)
    db.session.commit()
    login(bart)
    page = text(client.get(f"/lend/{item.id}"))
    assert "The owner has paused this item for now." in page and "Your requests" in page
    response = client.post(f"/lend/{item.id}/borrow", data={"from": "2027-03-10",
                                                            "to": "2027-03-11"})
    assert "The owner has paused this item for now. Try again later." in text(response)


def test_withdrawing_waits_for_the_return_and_declines_open_requests(client, login, owner,
                                                                     make_user, item, ask):
    out = ask(make_user("Bart"), date(2027, 3, 1), date(2027, 3, 2))
    waiting = ask(make_user("Kim"), date(2027, 3, 10), date(2027, 3, 11))
    loans.agree(out, owner)
    db.session.commit()
    login(owner)
    response = client.post(f"/lend/{item.id}/withdraw", follow_redirects=True)
    assert "This item is lent out or promised." in text(response)
    client.post(f"/loans/{out.id}/return")
    response = client.post(f"/lend/{item.id}/withdraw", follow_redirects=True)
    assert "Your item is withdrawn." in text(response)
    db.session.refresh(waiting)
    db.session.refresh(item)
    assert item.is_closed and waiting.state == LoanState.DECLINED
