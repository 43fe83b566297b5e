"""The demo's requests and offers, and what neighbours did with them: responses accepted,
help done and thanked for, and the matching neighbours told of the newest posts."""
from datetime import timedelta

from buurt.core.extensions import db
from buurt.market import responses
from buurt.market.models import Need, Offer, Request, Urgency
from buurt.notifications import notify
from buurt.posts.models import Post, PostState

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
     "Ik kook elke dag en maak makkelijk een bord extra voor iemand die niet zelf kan koken.",
     None, None),
    ("mohamed", "offer", "klussen", "Kleine klussen in huis",
     "Schilderij ophangen, kraan vervangen, kastje in elkaar zetten. Ik heb gereedschap.",
     None, None),
    ("sanne", "offer", "computerhulp", "Hulp met telefoon, tablet en computer",
     "Ik werk in de ICT en help graag met apps, e-mail, DigiD en videobellen.", None, None),
    ("kees", "offer", "tuin", "Tuinman met tijd over",
     "Gepensioneerd hovenier. Ik snoei, maai en geef advies over planten.", None, None),
    ("fatma", "offer", "oppas", "Oppassen op doordeweekse middagen",
     "Ik heb zelf twee kinderen en pas graag op, ook op kinderen die geen Nederlands spreken.",
     None, None),
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


def add_posts(users, neighbourhood, topics, start) -> None:
    """The posts, spread over the twenty days after the residents joined."""
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


def add_responses(users) -> dict:
    """Reactions, a conversation and thanks: a neighbourhood in use. Returns the requests by
    title."""
    requests = {r.title: r for r in db.session.scalars(db.select(Request))}
    for helper, author, title, message, outcome in ACTIVITY:
        response = responses.respond(requests[title], users[helper], message)
        if outcome in ("accepted", "done"):
            responses.accept(response, users[author])
        if outcome == "done":
            responses.mark_done(response, users[author])
            responses.thank(response, users[author], "Dank je wel! Nu kan ik mijn "
                            "kleinzoon weer videobellen.", share_publicly=True)
    return requests


def tell_matching_neighbours() -> None:
    """The newest posts reach the neighbours whose topics match, as new posts do."""
    for post in db.session.scalars(db.select(Post).order_by(Post.created_at.desc()).limit(12)):
        notify.matching_neighbours(post)
