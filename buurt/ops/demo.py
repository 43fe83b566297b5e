"""Demo data: a believable Dutch neighbourhood to try the platform with."""
from datetime import time, timedelta

from buurt.announcements import services as announcements
from buurt.care import services as care
from buurt.core import clock
from buurt.core.extensions import db
from buurt.decide import services as decisions
from buurt.ideas import services as ideas
from buurt.info import events, initiatives, places
from buurt.lend import services as lending
from buurt.lend.models import Loan, LoanState
from buurt.market import responses
from buurt.market.models import Need, Offer, Request, Urgency
from buurt.notifications import notify
from buurt.ops import setup
from buurt.people import accounts, directory as people, neighbourhoods
from buurt.people.models import Membership, Role, Topic, User
from buurt.posts.models import Post, PostState
from buurt.stories import services as stories

DEMO_PASSWORD = "welkom-in-de-buurt"

# name, e-mail name, street, topics sought, topics offered
RESIDENTS = [
    ("Anneke de Vries", "anneke", "Lindengracht", ["computerhulp", "vervoer"], ["koken", "gezelschap"]),
    ("Mohamed El Amrani", "mohamed", "Westerstraat", ["administratie"], ["klussen", "vervoer"]),
    ("Joke Bakker", "joke", "Palmgracht", ["boodschappen", "zorg"], ["gezelschap"]),
    ("Sanne Visser", "sanne", "Goudsbloemstraat", ["oppas"], ["computerhulp", "taal"]),
    ("Kees Jansen", "kees", "Lindengracht", ["tuin"], ["klussen", "tuin"]),
    ("Fatma Yilmaz", "fatma", "Willemsstraat", ["taal", "computerhulp"], ["koken", "oppas"]),
    ("Henk Mulder", "henk", "Brouwersgracht", ["boodschappen", "vervoer", "zorg"], []),
    ("Lotte Smit", "lotte", "Tuinstraat", ["dieren"], ["boodschappen", "dieren"]),
    ("Rachid Bouzid", "rachid", "Westerstraat", ["klussen"], ["computerhulp", "administratie"]),
    ("Marja van Dijk", "marja", "Egelantiersgracht", ["gezelschap"], ["taal", "administratie"]),
    ("Thijs de Boer", "thijs", "Noordermarkt", [], ["vervoer", "klussen", "boodschappen"]),
    ("Gerda Meijer", "gerda", "Palmstraat", ["computerhulp", "klussen"], ["koken"]),
    ("Yusuf Demir", "yusuf", "Lindenstraat", ["oppas", "administratie"], ["vervoer"]),
    ("Ineke Bos", "ineke", "Anjeliersstraat", ["tuin", "gezelschap"], ["dieren"]),
    ("Priya Ramdin", "priya", "Tuinstraat", ["koken"], ["zorg", "gezelschap"]),
    ("Wim Vos", "wim", "Lijnbaansgracht", ["boodschappen"], ["tuin"]),
    ("Esther Peters", "esther", "Bloemgracht", ["vervoer"], ["oppas", "boodschappen"]),
    ("Daan Hendriks", "daan", "Eerste Goudsbloemdwarsstraat", ["dieren"], ["computerhulp"]),
    ("Aisha Mahmoud", "aisha", "Willemsstraat", ["taal"], ["koken", "oppas"]),
    ("Bram van Leeuwen", "bram", "Lauriergracht", ["administratie"], ["klussen", "tuin"]),
    ("Truus Dekker", "truus", "Palmgracht", ["zorg", "boodschappen", "computerhulp"], []),
    ("Noah Brouwer", "noah", "Westerstraat", [], ["vervoer", "gezelschap"]),
    ("Elif Kaya", "elif", "Rozengracht", ["oppas"], ["taal"]),
    ("Jan de Graaf", "jan", "Lindengracht", ["klussen", "tuin"], ["administratie"]),
]

