"""Queueing mail: the recipient's language, escaping, the preference link, many at once."""
import pytest
from jinja2 import ChoiceLoader, DictLoader

from buurt.core.extensions import db
from buurt.notifications import mail
from buurt.notifications.models import OutboxEmail, OutboxState

LINK = "https://buurt.example/password/reset/abc?x=1&y=2"


def queue_reset_mail(user, **context):
    values = {"name": user.display_name, "link": LINK, "hours": 2, **context}
    return mail.queue(user, "password_reset", "password_reset", **values)


def outbox():
    return list(db.session.scalars(db.select(OutboxEmail).order_by(OutboxEmail.id)))


def test_each_resident_gets_the_mail_in_their_own_language(make_user):
    # "Hello %(name)s" and the footer line are in the Dutch catalogue already.
    dutch = queue_reset_mail(make_user("Kees", language="nl"))
    english = queue_reset_mail(make_user("Ann", language="en"))
    assert dutch.body_text.startswith("Hallo Kees,")
    assert "Buurt: buren helpen buren." in dutch.body_text
    assert "<p>Hallo Kees,</p>" in dutch.body_html and '<html lang="nl">' in dutch.body_html
    assert english.body_text.startswith("Hello Ann,")
    assert "Buurt: neighbours helping neighbours." in english.body_text
    assert '<html lang="en">' in english.body_html and "Hallo" not in english.body_html


def test_the_mail_is_queued_in_the_outbox_with_its_subject(make_user):
    user = make_user(email="kees@example.com", language="en")
    queued = queue_reset_mail(user)
    [row] = outbox()
    assert row is queued and row.id is not None
    assert (row.user_id, row.kind, row.to_address) == (user.id, "password_reset",
                                                         "kees@example.com")
    assert row.subject == "Choose a new password for Buurt"
    assert f"<title>{row.subject}</title>" in row.body_html
    assert row.state == OutboxState.QUEUED and row.attempts == 0
    assert row.send_after == row.created_at


def test_queueing_flushes_but_leaves_the_commit_to_the_caller(make_user):
    user = make_user()
    queue_reset_mail(user)
    db.session.rollback()
    assert outbox() == []


def test_user_content_is_escaped_in_html_and_kept_in_text(make_user):
    name = '<script>alert("x")</script> & <b>Kees</b>'
    queued = queue_reset_mail(make_user(language="en"), name=name)
    assert "<script" not in queued.body_html and "<b>Kees" not in queued.body_html
    assert "&lt;script&gt;" in queued.body_html and "&amp; &lt;b&gt;Kees" in queued.body_html
    assert f'href="{LINK.replace("&", "&amp;")}"' in queued.body_html
    assert queued.body_text.startswith(f"Hello {name},")
    assert LINK in queued.body_text


def test_html_is_simple(make_user):
    html = queue_reset_mail(make_user()).body_html
    for unwanted in ("<script", "<img", "<link", "<iframe", "<style", "src="):
        assert unwanted not in html


def test_every_mail_links_to_the_e_mail_preferences(app, make_user):
    app.config["BASE_URL"] = "https://buurt.example/"
    queued = queue_reset_mail(make_user())
    url = "https://buurt.example/notifications/settings"
    assert url in queued.body_text
    assert f'<a href="{url}"' in queued.body_html


@pytest.fixture
def post_mail(app):
    """A mail template with user content in its subject, as later features will have."""
    templates = {
        "mail/post.txt": '{% extends "mail/base.txt" %}'
                         '{% set subject = "New: " ~ title %}'
                         "{% block body %}{{ title }}{% endblock %}",
        "mail/post.html": '{% extends "mail/base.html" %}'
                          '{% set subject = "New: " ~ title %}'
                          "{% block body %}<p>{{ title }}</p>{% endblock %}",
    }
    app.jinja_env.loader = ChoiceLoader([DictLoader(templates), app.jinja_env.loader])
    return "post"


def test_the_subject_is_plain_text_on_one_line(make_user, post_mail):
    title = "Tom & <Jerry>\n  need   help"
    queued = mail.queue(make_user(), "match", post_mail, title=title)
    assert queued.subject == "New: Tom & <Jerry> need help"
    assert "<title>New: Tom &amp; &lt;Jerry&gt;" in queued.body_html
    assert "<p>Tom &amp; &lt;Jerry&gt;" in queued.body_html


def test_a_long_subject_is_cut_to_fit(make_user, post_mail):
    queued = mail.queue(make_user(), "match", post_mail, title="x" * 500)
    assert len(queued.subject) == 200


def test_a_user_without_e_mail_gets_nothing(make_user):
    user = make_user()
    user.email = None
    db.session.commit()
    assert queue_reset_mail(user) is None
    assert mail.queue_many([user], "password_reset", "password_reset", name="x", link=LINK,
                           hours=2) == 0
    assert outbox() == []


def test_queue_many_queues_one_per_recipient_rendered_per_language(make_user, monkeypatch):
    dutch = [make_user(language="nl") for _ in range(3)]
    english = [make_user(language="en") for _ in range(2)]
    no_mail = make_user()
    no_mail.email = None
    db.session.commit()
    renders = []
    render = mail.render

    def counting(template, language, context):
        renders.append(language)
        return render(template, language, context)
    monkeypatch.setattr(mail, "render", counting)

    recipients = dutch + english + [no_mail, dutch[0]]
    count = mail.queue_many(recipients, "match", "password_reset", name="Buren", link=LINK,
                            hours=2)
    assert count == 5
    assert sorted(renders) == ["en", "nl"]
    rows = outbox()
    assert sorted(r.user_id for r in rows) == sorted(u.id for u in dutch + english)
    by_user = {r.user_id: r for r in rows}
    assert all(by_user[u.id].body_text.startswith("Hallo Buren,") for u in dutch)
    assert all(by_user[u.id].body_text.startswith("Hello Buren,") for u in english)
    assert {r.to_address for r in rows} == {u.email for u in dutch + english}
    assert {(r.kind, r.state, r.attempts) for r in rows} == {("match", "queued", 0)}


def test_queue_many_with_nobody_queues_nothing(app):
    assert mail.queue_many([], "match", "password_reset") == 0


@pytest.mark.parametrize("base, expected", [
    ("http://127.0.0.1:5000", "http://127.0.0.1:5000/password/reset/t0k"),
    ("https://buurt.example/", "https://buurt.example/password/reset/t0k"),
    ("https://example.org/buurt", "https://example.org/buurt/password/reset/t0k"),
])
def test_absolute_url_uses_base_url_outside_a_request(app, base, expected):
    app.config["BASE_URL"] = base
    assert mail.absolute_url("auth.reset_password", token="t0k") == expected


def test_absolute_url_ignores_the_request_host(app):
    app.config["BASE_URL"] = "https://buurt.example"
    with app.test_request_context("/", base_url="http://internal:8000"):
        assert mail.absolute_url("auth.forgot_password") == (
            "https://buurt.example/password/forgot")
