"""The demo's ideas (level 3) with their support and comments."""
from buurt.ideas import services as ideas

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
# Who supports which idea (an author's own support is left out).
FANS = [
    ("allotment", ["anneke", "joke", "sanne", "kees", "fatma", "henk", "lotte", "marja", "truus",
                   "wim", "esther"]),
    ("benches", ["henk", "truus", "gerda", "anneke"]),
    ("mural", ["elif", "daan", "aisha"]),
    ("bikes", ["mohamed", "noah"]),
]
# idea, author, comment
COMMENTS = [
    ("benches", "henk", "Graag! Met mijn rollator wil ik onderweg even kunnen zitten."),
    ("allotment", "priya", "Ik doe mee en neem zaden mee."),
    ("mural", "rachid", "Mooi idee. Kunnen de kinderen van de school ook meedoen?"),
]


def add(users, topics) -> dict:
    """The ideas, as {key: Idea}."""
    ideas_by_key = {}
    for key, author, title, body, topic, cost in IDEAS:
        ideas_by_key[key] = ideas.create_idea(users[author], title=title, body=body,
                                              topic=topics[topic], estimated_cost=cost)
    for key, fans in FANS:
        for fan in fans:
            if ideas_by_key[key].author_id != users[fan].id:
                ideas.support(ideas_by_key[key], users[fan])
    for key, author, body in COMMENTS:
        ideas.add_comment(ideas_by_key[key], users[author], body)
    return ideas_by_key