# author (e-mail name), kind, topic, title, body, need, urgency
POSTS = [
    ("henk", "request", "boodschappen", "Wie kan op dinsdag boodschappen voor mij doen?",
     "Ik loop slecht sinds mijn heupoperatie. Het gaat om een kleine tas bij de Dirk op de "
     "Westerstraat. Ik betaal natuurlijk vooraf.", Need.HELP, Urgency.WEEK),
    ("anneke", "request", "computerhulp", "Hulp bij DigiD op mijn nieuwe telefoon",
     "Mijn kleinzoon woont ver weg. Wie wil een uurtje naast me zitten om de DigiD-app te "
     "installeren? Koffie staat klaar.", Need.HELP, Urgency.WEEK),
    ("joke", "request", "zorg", "Help mij mijn zorg te regelen",
     "Mijn man is net thuis uit het ziekenhuis. We zoeken mensen die af en toe een boodschap "
     "doen of even langskomen, zodat ik ook eens de deur uit kan.", Need.CARE, Urgency.SOON),
    ("gerda", "request", "klussen", "Lamp ophangen in de woonkamer",
     "Ik heb een nieuwe lamp gekocht maar durf niet op de trap. Het plafond is van beton, dus "
     "er moet geboord worden.", Need.HELP, Urgency.ANY),
    ("ineke", "request", "tuin", "Heg snoeien in het voorjaar",
     "Mijn heg aan de Anjeliersstraat is te hoog geworden. Wie heeft een heggenschaar en een "
     "zaterdagochtend tijd?", Need.HELP, Urgency.ANY),
    ("yusuf", "request", "administratie", "Brief van de Belastingdienst begrijpen",
     "Ik heb een brief gekregen over toeslagen en ik snap niet wat ik moet doen. Wie kan "
     "meelezen?", Need.HELP, Urgency.SOON),
    ("esther", "request", "vervoer", "Rit naar het OLVG op 12 maart",
     "Ik moet om 10.00 uur in het ziekenhuis zijn voor een controle. Wie kan mij brengen en "
     "weer ophalen?", Need.HELP, Urgency.WEEK),
    ("lotte", "request", "dieren", "Wie laat mijn hond uit tijdens mijn vakantie?",
     "Pip is een rustige beagle van 6 jaar. Het gaat om de week van 3 tot 10 mei, twee keer per "
     "dag.", Need.HELP, Urgency.ANY),
    ("truus", "request", "computerhulp", "Foto's van mijn telefoon naar de computer zetten",
     "Ik wil de foto's van mijn kleinkinderen bewaren. Wie legt me uit hoe dat moet?",
     Need.HELP, Urgency.ANY),
    ("fatma", "request", "taal", "Oefenen met Nederlands praten",
     "Ik volg een taalcursus en wil graag oefenen. Een wandeling of een kop thee, één keer per "
     "week.", Need.HELP, Urgency.ANY),
    ("elif", "request", "oppas", "Oppas gezocht op woensdagmiddag",
     "Voor mijn dochter van 4 jaar, van 13.00 tot 17.00 uur, bij ons thuis aan de Rozengracht.",
     Need.HELP, Urgency.WEEK),
    ("marja", "request", "gezelschap", "Samen wandelen in het Westerpark",
     "Sinds mijn man overleden is, wandel ik alleen. Wie loopt er zondagochtend mee?",
     Need.HELP, Urgency.ANY),
    ("truus", "request", "zorg", "Vaste hulp bij boodschappen en de apotheek",
     "Ik woon alleen en kom moeilijk de trap af. Wie wil met een paar buren een rooster maken "
     "voor boodschappen en de apotheek?", Need.CARE, Urgency.WEEK),
    ("mohamed", "request", "administratie", "Hulp bij het invullen van een huurtoeslag-formulier",
     "Het formulier is lang en ik wil geen fouten maken.", Need.HELP, Urgency.WEEK),
    ("wim", "request", "boodschappen", "Zware boodschappen halen bij de markt",
     "Zaterdag op de Noordermarkt: aardappelen, fruit en kattenvoer. Te zwaar voor mijn rug.",
     Need.HELP, Urgency.SOON),
    ("kees", "request", "tuin", "Helpen met de geveltuin",
     "We willen met de straat een geveltuin aanleggen. Wie weet welke planten hier goed "
     "groeien?", Need.HELP, Urgency.ANY),
    ("priya", "request", "koken", "Recept voor Surinaamse roti delen",
     "Ik wil een kookmiddag organiseren in het buurthuis. Wie kookt mee?", Need.HELP, Urgency.ANY),
    ("bram", "request", "administratie", "Wie kan helpen met een bezwaarschrift?",
     "Het gaat om een parkeerboete die volgens mij niet klopt.", Need.HELP, Urgency.WEEK),
    ("daan", "request", "dieren", "Kattenoppas voor een lang weekend",
     "Van vrijdag tot maandag: eten geven en de bak schoonmaken.", Need.HELP, Urgency.ANY),
    ("anneke", "offer", "koken", "Ik kook graag een extra portie",
     "Ik kook elke dag en maak makkelijk een bord extra voor iemand die niet zelf kan koken.", None, None),
    ("mohamed", "offer", "klussen", "Kleine klussen in huis",
     "Schilderij ophangen, kraan vervangen, kastje in elkaar zetten. Ik heb gereedschap.", None, None),
    ("sanne", "offer", "computerhulp", "Hulp met telefoon, tablet en computer",
     "Ik werk in de ICT en help graag met apps, e-mail, DigiD en videobellen.", None, None),
    ("kees", "offer", "tuin", "Tuinman met tijd over",
     "Gepensioneerd hovenier. Ik snoei, maai en geef advies over planten.", None, None),
    ("fatma", "offer", "oppas", "Oppassen op doordeweekse middagen",
     "Ik heb zelf twee kinderen en pas graag op, ook op kinderen die geen Nederlands spreken.", None, None),
    ("lotte", "offer", "dieren", "Hond uitlaten in de ochtend",
     "Ik loop elke ochtend door het Westerpark en neem graag een hond mee.", None, None),
    ("rachid", "offer", "administratie", "Hulp met formulieren en brieven",
     "Ik ben boekhouder en help met toeslagen, belasting en brieven van de gemeente.", None, None),
    ("marja", "offer", "taal", "Taalmaatje voor Nederlands",
     "Oud-docente Nederlands. Ik oefen graag praten, lezen en schrijven.", None, None),
    ("thijs", "offer", "vervoer", "Rijden naar ziekenhuis of huisarts",
     "Ik heb een auto en ben overdag vaak vrij. Bel of stuur een bericht.", None, None),
    ("gerda", "offer", "koken", "Soep voor wie ziek is",
     "Als u ziek bent, breng ik een pan verse soep langs.", None, None),
    ("yusuf", "offer", "vervoer", "Bakfiets te leen met bestuurder",
     "Voor verhuisdozen, een kast of een boodschappenronde.", None, None),
    ("ineke", "offer", "dieren", "Voeren van katten en konijnen",
     "Als u op vakantie gaat, kom ik langs om uw dieren te verzorgen.", None, None),
    ("priya", "offer", "gezelschap", "Koffie en een praatje",
     "Ik kom graag op bezoek bij wie zich alleen voelt.", None, None),
    ("esther", "offer", "boodschappen", "Boodschappen op de fiets",
     "Ik doe elke donderdag boodschappen en neem graag iets mee voor u.", None, None),
    ("daan", "offer", "computerhulp", "Printer of wifi doet het niet?",
     "Ik kom langs en kijk wat er mis is.", None, None),
    ("aisha", "offer", "koken", "Marokkaans koken in het buurthuis",
     "Ik geef een kookles voor iedereen die zin heeft. Samen eten na afloop.", None, None),
    ("bram", "offer", "klussen", "Fietsen repareren",
     "Lekke band, remmen of verlichting: ik repareer het in de fietsenstalling.", None, None),
    ("noah", "offer", "gezelschap", "Samen een spelletje doen",
     "Schaken, dammen of rummikub. Ik kom graag langs.", None, None),
    ("elif", "offer", "taal", "Turks en Nederlands vertalen",
     "Ik help bij gesprekken met de huisarts of de school.", None, None),
    ("jan", "offer", "administratie", "Uitleg over de gemeentebelastingen",
     "Ik werkte bij de gemeente en leg graag uit hoe het zit.", None, None),
    ("noah", "offer", "vervoer", "Mee naar de markt met de auto",
     "Op zaterdag rijd ik naar de markt en heb plaats voor twee.", None, None),
]

