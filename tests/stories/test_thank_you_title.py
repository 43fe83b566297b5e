"""A thank-you note shared as a story: "Bedankt:" / "Thank you:" in the reader's language."""
from buurt.core.extensions import db
from buurt.market import responses
from buurt.stories import services as stories
from buurt.stories.models import Story
from tests.stories.conftest import text

TITLE = "Wie maakt mijn fietslampje?"


def shared_thank_you(make_user, make_post):
    """A Dutch resident thanks her helper and shares it; it is on the front page too."""
    asker, helper = make_user("Ria", language="nl"), make_user("Bart", language="nl")
    request = make_post("request", author=asker, title=TITLE)
    response = responses.respond(request, helper, "Ik kom zaterdag langs.")
    responses.accept(response, asker)
    responses.mark_done(response, asker)
    responses.thank(response, asker, "Dank je wel Bart, ik fiets weer veilig in het donker!",
                    share_publicly=True)
    story = db.session.scalar(db.select(Story))
    stories.feature(story)
    db.session.commit()
    return story


def test_the_thank_you_words_are_in_the_readers_language(client, make_user, make_post):
    story = shared_thank_you(make_user, make_post)
    assert story.title == TITLE           # stored without the words in front
    urls = ["/stories", f"/stories/{story.id}", "/", "/search?q=fietslampje"]
    for language, words, other in (("nl", "Bedankt: ", "Thank you: "),
                                   ("en", "Thank you: ", "Bedankt: ")):
        for url in urls:
            page = text(client.get(url, headers={"Accept-Language": language}))
            assert words + "Wie maakt mijn" in page, (language, url)
            assert other not in page, (language, url)
        detail = text(client.get(f"/stories/{story.id}", headers={"Accept-Language": language}))
        assert f"<title>{words}{TITLE} · Buurt</title>" in detail
        assert f'<meta property="og:title" content="{words}{TITLE}">' in detail
        assert f"<h1>{words}{TITLE}</h1>" in detail


def test_a_story_of_its_own_has_no_thank_you_words(client, make_user):
    author = make_user("Ria", language="nl")
    story = stories.create(author, title="Onze straat heeft weer een tuin",
                           body="Twaalf buren plantten bloemen.")
    db.session.commit()
    page = text(client.get(f"/stories/{story.id}", headers={"Accept-Language": "en"}))
    assert "<h1>Onze straat heeft weer een tuin</h1>" in page and "Thank you: " not in page


def test_search_finds_a_thank_you_by_the_word_thanks(client, make_user, make_post):
    shared_thank_you(make_user, make_post)
    for q, words in (("bedankt", "Bedankt: "), ("thanks", "Thank you: ")):
        language = "nl" if q == "bedankt" else "en"
        page = text(client.get(f"/search?q={q}", headers={"Accept-Language": language}))
        assert words + "Wie maakt mijn fietslampje?" in page, q
