"""Borrowing: asking for dates, the owner's yes or no, never two loans of one item on the
same day (also when two are agreed at the same moment), cancelling, the return, and who
sees the loan history."""
import threading
from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy.exc import IntegrityError

from buurt.core.extensions import db
from buurt.lend import loans as lend_loans
from buurt.lend.models import Loan, LoanDay, LoanState
from buurt.notifications.models import Notification
from tests.lend.conftest import TODAY, text


def loans() -> list[Loan]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Loan).order_by(Loan.id)))


def days_held(item) -> list[date]:
    return list(db.session.scalars(db.select(LoanDay.day).filter_by(item_id=item.id)
                                   .order_by(LoanDay.day)))


def kinds(user) -> list[str]:
    return list(db.session.scalars(db.select(Notification.kind).filter_by(user_id=user.id)
                                   .order_by(Notification.id)))


def test_a_neighbour_asks_and_the_owner_agrees(client, login, owner, make_user, item):
    bart = make_user("Bart")
    login(bart)
    response = client.post(f"/lend/{item.id}/borrow", data={
        "from": "2027-03-03", "to": "2027-03-05", "message": "For the new shelves."})
    assert response.status_code == 302
    [loan] = loans()
    assert (loan.starts_on, loan.ends_on, loan.state) == (date(2027, 3, 3), date(2027, 3, 5),
                                                          LoanState.REQUESTED)
    page = text(client.get(f"/lend/{item.id}"))
    assert "Your request is sent." in page and "Asked, waiting for an answer" in page
    assert kinds(owner) == ["loan_requested"]
    client.post("/logout")
    login(owner)
    page = text(client.get(f"/lend/{item.id}"))
    assert "Bart" in page and "For the new shelves." in page
    assert "March 3, 2027 to March 5, 2027" in page
    response = client.post(f"/loans/{loan.id}/agree", follow_redirects=True)
    page = text(response)
    assert "You said yes." in page
    assert "Promised on these days:" in page and "Free today." in page
    assert days_held(item) == [date(2027, 3, 3), date(2027, 3, 4), date(2027, 3, 5)]
    assert kinds(bart) == ["loan_agreed"]
    client.post("/logout")
    login(bart)
    assert 'Olga agreed: you can borrow "Drill with a set of bits".' in text(
        client.get("/notifications"))


def test_the_item_page_and_list_show_when_it_is_lent_out(client, owner, make_user, item, ask,
                                                         traveller):
    loan = ask(make_user(), date(2027, 3, 2), date(2027, 3, 4))
    lend_loans.agree(loan, owner)
    db.session.commit()
    traveller.shift(timedelta(days=2))                       # Wednesday 3 March
    page = text(client.get(f"/lend/{item.id}"))
    assert "Lent out today. Free again from March 5, 2027." in page
    assert "Lent out today" in text(client.get("/lend"))
    traveller.shift(timedelta(days=3))                       # Saturday, not confirmed back
    assert "It is not back yet. It should have been back on March 4, 2027." in text(
        client.get(f"/lend/{item.id}"))


@pytest.mark.parametrize("dates, message", [
    ({"from": "2027-02-28", "to": "2027-03-02"},
     "This date has passed. Choose today or a later day."),
    ({"from": "2027-03-05", "to": "2027-03-04"},
     "The last day must be on or after the first day."),
    ({"from": "2027-03-02", "to": "2027-04-15"}, "You can borrow it for 30 days at most."),
    ({"from": "2027-12-01", "to": "2027-12-02"},
     "Choose a first day within 180 days from today."),
    ({"from": "", "to": "2027-03-02"}, "Fill in the first day."),
    ({"from": "2027-03-02", "to": "next week"}, "Write the date like this: 2026-03-12."),
])
def test_wrong_dates_get_a_message_keep_what_was_typed_and_change_nothing(
        client, login, make_user, item, dates, message):
    login(make_user())
    response = client.post(f"/lend/{item.id}/borrow", data={**dates,
                                                            "message": "For a shelf."})
    page = text(response)
    assert response.status_code == 200 and message in page
    assert "For a shelf." in page
    assert loans() == []


def test_days_that_are_promised_already_cannot_be_asked_for(client, login, owner, make_user,
                                                            item, ask):
    lend_loans.agree(ask(make_user("Bart"), date(2027, 3, 3), date(2027, 3, 5)), owner)
    db.session.commit()
    login(make_user("Kim"))
    response = client.post(f"/lend/{item.id}/borrow", data={"from": "2027-03-05",
                                                            "to": "2027-03-08"})
    assert ("The item is lent out on some of these days: 5 March. Choose other days."
            in text(response))
    response = client.post(f"/lend/{item.id}/borrow", data={"from": "2027-03-06",
                                                            "to": "2027-03-08"})
    assert response.status_code == 302
    assert [loan.state for loan in loans()] == [LoanState.AGREED, LoanState.REQUESTED]