STAFF = [
    ("Fatima Ouali", "beheer", Role.MANAGER),
    ("Peter Kok", "ambassadeur", Role.AMBASSADOR),
    ("Beheerder", "admin", Role.ADMIN),
]


def email_for(name: str) -> str:
    return f"{name}@example.com"


def load() -> bool:
    """Fill an empty site with the demo neighbourhood; return False if it has residents."""
    if db.session.scalar(db.select(User.id).limit(1)) is not None:
        return False
    setup.ensure_defaults()
    neighbourhood = neighbourhoods.by_slug(neighbourhoods.DEFAULT_SLUG)
    topics = {t.slug: t for t in db.session.scalars(db.select(Topic))}
    password_hash = accounts.hash_password(DEMO_PASSWORD)
    start = clock.now() - timedelta(days=21)

    users = {}
    for i, (name, key, street, seek, offer) in enumerate(RESIDENTS):
        user = User(display_name=name, email=email_for(key), password_hash=password_hash,
                    neighbourhood=neighbourhood, street=street, in_directory=i % 3 != 0,
                    created_at=start + timedelta(hours=i))
        accounts.set_topics(user, seek=seek, offer=offer)
        users[key] = user
        db.session.add(user)
    staff_by_key = {}
    for name, key, role in STAFF:
        staff = staff_by_key[key] = User(display_name=name, email=email_for(key), role=role,
                     password_hash=password_hash, neighbourhood=neighbourhood, created_at=start)
        db.session.add(staff)
        if role in (Role.MANAGER, Role.AMBASSADOR):
            db.session.add(Membership(user=staff, neighbourhood=neighbourhood, role=role))
    db.session.flush()

    step = timedelta(days=20) / len(POSTS)
    for i, (author, kind, topic, title, body, need, urgency) in enumerate(POSTS):
        fields = dict(author=users[author], neighbourhood=neighbourhood, topic=topics[topic],
                      title=title, body=body, state=PostState.PUBLISHED,
                      created_at=start + timedelta(days=1) + i * step)
        fields["updated_at"] = fields["active_since"] = fields["created_at"]
        post = (Request(need=need, urgency=urgency, **fields) if kind == "request"
                else Offer(**fields))
        db.session.add(post)
    db.session.flush()
    _activity(users)
    _information(users, neighbourhood, topics, staff_by_key["beheer"])
    _sharing(users, neighbourhood, topics, staff_by_key["beheer"])
    _news(users, staff_by_key["beheer"])
    return True


