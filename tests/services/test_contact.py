"""Who serves a neighbourhood: the teams the contact page lists."""
from buurt.core.extensions import db
from buurt.pages import contact
from buurt.people.models import Membership, Role


def test_teams_name_the_managers_and_ambassadors_of_each_neighbourhood(make_user, centrum,
                                                                     make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091"], name="Oost")
    west = make_neighbourhood("west", ["1051"], name="West")
    mila = make_user("Mila", role=Role.MANAGER)
    bas = make_user("Bas", role=Role.MANAGER)
    amina = make_user("Amina", role=Role.AMBASSADOR)
    make_user("Ria")                                  # a resident serves nowhere
    db.session.add_all([Membership(user=mila, neighbourhood=centrum, role=Role.MANAGER),
                        Membership(user=bas, neighbourhood=centrum, role=Role.MANAGER),
                        # A manager who also serves another neighbourhood.
                        Membership(user=mila, neighbourhood=oost, role=Role.MANAGER),
                        Membership(user=amina, neighbourhood=oost, role=Role.AMBASSADOR)])
    db.session.commit()

    every = {team.neighbourhood.slug: (team.managers, team.ambassadors)
             for team in contact.teams()}
    assert every == {"centrum": (["Bas", "Mila"], []), "oost": (["Mila"], ["Amina"]),
                     "west": ([], [])}
    assert [team.neighbourhood.slug for team in contact.teams()] == ["centrum", "oost", "west"]
    only = contact.teams(oost.id)
    assert [(t.neighbourhood.slug, t.managers, t.ambassadors) for t in only] == [
        ("oost", ["Mila"], ["Amina"])]
    assert contact.teams(west.id)[0].managers == []
