"""`buurt tick` for lending, on a moving clock: overdue loans remind the borrower (the first
late day, then weekly, until the return), and unanswered requests expire at their first day."""
from datetime import date, timedelta

from flask_babel import force_locale
import pytest

from buurt.core.extensions import db
from buurt.lend import loans
from buurt.lend.models import LoanState
from buurt.notifications.models import Notification
from buurt.ops import lifecycle
from tests.lend.conftest import text


def kinds(user) -> list[str]:
    return list(db.session.scalars(db.select(Notification.kind).filter_by(user_id=user.id)
                                   .order_by(Notification.id)))


def test_an_overdue_loan_reminds_the_borrower_until_it_is_back(client, login, owner,
                                                               make_user, ask, traveller):
    bart = make_user("Bart")
    loan = ask(bart, date(2027, 3, 2), date(2027, 3, 4))     # Tuesday to Thursday
    loans.agree(loan, owner)
    db.session.commit()
    traveller.shift(timedelta(days=3, hours=12))             # Thursday evening: due today
    assert lifecycle.tick()["loans_overdue_reminded"] == 0
    traveller.shift(timedelta(hours=12))                     # Friday: one day late
    assert lifecycle.tick()["loans_overdue_reminded"] == 1
    assert lifecycle.tick()["loans_overdue_reminded"] == 0   # once a day is once
    traveller.shift(timedelta(days=3))
    assert lifecycle.tick()["loans_overdue_reminded"] == 0   # not every day
    traveller.shift(timedelta(days=4))                       # a week after the first
    assert lifecycle.tick()["loans_overdue_reminded"] == 1
    db.session.commit()
    assert kinds(bart) == ["loan_agreed", "loan_overdue", "loan_overdue"]
    login(bart)
    assert 'Please bring back "Drill with a set of bits". The loan has ended.' in text(
        client.get("/notifications"))
    loans.confirm_return(loan, owner)
    db.session.commit()
    traveller.shift(timedelta(days=7))
    assert lifecycle.tick()["loans_overdue_reminded"] == 0


def test_the_last_day_is_in_dutch_time(owner, make_user, ask, traveller):
    bart = make_user()
    loans.agree(ask(bart, date(2027, 3, 1), date(2027, 3, 1)), owner)
    db.session.commit()
    traveller.move_to("2027-03-01T22:30:00Z")               # 23:30 in Amsterdam: still the day
    assert lifecycle.tick()["loans_overdue_reminded"] == 0
    traveller.move_to("2027-03-01T23:05:00Z")               # 00:05 on the 2nd in Amsterdam
    assert lifecycle.tick()["loans_overdue_reminded"] == 1


def test_a_request_nobody_answered_expires_at_its_first_day(client, login, owner, make_user,
                                                            ask, traveller):
    bart = make_user("Bart")
    loan = ask(bart, date(2027, 3, 3), date(2027, 3, 4))
    traveller.shift(timedelta(days=1))
    assert lifecycle.tick()["loan_requests_expired"] == 0
    traveller.shift(timedelta(days=2))                       # Thursday: the 3rd has passed
    assert lifecycle.tick()["loan_requests_expired"] == 1
    assert lifecycle.tick()["loan_requests_expired"] == 0
    db.session.commit()
    db.session.refresh(loan)
    assert loan.state == LoanState.EXPIRED and kinds(bart) == ["loan_expired"]
    login(owner)
    response = client.post(f"/loans/{loan.id}/agree", follow_redirects=True)
    assert "This request was handled already." in text(response)


def test_a_late_answer_to_a_request_is_refused(owner, make_user, ask, traveller):
    loan = ask(make_user(), date(2027, 3, 2), date(2027, 3, 3))
    traveller.shift(timedelta(days=2))                       # before any tick ran
    with pytest.raises(loans.LoanError) as refused:
        loans.agree(loan, owner)
    with force_locale("en"):
        assert str(refused.value).startswith("The first day of this request has passed.")
    assert loan.state == LoanState.REQUESTED