# (helper, request author, request title, first message, what happened next)
ACTIVITY = [
    ("sanne", "anneke", "Hulp bij DigiD op mijn nieuwe telefoon",
     "Ik kan donderdagmiddag langskomen. Dan doen we het samen.", "done"),
    ("thijs", "esther", "Rit naar het OLVG op 12 maart",
     "Ik breng je graag. Ik sta om 9.30 uur voor de deur.", "accepted"),
    ("mohamed", "gerda", "Lamp ophangen in de woonkamer",
     "Ik heb een klopboor. Zaterdagochtend?", "offered"),
    ("bram", "gerda", "Lamp ophangen in de woonkamer",
     "Ik kan ook helpen, zondag.", "offered"),
    ("rachid", "yusuf", "Brief van de Belastingdienst begrijpen",
     "Stuur me een foto van de brief, dan kijk ik mee.", "offered"),
]

# The care request of the demo, organised as a schedule: (title, weekday or days ahead).
CARE_TASKS = [("Boodschappen doen", 1, None), ("Naar de apotheek", 4, None),
              ("Rit naar het ziekenhuis", None, 10)]


def _activity(users) -> None:
    """Reactions, a conversation, thanks and a care schedule: a neighbourhood in use."""
    requests = {r.title: r for r in db.session.scalars(db.select(Request))}
    for helper, author, title, message, outcome in ACTIVITY:
        response = responses.respond(requests[title], users[helper], message)
        if outcome in ("accepted", "done"):
            responses.accept(response, users[author])
        if outcome == "done":
            responses.mark_done(response, users[author])
            responses.thank(response, users[author], "Dank je wel! Nu kan ik mijn "
                            "kleinzoon weer videobellen.", share_publicly=True)
    care_request = requests["Help mij mijn zorg te regelen"]
    care_request.for_whom = "mijn man Piet"
    tasks = [care.add_task(care_request, title=title, weekday=weekday,
                           on_date=clock.today() + timedelta(days=ahead) if ahead else None)
             for title, weekday, ahead in CARE_TASKS]
    care.sign_up(tasks[0], users["lotte"])
    care.sign_up(tasks[2], users["thijs"])
    # The newest posts reach the neighbours whose topics match, as new posts do.
    for post in db.session.scalars(db.select(Post).order_by(Post.created_at.desc()).limit(12)):
        notify.matching_neighbours(post)


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


def _information(users, neighbourhood, topics, manager) -> None:
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
            starts_at=events.from_local(day, time(hour)),
            ends_at=events.from_local(day, time(hour + hours)), place_id=made[place].id,
            capacity=capacity, initiative=repair if title == "Repaircafé" else None)
        for guest in ("anneke", "gerda", "henk")[:ahead % 4]:
            if event.is_published:
                events.rsvp(event, users[guest])


