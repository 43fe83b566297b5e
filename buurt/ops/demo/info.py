"""The demo's information: a filled-in directory, places, an initiative and coming events."""
from datetime import time, timedelta

from buurt.core import clock
from buurt.info import events, initiatives, places
from buurt.people import directory as people

# Who is who and where: a short text for some neighbours in the directory.
ABOUT = {
    "anneke": "Ik woon hier al veertig jaar. Ik kook graag voor wie het even zwaar heeft.",
    "kees": "Gepensioneerd timmerman. Bel gerust voor een klusje of advies over de tuin.",
    "sanne": "Ik werk in de ICT en help graag met telefoons, tablets en computers.",
    "lotte": "Dierenliefhebber. Ik laat graag je hond uit als je ziek bent.",
}
# name, address, what happens there, opening hours, step-free, accessible toilet
PLACES = [
    ("Buurthuis De Boei", "Lindengracht 94",
     "Koffieochtend, taalcafé en het repaircafé. Iedereen is welkom.",
     "Maandag tot en met vrijdag 9.00-17.00 uur", True, True),
    ("Bibliotheek Westerpark", "Westerstraat 12",
     "Boeken lenen, gratis hulp bij DigiD en de computer (Digitaal Café).",
     "Dinsdag tot en met zaterdag 10.00-18.00 uur", True, False),
    ("Moestuin Palmgracht", "Palmgracht 30",
     "Samen tuinieren in de moestuin. Gereedschap is er.",
     "Woensdag en zaterdag 10.00-13.00 uur", False, False),
]
# title, body, topic, place index, days ahead, start hour, hours, capacity
EVENTS = [
    ("Repaircafé", "Neem je kapotte lamp, fiets of broek mee. Vrijwilligers repareren het "
     "samen met jou. Koffie staat klaar.", "klussen", 0, 3, 13, 3, None),
    ("Digitaal Café: hulp met je telefoon", "Vragen over je telefoon, WhatsApp of DigiD? "
     "Kom langs, we helpen je één op één.", "computerhulp", 1, 5, 10, 2, 12),
    ("Zaaien in de moestuin", "We zaaien sla en radijs. Laarzen aan en meedoen.", "tuin", 2,
     9, 10, 2, 15),
]


def add(users, neighbourhood, topics, manager) -> None:
    """Places, an initiative, coming events and a filled-in directory."""
    for key, about in ABOUT.items():
        people.set_listing(users[key], in_directory=True, about=about)
    made = [places.create(manager, neighbourhood, name=name, address=address,
                          description=description, opening_hours=hours, step_free=step_free,
                          accessible_toilet=toilet)
            for name, address, description, hours, step_free, toilet in PLACES]
    repair = initiatives.propose(
        users["kees"], name="Repaircafé De Boei",
        description="Elke maand repareren vrijwilligers samen met buren wat kapot is.",
        contact="repaircafe@example.com", opening_hours="Eerste zaterdag van de maand",
        topics=[topics["klussen"]])
    initiatives.approve(repair, manager)
    places.update(made[0], initiative_ids=[repair.id])
    organisers = [users["kees"], users["sanne"], users["ineke"]]
    for (title, body, topic, place, ahead, hour, hours, capacity), author in zip(EVENTS,
                                                                                 organisers):
        day = clock.today() + timedelta(days=ahead)
        event = events.create_event(
            author, title=title, body=body, topic=topics[topic],
            starts_at=clock.from_local(day, time(hour)),
            ends_at=clock.from_local(day, time(hour + hours)), place_id=made[place].id,
            capacity=capacity, initiative=repair if title == "Repaircafé" else None)
        for guest in ("anneke", "gerda", "henk")[:ahead % 4]:
            if event.is_published:
                events.rsvp(event, users[guest])
