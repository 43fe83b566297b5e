"""One place sets a user's role from their memberships (buurt.people.roles)."""
from buurt.core.extensions import db
from buurt.people import roles
from buurt.people.models import Membership, Role


def _held(user):
    return sorted((m.neighbourhood.slug, m.role)
                  for m in db.session.scalars(db.select(Membership).filter_by(user_id=user.id)))


def test_the_highest_membership_sets_the_role_and_dismissal_steps_down(
        make_user, centrum, make_neighbourhood):
    noord = make_neighbourhood("noord", ["1031"])
    user = make_user()
    assert user.role == Role.RESIDENT and _held(user) == []

    roles.appoint(user, centrum, Role.AMBASSADOR)
    assert user.role == Role.AMBASSADOR
    roles.appoint(user, noord, Role.MANAGER)
    assert user.role == Role.MANAGER
    assert _held(user) == [("centrum", Role.AMBASSADOR), ("noord", Role.MANAGER)]
    assert roles.holds(user, noord, Role.MANAGER) and not roles.holds(user, centrum, Role.MANAGER)

    roles.dismiss(user, noord, Role.MANAGER)
    assert user.role == Role.AMBASSADOR and _held(user) == [("centrum", Role.AMBASSADOR)]
    roles.dismiss(user, centrum, Role.AMBASSADOR)
    assert user.role == Role.RESIDENT and _held(user) == []


def test_an_admin_stays_an_admin(make_user, centrum):
    admin = make_user(role=Role.ADMIN)
    roles.appoint(admin, centrum, Role.MANAGER)
    assert admin.role == Role.ADMIN and roles.holds(admin, centrum, Role.MANAGER)
    roles.dismiss(admin, centrum, Role.MANAGER)
    assert admin.role == Role.ADMIN and not roles.holds(admin, centrum, Role.MANAGER)


def test_recompute_mends_a_role_that_drifted_from_the_memberships(make_user, centrum):
    user = make_user()
    roles.appoint(user, centrum, Role.AMBASSADOR)
    user.role = Role.RESIDENT          # as an old hand-kept copy could leave it
    assert roles.recompute(user) == Role.AMBASSADOR
