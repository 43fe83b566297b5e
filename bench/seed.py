"""Fill a fresh SQLite database with residents, requests and offers for the benchmark.

The schema comes from the real migrations (flask_migrate.upgrade), the default
neighbourhood and topics from buurt.ops.setup, two more neighbourhoods from
buurt.people.neighbourhoods; residents, their topics and the posts go in with bulk
Core inserts in chunks, all with one precomputed password hash.
"""
import logging
import os
import random
import time
from datetime import timedelta

import sqlalchemy as sa

from bench.app import build

PASSWORD = "welkom-in-de-buurt"
LOGIN_EMAIL = "bench.bewoner@example.nl"
CHUNK = 5_000

FIRST_NAMES = [
    "Anneke", "Joke", "Sanne", "Lotte", "Femke", "Marieke", "Ineke", "Gerda", "Truus", "Esther",
    "Marja", "Wilma", "Els", "Ria", "Fleur", "Iris", "Noor", "Julia", "Emma", "Sophie", "Tess",
    "Anouk", "Lieke", "Mirjam", "Hanneke", "Karin", "Saskia", "Ingrid", "Yvonne", "Petra",
    "Fatma", "Aisha", "Elif", "Priya", "Samira", "Naima", "Zeynep", "Sharon", "Kimberley",
    "Kees", "Henk", "Wim", "Jan", "Piet", "Bram", "Daan", "Thijs", "Sem", "Lucas", "Milan",
    "Ruben", "Jeroen", "Sander", "Bas", "Niels", "Maarten", "Joost", "Gerrit", "Hans", "Rob",
    "Mohamed", "Rachid", "Yusuf", "Mustafa", "Hakan", "Ahmet", "Karim", "Youssef", "Rajesh",
    "Dennis", "Stefan", "Marco", "Erik", "Frank", "Koen", "Tim", "Noah", "Jesse", "Levi",
]
LAST_NAMES = [
    "de Vries", "Jansen", "de Jong", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
    "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden",
    "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Berg", "van Dijk", "van Beek",
    "Koster", "Prins", "Huisman", "Postma", "Kuipers", "Willems", "van Wijk", "Schouten",
    "El Amrani", "Yilmaz", "Bouzid", "Demir", "Ramdin", "Mahmoud", "Kaya", "Öztürk",
    "Ait Taleb", "Sewdien", "Çelik", "Haddouchi", "Doğan", "Boukhari", "Pinas", "Kartodikromo",
]
STREETS = {
    "centrum": ["Lindengracht", "Westerstraat", "Palmgracht", "Goudsbloemstraat", "Tuinstraat",
                "Brouwersgracht", "Egelantiersgracht", "Noordermarkt", "Bloemgracht",
                "Rozengracht", "Lauriergracht", "Willemsstraat", "Anjeliersstraat"],
    "oost": ["Javastraat", "Molukkenstraat", "Celebesstraat", "Insulindeweg",
             "Sumatrastraat", "Balistraat", "Borneostraat"],
    "noord": ["Van der Pekstraat", "Hagedoornweg", "Meeuwenlaan", "Nieuwendammerdijk",
              "Buiksloterweg", "Kamperfoelieweg"],
}
# (slug, name, postcode areas, share of residents)
EXTRA_NEIGHBOURHOODS = [
    ("oost", "Indische Buurt", ["1094", "1095"], 0.2),
    ("noord", "Vogelbuurt", ["1021", "1022"], 0.1),
]

