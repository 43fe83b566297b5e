"""The demo's things to lend (level 2) with their loans: one returned, two agreed, one asked."""
from datetime import timedelta

from buurt.core import clock
from buurt.core.extensions import db
from buurt.lend import items as lend_items, loans
from buurt.lend.models import Loan, LoanState

# Level 2, things to lend: owner, title, body, topic, condition, deposit, pick-up times.
ITEMS = [
    ("kees", "Boormachine met klopfunctie",
     "Een sterke boormachine, ook voor betonnen muren. Met een doos boren erbij.",
     "klussen", "good", 20, "Doordeweeks na 18.00 uur"),
    ("bram", "Partytent van 3 bij 6 meter",
     "Witte partytent voor een verjaardag of een straatfeest. Opzetten kan met twee mensen.",
     "klussen", "used", 50, "Zaterdagochtend ophalen, zondagavond terugbrengen"),
    ("ineke", "Ladder van 3 meter",
     "Aluminium ladder, handig voor de dakgoot of het plafond.", "klussen", "good", None,
     "Bel even aan, ik ben vaak thuis"),
    ("wim", "Grasmaaier", "Elektrische grasmaaier met een kabel van 20 meter.", "tuin",
     "worn", 10, "In het weekend"),
    ("priya", "Gourmetstel voor 8 personen",
     "Gourmetstel met pannetjes en spatels, voor een gezellige avond.", "koken", "new", None,
     "Na een berichtje"),
]


def add(users, topics) -> None:
    today = clock.today()
    items = {}
    for owner, title, body, topic, condition, deposit, pickup in ITEMS:
        items[title] = lend_items.create_item(
            users[owner], title=title, body=body, topic=topics[topic], condition=condition,
            deposit=deposit, pickup_times=pickup)
    drill, tent, ladder = (items["Boormachine met klopfunctie"],
                           items["Partytent van 3 bij 6 meter"], items["Ladder van 3 meter"])
    # History: Henk had the drill last week and brought it back.
    db.session.add(Loan(item=drill, borrower=users["henk"], state=LoanState.RETURNED,
                        starts_on=today - timedelta(days=9), ends_on=today - timedelta(days=7),
                        returned_on=today - timedelta(days=7),
                        decided_at=clock.now() - timedelta(days=10)))
    # Gerda has the drill next week; Lotte has the ladder now; Noah asks for the tent.
    for item, borrower, first, days in ((drill, "gerda", 5, 2), (ladder, "lotte", 0, 3)):
        loan = loans.request_loan(item, users[borrower],
                                  starts_on=today + timedelta(days=first),
                                  ends_on=today + timedelta(days=first + days),
                                  message="Dank je wel alvast!")
        loans.agree(loan, item.author)
    loans.request_loan(tent, users["noah"], starts_on=today + timedelta(days=12),
                       ends_on=today + timedelta(days=13),
                       message="Voor het straatfeest van de Westerstraat.")
