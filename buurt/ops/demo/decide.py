"""The demo's decisions (level 4): a closed budget round with what the managers decided
after it, and an open round with points."""
from datetime import timedelta

from buurt.core import clock
from buurt.core.extensions import db
from buurt.decide import services as decisions
from buurt.ideas import services as ideas

# The worked round: a neighbourhood budget of € 5.000, approval voting, closed last week.
BUDGET_ROUND = ("Waar besteden we het buurtbudget van € 5.000 aan?",
                "Vink alle ideeën aan die je goed vindt. Wat de meeste stemmen krijgt en "
                "binnen het budget past, gaat door.")
BUDGET_OPTIONS = ["mural", "benches", "bikes", "gardens", "swap"]
BUDGET_BALLOTS = {
    "anneke": ["mural", "benches", "gardens"], "mohamed": ["mural", "bikes"],
    "joke": ["benches", "gardens", "swap"], "sanne": ["mural", "swap"],
    "kees": ["gardens", "bikes", "benches"], "fatma": ["mural", "benches"],
    "henk": ["benches", "bikes"], "lotte": ["mural", "gardens", "swap"],
    "rachid": ["bikes", "mural"], "marja": ["swap", "benches", "gardens"],
    "thijs": ["bikes", "mural"], "gerda": ["mural", "benches", "bikes"],
}
# What the managers decided after the round, with their explanation.
AFTER_THE_ROUND = [
    ("mural", "adopted", "Gekozen in de ronde over het buurtbudget. De kunstenaar begint in "
                         "april."),
    ("gardens", "adopted", "Gekozen in de ronde over het buurtbudget. De tegels gaan er in "
                           "maart uit."),
    ("swap", "realised", "Gekozen in de ronde over het buurtbudget. De ruilkast staat sinds "
                         "maandag in de hal."),
    ("benches", "discussion", "Veel stemmen, maar het paste niet meer in het budget. We "
                              "vragen de gemeente om geld."),
    ("pool", "not_feasible", "Een zwembad kost veel meer dan de buurt heeft, en het park is "
                             "van de gemeente."),
]
# An open round with points: options of its own, a few ballots so far.
SUMMER_ROUND = ("Welke activiteit organiseren we deze zomer?",
                ["Buurtbarbecue op het plein", "Filmavond in het park",
                 "Speurtocht voor kinderen"])
SUMMER_BALLOTS = {"anneke": [6, 2, 2], "fatma": [0, 4, 6], "yusuf": [3, 3, 4],
                  "noah": [10, 0, 0]}


def add(users, neighbourhood, manager, ideas_by_key) -> None:
    question, description = BUDGET_ROUND
    budget = decisions.open_round(
        manager, neighbourhood, question=question, description=description,
        method="approval", budget=5000, closes_at=clock.now() + timedelta(hours=1),
        options=[decisions.OptionInput(idea=ideas_by_key[key]) for key in BUDGET_OPTIONS])
    option_of = {o.idea_id: o.id for o in budget.options}
    for voter, ticked in BUDGET_BALLOTS.items():
        decisions.vote(budget, users[voter],
                       {option_of[ideas_by_key[key].id]: 1 for key in ticked})
    # The round ran in the past fortnight: move it there, now that its ballots are in.
    budget.opens_at = clock.now() - timedelta(days=14)
    budget.closes_at = clock.now() - timedelta(days=7)
    for key, status, note in AFTER_THE_ROUND:
        ideas.set_status(ideas_by_key[key], manager, status, note)

    question, titles = SUMMER_ROUND
    summer = decisions.open_round(
        manager, neighbourhood, question=question, method="points", points=10,
        closes_at=clock.now() + timedelta(days=6),
        options=[decisions.OptionInput(title=title) for title in titles])
    for voter, points in SUMMER_BALLOTS.items():
        decisions.vote(summer, users[voter],
                       {o.id: p for o, p in zip(summer.options, points) if p})
    db.session.flush()