def test_nobody_borrows_their_own_item_or_asks_twice(client, login, owner, make_user, item):
    login(owner)
    response = client.post(f"/lend/{item.id}/borrow", data={"from": "2027-03-02",
                                                            "to": "2027-03-03"})
    assert "This is your own item." in text(response)
    client.post("/logout")
    login(make_user())
    client.post(f"/lend/{item.id}/borrow", data={"from": "2027-03-02", "to": "2027-03-03"})
    response = client.post(f"/lend/{item.id}/borrow", data={"from": "2027-03-03",
                                                            "to": "2027-03-04"})
    assert "You asked for these days already." in text(response)
    assert len(loans()) == 1


def test_agreeing_declines_other_requests_for_the_same_days(owner, make_user, item, ask):
    bart, kim, ria = make_user("Bart"), make_user("Kim"), make_user("Ria")
    chosen = ask(bart, date(2027, 3, 3), date(2027, 3, 5))
    clash = ask(kim, date(2027, 3, 5), date(2027, 3, 6))
    later = ask(ria, date(2027, 3, 6), date(2027, 3, 7))
    declined = lend_loans.agree(chosen, owner)
    db.session.commit()
    assert [loan.id for loan in declined] == [clash.id]
    assert (clash.state, later.state) == (LoanState.DECLINED, LoanState.REQUESTED)
    assert kinds(kim) == ["loan_declined"] and kinds(ria) == []


