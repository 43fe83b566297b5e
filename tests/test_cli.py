"""The `flask buurt …` commands."""
from buurt.care.models import CareTask
from buurt.core.extensions import db
from buurt.market.models import Offer, Request, Response
from buurt.notifications.models import Notification, OutboxEmail
from buurt.ops.demo import people
from buurt.people import accounts
from buurt.people.models import Membership, Neighbourhood, Topic, User
from buurt.posts.models import Post


def count(model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_init_is_idempotent(runner):
    first = runner.invoke(args=["buurt", "init"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["buurt", "init"])
    assert second.exit_code == 0 and "0 neighbourhood(s) and 0 topic(s)" in second.output
    assert count(Neighbourhood) == 1 and count(Topic) >= 12
    slugs = set(db.session.scalars(db.select(Topic.slug)))
    assert {"boodschappen", "vervoer", "klussen", "tuin", "computerhulp", "gezelschap", "taal",
            "oppas", "dieren", "zorg", "administratie", "koken"} <= slugs
    assert db.session.scalar(db.select(Neighbourhood.slug)) == "centrum"


def test_demo_fills_an_empty_site_once(runner):
    result = runner.invoke(args=["buurt", "demo"])
    assert result.exit_code == 0, result.output
    residents, posts = count(User), count(Post)
    assert residents >= 20 and posts >= 30
    assert count(Request) >= 10 and count(Offer) >= 10
    assert len(set(db.session.scalars(db.select(Post.topic_id)))) >= 10
    # The marketplace is in use: reactions in each state, a care schedule with a gap.
    states = set(db.session.scalars(db.select(Response.state)))
    assert {"offered", "accepted", "done"} <= states
    assert count(CareTask) == 3 and count(Notification) > 0
    again = runner.invoke(args=["buurt", "demo"])
    assert again.exit_code == 0 and "no demo data added" in again.output
    assert (count(User), count(Post)) == (residents, posts)
    assert accounts.authenticate(people.email_for("anneke"), people.DEMO_PASSWORD) is not None
    # The demo's addresses count as confirmed, so the demo shows its mail.
    assert db.session.scalar(db.select(db.func.count(User.id))
                             .where(User.email.is_not(None),
                                    User.email_verified_at.is_(None))) == 0


def test_user_create_with_role_and_neighbourhood(runner, topics, make_neighbourhood):
    make_neighbourhood("oost", ["1091"])
    result = runner.invoke(args=["buurt", "user", "create", "--email", "Mira@example.com",
                                 "--name", "Mira", "--password", "lang wachtwoord",
                                 "--role", "manager", "--neighbourhood", "oost"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).filter_by(email="mira@example.com"))
    assert user.role == "manager" and user.neighbourhood.slug == "oost"
    membership = db.session.scalar(db.select(Membership).filter_by(user_id=user.id))
    assert membership.role == "manager" and membership.neighbourhood.slug == "oost"
    assert accounts.authenticate("mira@example.com", "lang wachtwoord") == user
    # The admin vouches for the address: no link to confirm it, and mail goes out.
    assert user.email_verified_at is not None
    assert count(OutboxEmail) == 0


def test_user_create_refuses_bad_input(runner, topics, make_user):
    make_user(email="bezet@example.com")
    base = ["buurt", "user", "create", "--name", "X", "--password", "lang wachtwoord"]
    taken = runner.invoke(args=base + ["--email", "bezet@example.com"])
    assert taken.exit_code != 0 and "exists already" in taken.output
    nowhere = runner.invoke(args=base + ["--email", "a@example.com", "--neighbourhood", "mars"])
    assert nowhere.exit_code != 0 and "No neighbourhood 'mars'" in nowhere.output
    role = runner.invoke(args=base + ["--email", "b@example.com", "--role", "koning"])
    assert role.exit_code != 0
    assert count(User) == 1


def test_neighbourhood_create(runner, topics):
    result = runner.invoke(args=["buurt", "neighbourhood", "create", "--slug", "jordaan",
                                 "--name", "Jordaan", "--postcodes", "1015, 1016"])
    assert result.exit_code == 0, result.output
    jordaan = db.session.scalar(db.select(Neighbourhood).filter_by(slug="jordaan"))
    assert jordaan.postcode_list == ["1015", "1016"]
    clash = runner.invoke(args=["buurt", "neighbourhood", "create", "--slug", "west",
                                "--name", "West", "--postcodes", "1016,1051"])
    assert clash.exit_code != 0 and "1016 (jordaan)" in clash.output
    assert count(Neighbourhood) == 2


def test_tick_does_the_periodic_work_once(runner, make_post):
    from datetime import timedelta

    import time_machine

    from buurt.core import clock
    post = make_post("request")
    with time_machine.travel(clock.now() + timedelta(days=31), tick=False):
        first = runner.invoke(args=["buurt", "tick"])
        assert first.exit_code == 0 and "expired: 1" in first.output
        again = runner.invoke(args=["buurt", "tick"])
        assert "expired: 0" in again.output
    db.session.refresh(post)
    assert post.closed_reason == "expired"