# Per topic: popularity, request titles, offer titles.
TOPIC_TEXT = {
    "boodschappen": (14, ["Wie kan boodschappen voor mij doen?", "Boodschappen bij de Dirk",
                          "Zware boodschappen naar de derde verdieping"],
                     ["Ik doe graag boodschappen voor je", "Elke zaterdag naar de markt"]),
    "vervoer": (9, ["Rit naar het OLVG", "Wie brengt mij naar de huisarts?",
                    "Vervoer naar de begraafplaats"],
                ["Ik heb een auto en tijd", "Samen met de fiets naar de stad"]),
    "klussen": (12, ["Lamp ophangen in de woonkamer", "Kast in elkaar zetten",
                     "Lekkende kraan in de keuken"],
                ["Handige buurman voor kleine klussen", "Ik heb een boormachine en een trap"]),
    "tuin": (6, ["Heg snoeien in het voorjaar", "Hulp bij het onkruid in mijn tuintje"],
             ["Ik maai graag je gras", "Geveltuin aanleggen? Ik help"]),
    "computerhulp": (13, ["Hulp bij DigiD op mijn telefoon", "Foto's naar de computer zetten",
                          "Mijn printer doet het niet"],
                     ["Geduldige hulp bij telefoon en computer", "Uitleg over WhatsApp"]),
    "gezelschap": (10, ["Samen wandelen in het Westerpark", "Wie komt er koffie drinken?",
                        "Gezelschap op zondagmiddag"],
                   ["Een kop koffie en een praatje", "Samen een spelletje doen"]),
    "taal": (7, ["Oefenen met Nederlands praten", "Hulp bij mijn inburgeringsexamen"],
             ["Taalmaatje voor een uur per week", "Ik lees graag brieven met je door"]),
    "oppas": (6, ["Oppas gezocht op woensdagmiddag", "Wie haalt mijn zoon van school?"],
              ["Ervaren oppas in de buurt", "Ik pas op je kinderen op vrijdag"]),
    "dieren": (5, ["Wie laat mijn hond uit?", "Katten voeren tijdens mijn vakantie"],
               ["Ik laat je hond uit", "Oppas voor katten en konijnen"]),
    "zorg": (6, ["Help mij mijn zorg te regelen", "Vaste hulp bij de apotheek"],
             ["Mantelzorg ontlasten? Ik kom langs", "Ik ga mee naar het ziekenhuis"]),
    "administratie": (7, ["Brief van de Belastingdienst begrijpen", "Huurtoeslag aanvragen"],
                      ["Hulp bij formulieren en brieven", "Samen je administratie op orde"]),
    "koken": (5, ["Wie kookt er af en toe voor mij?", "Samen eten op vrijdag"],
              ["Ik kook een keer extra voor jou", "Surinaams koken voor de buren"]),
}
BODIES = [
    "Het gaat om een uurtje, wanneer het jou uitkomt.",
    "Ik woon op twee hoog, de bel werkt niet altijd: bel gerust even.",
    "Koffie en koek staan klaar.",
    "Het liefst in de ochtend, maar de middag kan ook.",
    "Ik betaal natuurlijk de onkosten.",
    "Stuur me een bericht, dan spreken we iets af.",
    "Ik ben niet zo mobiel sinds mijn operatie.",
    "Ik woon hier al dertig jaar en ken bijna iedereen in de straat.",
]
# Posts that are not published: (state, share), the rest (about 95%) is published.
OTHER_STATES = [("closed", 0.030), ("pending", 0.008), ("paused", 0.005),
                ("hidden", 0.004), ("removed", 0.003)]


