"""The demo's residents and staff, who all log in with one password."""
from datetime import timedelta

from buurt.core.extensions import db
from buurt.people import accounts
from buurt.people.models import Membership, Role, User

DEMO_PASSWORD = "welkom-in-de-buurt"

# name, e-mail name, street, topics sought, topics offered
RESIDENTS = [
    ("Anneke de Vries", "anneke", "Lindengracht", ["computerhulp", "vervoer"],
     ["koken", "gezelschap"]),
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

STAFF = [
    ("Fatima Ouali", "beheer", Role.MANAGER),
    ("Peter Kok", "ambassadeur", Role.AMBASSADOR),
    ("Beheerder", "admin", Role.ADMIN),
]


def email_for(name: str) -> str:
    return f"{name}@example.com"


def add(neighbourhood, password_hash, start) -> tuple[dict, dict]:
    """The residents and the staff, each as {e-mail name: User}."""
    users = {}
    for i, (name, key, street, seek, offer) in enumerate(RESIDENTS):
        user = User(display_name=name, email=email_for(key), email_verified_at=start,
                    password_hash=password_hash, neighbourhood=neighbourhood, street=street,
                    in_directory=i % 3 != 0, created_at=start + timedelta(hours=i))
        accounts.set_topics(user, seek=seek, offer=offer)
        users[key] = user
        db.session.add(user)
    staff_by_key = {}
    for name, key, role in STAFF:
        staff = staff_by_key[key] = User(display_name=name, email=email_for(key), role=role,
                                         email_verified_at=start, password_hash=password_hash,
                                         neighbourhood=neighbourhood, created_at=start)
        db.session.add(staff)
        if role in (Role.MANAGER, Role.AMBASSADOR):
            db.session.add(Membership(user=staff, neighbourhood=neighbourhood, role=role))
    db.session.flush()
    return users, staff_by_key