def _news(users, manager) -> None:
    """Announcements (one pinned, one planned) and a story on the front page."""
    announcements.create(
        manager, title="Buurthuis dicht op maandag",
        body="Maandag is het buurthuis De Boei dicht voor de schoonmaak. Dinsdag om 9.00 uur "
             "is de koffie weer klaar.", pinned_until=clock.today() + timedelta(days=7))
    announcements.create(
        manager, title="Nieuwe bankjes in het park",
        body="Volgende week plaatst de gemeente drie nieuwe bankjes bij de vijver.",
        publish_at=clock.now() + timedelta(days=2))
    story = stories.create(
        users["kees"], title="Onze straat heeft weer een tuin",
        body="Zaterdag plantten twaalf buren samen bloemen in het lege stuk grond.",
        owed_to="Anja van nummer 4, die het bij de gemeente vroeg.",
        advice="Begin gewoon: vraag twee buren, de rest komt vanzelf.")
    if story.is_published:
        stories.feature(story)


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

# Level 3, ideas: key, author, title, body, topic, estimated cost (euros).
IDEAS = [
    ("mural", "sanne", "Muurschildering op de Palmgracht",
     "De kale muur bij de Palmgracht wordt een muurschildering, gemaakt met kinderen uit de "
     "buurt en een kunstenaar.", "gezelschap", 3500),
    ("benches", "joke", "Bankjes bij de speeltuin",
     "Drie bankjes bij de speeltuin aan de Lindengracht, zodat ouders en ouderen kunnen "
     "zitten.", "gezelschap", 1800),
    ("bikes", "thijs", "Extra fietsenrekken bij de Noordermarkt",
     "Op zaterdag staan de fietsen overal. Twintig extra plekken in een fietsenrek helpen.",
     "vervoer", 2400),
    ("gardens", "kees", "Geveltuinen in de Westerstraat",
     "Tegels eruit, planten erin: geveltuinen maken de Westerstraat groener en koeler.",
     "tuin", 600),
    ("swap", "marja", "Ruilkast bij Buurthuis De Boei",
     "Een ruilkast voor boeken, speelgoed en kleding in de hal van het buurthuis.",
     "gezelschap", 250),
    ("allotment", "ineke", "Buurtmoestuin op het lege veld",
     "Samen groente kweken op het lege veld achter de Lindenstraat, met een moestuin voor "
     "iedereen.", "tuin", 1200),
    ("pool", "noah", "Een zwembad in het Westerpark",
     "Een buitenbad in het park, om in de zomer te zwemmen.", "gezelschap", 900000),
]

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


def _sharing(users, neighbourhood, topics, manager) -> None:
    """Things to lend with their loans, ideas with support and comments, a closed budget
    round with its result and an open round."""
    today = clock.today()
    items = {}
    for owner, title, body, topic, condition, deposit, pickup in ITEMS:
        items[title] = lending.create_item(
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
        loan = lending.request_loan(item, users[borrower],
                                    starts_on=today + timedelta(days=first),
                                    ends_on=today + timedelta(days=first + days),
                                    message="Dank je wel alvast!")
        lending.agree(loan, item.author)
    lending.request_loan(tent, users["noah"], starts_on=today + timedelta(days=12),
                         ends_on=today + timedelta(days=13),
                         message="Voor het straatfeest van de Westerstraat.")

    ideas_by_key = {}
    for key, author, title, body, topic, cost in IDEAS:
        ideas_by_key[key] = ideas.create_idea(users[author], title=title, body=body,
                                              topic=topics[topic], estimated_cost=cost)
    for key, fans in (("allotment", ["anneke", "joke", "sanne", "kees", "fatma", "henk",
                                     "lotte", "marja", "truus", "wim", "esther"]),
                      ("benches", ["henk", "truus", "gerda", "anneke"]),
                      ("mural", ["elif", "daan", "aisha"]),
                      ("bikes", ["mohamed", "noah"])):
        for fan in fans:
            if ideas_by_key[key].author_id != users[fan].id:
                ideas.support(ideas_by_key[key], users[fan])
    for key, author, body in (
            ("benches", "henk", "Graag! Met mijn rollator wil ik onderweg even kunnen zitten."),
            ("allotment", "priya", "Ik doe mee en neem zaden mee."),
            ("mural", "rachid", "Mooi idee. Kunnen de kinderen van de school ook meedoen?")):
        ideas.add_comment(ideas_by_key[key], users[author], body)

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
