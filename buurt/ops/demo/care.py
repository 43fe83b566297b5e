"""The demo's care request, organised as a schedule that two neighbours signed up for."""
from datetime import timedelta

from buurt.care import services as care
from buurt.core import clock

# The care request of the demo, organised as a schedule: (title, weekday or days ahead).
CARE_TASKS = [("Boodschappen doen", 1, None), ("Naar de apotheek", 4, None),
              ("Rit naar het ziekenhuis", None, 10)]


def add(users, requests) -> None:
    """`requests`: the demo's requests by title, as market.add_responses gives them."""
    care_request = requests["Help mij mijn zorg te regelen"]
    care_request.for_whom = "mijn man Piet"
    tasks = [care.add_task(care_request, title=title, weekday=weekday,
                           on_date=clock.today() + timedelta(days=ahead) if ahead else None)
             for title, weekday, ahead in CARE_TASKS]
    care.sign_up(tasks[0], users["lotte"])
    care.sign_up(tasks[2], users["thijs"])