def _remove(path: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def _chunks(rows: list, size: int = CHUNK):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _email(first: str, last: str, number: int) -> str:
    plain = (f"{first}.{last}".lower().replace(" ", "").replace("ö", "o").replace("ç", "c")
             .replace("ğ", "g"))
    return f"{plain}.{number}@example.nl"


def seed(db_path: str, *, residents: int, posts: int, seed_value: int = 42,
         log=print) -> dict:
    """Create db_path afresh and fill it; return what the benchmark needs to know."""
    from flask_migrate import upgrade

    from buurt.core import clock
    from buurt.core.extensions import db
    from buurt.ops import setup
    from buurt.people import accounts, neighbourhoods
    from buurt.people.models import Neighbourhood, Topic, User, UserTopic
    from buurt.posts.models import Post

    rng = random.Random(seed_value)
    _remove(db_path)
    started = time.perf_counter()
    app = build(db_path)
    with app.app_context():
        logging.disable(logging.INFO)  # alembic's "Running upgrade ..." lines
        try:
            upgrade()  # the real migrations, as `flask db upgrade` runs them
        finally:
            logging.disable(logging.NOTSET)
        setup.ensure_defaults()
        for slug, name, areas, _share in EXTRA_NEIGHBOURHOODS:
            neighbourhoods.create(slug=slug, name=name, postcodes=areas)
        db.session.commit()
        log(f"  schema and defaults      {time.perf_counter() - started:6.1f} s")

        topics = {t.slug: t.id for t in db.session.scalars(db.select(Topic))}
        hoods = {n.slug: n.id for n in db.session.scalars(db.select(Neighbourhood))}
        hood_slugs = [neighbourhoods.DEFAULT_SLUG] + [h[0] for h in EXTRA_NEIGHBOURHOODS]
        hood_weights = [1 - sum(h[3] for h in EXTRA_NEIGHBOURHOODS)] + [
            h[3] for h in EXTRA_NEIGHBOURHOODS]
        topic_slugs = list(TOPIC_TEXT)
        topic_weights = [TOPIC_TEXT[s][0] for s in topic_slugs]
        password_hash = accounts.hash_password(PASSWORD)  # once, for every resident
        now = clock.now()

        def pick_topics(count):
            chosen = set()
            while len(chosen) < count:
                chosen.add(rng.choices(topic_slugs, topic_weights)[0])
            return sorted(chosen)

        # Residents and the topics they seek and offer.
        t0 = time.perf_counter()
        first_id = (db.session.scalar(db.select(sa.func.max(User.id))) or 0) + 1
        users, links, user_hood = [], [], {}
        for n in range(residents):
            uid = first_id + n
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            if n == 0:  # the resident the benchmark logs in as: centrum, several topics
                hood, email, seek, offer = (neighbourhoods.DEFAULT_SLUG, LOGIN_EMAIL,
                                            ["computerhulp", "vervoer"],
                                            ["boodschappen", "klussen", "gezelschap"])
            else:
                hood = rng.choices(hood_slugs, hood_weights)[0]
                email = _email(first, last, uid)
                seek, offer = pick_topics(rng.randint(1, 3)), pick_topics(rng.randint(1, 3))
            user_hood[uid] = hoods[hood]
            users.append(dict(
                id=uid, display_name=f"{first} {last}", email=email, email_verified_at=now,
                password_hash=password_hash, role="resident", neighbourhood_id=hoods[hood],
                street=f"{rng.choice(STREETS[hood])} {rng.randint(1, 250)}",
                language="en" if rng.random() < 0.08 and n else "nl",
                in_directory=rng.random() < 0.3, onboarded_by_id=None,
                created_at=now - timedelta(days=365 + rng.uniform(0, 365))))
            links += [dict(user_id=uid, topic_id=topics[s], direction="seek") for s in seek]
            links += [dict(user_id=uid, topic_id=topics[s], direction="offer") for s in offer]
        for chunk in _chunks(users):
            db.session.execute(sa.insert(User.__table__), chunk)
        for chunk in _chunks(links):
            db.session.execute(sa.insert(UserTopic.__table__), chunk)
        db.session.commit()
        log(f"  {residents:,} residents ({len(links):,} topic links)"
            f" {time.perf_counter() - t0:6.1f} s")

        # Requests (about 60%) and offers, over the past year, more of them lately.
        t0 = time.perf_counter()
        first_post = (db.session.scalar(db.select(sa.func.max(Post.id))) or 0) + 1
        user_ids = list(user_hood)
        login_id = first_id
        rows = []
        for n in range(posts):
            kind = "request" if rng.random() < 0.6 else "offer"
            author = rng.choice(user_ids)
            while author == login_id and residents > 1:  # the log-in resident posts nothing
                author = rng.choice(user_ids)
            slug = rng.choices(topic_slugs, topic_weights)[0]
            _weight, request_titles, offer_titles = TOPIC_TEXT[slug]
            age = timedelta(seconds=365 * 24 * 3600 * rng.random() ** 1.4)
            created = (now - age).replace(microsecond=rng.randrange(1_000_000))
            state, roll = "published", rng.random()
            for other, share in OTHER_STATES:
                if roll < share:
                    state = other
                    break
                roll -= share
            row = dict(
                id=first_post + n, kind=kind, author_id=author,
                neighbourhood_id=user_hood[author], topic_id=topics[slug],
                title=rng.choice(request_titles if kind == "request" else offer_titles),
                body=" ".join(rng.sample(BODIES, rng.randint(1, 3))), state=state,
                created_at=created, updated_at=created, closed_at=None, closed_reason=None,
                need=None, urgency=None, needed_by=None)
            if state == "closed":
                row["closed_at"] = min(now, created + timedelta(days=rng.uniform(1, 30)))
                row["closed_reason"] = rng.choice(["done", "done", "expired", "withdrawn"])
            if kind == "request":
                care = rng.random() < (0.7 if slug == "zorg" else 0.03)
                row["need"] = "care" if care else "help"
                row["urgency"] = rng.choices(["soon", "week", "any"], [2, 3, 5])[0]
                if rng.random() < 0.3:
                    row["needed_by"] = (created + timedelta(days=rng.randint(1, 21))).date()
            rows.append(row)
        built = time.perf_counter() - t0
        t1 = time.perf_counter()
        for chunk in _chunks(rows):
            db.session.execute(sa.insert(Post.__table__), chunk)
        db.session.commit()
        db.session.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.commit()
        requests = sum(1 for r in rows if r["kind"] == "request")
        published = sum(1 for r in rows if r["state"] == "published")
        log(f"  {posts:,} posts ({requests:,} requests, {posts - requests:,} offers, "
            f"{published:,} published) built {built:.1f} s, inserted "
            f"{time.perf_counter() - t1:.1f} s")
        db.session.remove()
        db.engine.dispose()
    return {"login_email": LOGIN_EMAIL, "password": PASSWORD, "residents": residents,
            "posts": posts, "seconds": round(time.perf_counter() - started, 1)}