def test_a_second_agreement_for_the_same_days_is_refused_by_the_database(owner, make_user,
                                                                         item, ask):
    """Two requests for overlapping days, both still open (asked before either was agreed):
    agreeing the second one meets the unique (item, day) key, and changes nothing."""
    first = ask(make_user("Bart"), date(2027, 3, 3), date(2027, 3, 5))
    second = Loan(item=item, borrower=make_user("Kim"), starts_on=date(2027, 3, 4),
                  ends_on=date(2027, 3, 8), state=LoanState.REQUESTED)
    db.session.add(second)
    db.session.commit()
    lend_loans.agree(first, owner)
    # agree() declined the clashing request; put it back as if it had slipped past that.
    second.state = LoanState.REQUESTED
    db.session.commit()
    with pytest.raises(lend_loans.LoanError) as refused:
        lend_loans.agree(second, owner)
    with force_locale("en"):
        assert str(refused.value).startswith("The item is already promised to someone else")
    db.session.commit()
    assert second.state == LoanState.REQUESTED
    assert days_held(item) == [date(2027, 3, 3), date(2027, 3, 4), date(2027, 3, 5)]
    db.session.add(LoanDay(item_id=item.id, day=date(2027, 3, 4), loan_id=second.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_two_agreements_at_the_same_moment_cannot_both_win(app, owner, make_user, item, ask):
    first = ask(make_user("Bart"), date(2027, 3, 3), date(2027, 3, 5))
    second = ask(make_user("Kim"), date(2027, 3, 5), date(2027, 3, 9))
    both_read = threading.Barrier(2, timeout=30)
    outcome = {}

    def agree(loan_id):
        with app.app_context():
            try:
                loan = lend_loans.get_loan(loan_id)
                me = db.session.get(type(owner), owner.id)
                assert loan.state == LoanState.REQUESTED
                both_read.wait()               # both saw an open request and free days
                lend_loans.agree(loan, me)
                db.session.commit()
                outcome[loan_id] = "agreed"
            except lend_loans.LoanError as error:
                db.session.rollback()
                with force_locale("en"):
                    outcome[loan_id] = str(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=agree, args=(loan.id,)) for loan in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcome.values()) == [
        "The item is already promised to someone else on some of these days. Say no to this "
        "request, or ask your neighbour for other days.", "agreed"]
    db.session.expire_all()
    states = {loan.id: loan.state for loan in loans()}
    # The winner's agreement also declined the other request, kindly.
    assert sorted(states.values()) == [LoanState.AGREED, LoanState.DECLINED]
    winner = next(i for i, state in states.items() if state == LoanState.AGREED)
    held = set(db.session.scalars(db.select(LoanDay.loan_id).filter_by(item_id=item.id)))
    assert held == {winner}


def test_the_owner_says_no_with_a_reason(client, login, owner, make_user, item, ask):
    bart = make_user("Bart")
    loan = ask(bart, date(2027, 3, 3), date(2027, 3, 4))
    login(owner)
    response = client.post(f"/loans/{loan.id}/decline",
                           data={"answer": "I need it myself that week."},
                           follow_redirects=True)
    assert "You said no." in text(response)
    response = client.post(f"/loans/{loan.id}/agree", follow_redirects=True)
    assert "This request was handled already." in text(response)
    client.post("/logout")
    login(bart)
    page = text(client.get(f"/lend/{item.id}"))
    assert "Not possible" in page and "I need it myself that week." in page
    assert days_held(item) == []


def test_only_the_owner_answers_and_strangers_see_no_loan(client, login, make_user, item, ask):
    bart = make_user("Bart")
    loan = ask(bart, date(2027, 3, 3), date(2027, 3, 4))
    login(bart)
    assert client.post(f"/loans/{loan.id}/agree").status_code == 403
    client.post("/logout")
    login(make_user("Stranger"))
    assert client.post(f"/loans/{loan.id}/agree").status_code == 404
    assert client.post(f"/loans/{loan.id}/cancel").status_code == 404
    assert client.post("/loans/999/agree").status_code == 404
    assert loans()[0].state == LoanState.REQUESTED


def test_cancelling_before_the_start_frees_the_days(client, login, owner, make_user, item, ask,
                                                   traveller):
    bart = make_user("Bart")
    loan = ask(bart, date(2027, 3, 3), date(2027, 3, 4))
    lend_loans.agree(loan, owner)
    db.session.commit()
    login(bart)
    response = client.post(f"/loans/{loan.id}/cancel", follow_redirects=True)
    assert "The loan is cancelled." in text(response)
    assert loans()[0].state == LoanState.CANCELLED and days_held(item) == []
    assert "loan_cancelled" in kinds(owner)
    # A loan that has started can no longer be cancelled: the owner confirms the return.
    started = ask(bart, date(2027, 3, 5), date(2027, 3, 6))
    lend_loans.agree(started, owner)
    db.session.commit()
    traveller.shift(timedelta(days=4))
    response = client.post(f"/loans/{started.id}/cancel", follow_redirects=True)
    assert "This loan has started." in text(response)


def test_the_owner_confirms_the_return_and_the_item_is_free_again(client, login, owner,
                                                                  make_user, item, ask,
                                                                  traveller):
    bart = make_user("Bart")
    loan = ask(bart, date(2027, 3, 2), date(2027, 3, 6))
    lend_loans.agree(loan, owner)
    db.session.commit()
    login(owner)
    response = client.post(f"/loans/{loan.id}/return", follow_redirects=True)
    assert "This loan has not started yet." in text(response)
    traveller.shift(timedelta(days=2))                       # Wednesday: back early
    response = client.post(f"/loans/{loan.id}/return", follow_redirects=True)
    page = text(response)
    assert "The item is back" in page and "Free today." in page
    db.session.refresh(loan)
    assert loan.state == LoanState.RETURNED and loan.returned_on == date(2027, 3, 3)
    assert days_held(item) == [date(2027, 3, 2)]
    assert "loan_returned" in kinds(bart)
    response = client.post(f"/loans/{loan.id}/return", follow_redirects=True)
    assert "Only a loan that was agreed can be returned." in text(response)


def test_owner_and_borrowers_see_the_history_and_nobody_else(client, login, owner, make_user,
                                                             item, ask):
    bart, kim = make_user("Bart"), make_user("Kim")
    lend_loans.agree(ask(bart, date(2027, 3, 2), date(2027, 3, 3)), owner)
    ask(kim, date(2027, 3, 10), date(2027, 3, 11))
    db.session.commit()
    login(owner)
    page = text(client.get(f"/lend/{item.id}"))
    assert "Loan history" in page and "Bart" in page and "Kim" in page
    client.post("/logout")
    login(kim)
    page = text(client.get(f"/lend/{item.id}"))
    history = page.split("Loan history")[1]
    assert "You" in history and "A neighbour" in history and "Bart" not in history
    client.post("/logout")
    login(make_user("Ria"))
    page = text(client.get(f"/lend/{item.id}"))
    assert "Loan history" not in page and "Promised on these days:" in page
    client.post("/logout")
    assert "Loan history" not in text(client.get(f"/lend/{item.id}"))


def test_my_lending_shows_both_sides(client, login, owner, make_user, item, ask, make_item):
    bart = make_user("Bart")
    ask(bart, date(2027, 3, 2), date(2027, 3, 3))
    login(owner)
    page = text(client.get("/lend/mine"))
    assert "Drill with a set of bits" in page and "1 request" in page and "Bart" in page
    client.post("/logout")
    login(bart)
    page = text(client.get("/lend/mine"))
    assert "Drill with a set of bits" in page and "Asked, waiting for an answer" in page
    assert "You do not lend anything yet." in page
    assert TODAY.isoformat() in text(client.get(f"/lend/{item.id}"))   # the date input's min


@pytest.mark.parametrize("language, heading, menu", [
    ("en", "<h3>Loan requests</h3>", ">Requests</a>"),
    ("nl", "<h3>Leenvragen</h3>", ">Hulpvragen</a>"),
])
def test_the_owner_sees_loan_requests_not_help_requests(client, login, make_user, make_item,
                                                        ask, language, heading, menu):
    olga = make_user("Olga", language=language)
    item = make_item(olga)
    ask(make_user("Bart"), date(2027, 3, 2), date(2027, 3, 3), on=item)
    login(olga)
    page = text(client.get(f"/lend/{item.id}"))
    owner_part = page.split('id="owner-title"')[1]
    assert heading in owner_part and "Bart" in owner_part
    # "Requests" still names the help requests in the menu, not the loans.
    assert menu in page.split("</nav>")[0] and menu not in owner_part
