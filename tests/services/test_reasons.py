"""Every rule the screening can give has its own sentence for the manager, in both
languages; describe() needs no request."""
import pytest
from flask_babel import force_locale

from buurt.moderation import reasons
from buurt.moderation.screening import screen, targets as screening_targets

SCREENING_RULES = {
    "offensive": ["threat", "discrimination", "defamation", "neighbourhood_word"]
    + sorted({rule for rule, _ in screening_targets._rules()}),
    "spam": ["shortener", "links", "commercial", "repeated_chars", "repeated_words",
             "gibberish", "repeated_text"],
    "vague": ["empty", "no_what", "no_when_where", "missing"],
}
LEXICON_KINDS = ["curse_disease", "profanity", "insult", "sexual", "slur_ethnic", "slur_lgbt",
                 "slur_disability", "threat", "defamation"]


def sentence(reason, language):
    with force_locale(language):
        return str(reasons.describe(reason))


def general(category, language):
    return sentence({"category": category, "rule": "no_such_rule", "words": []}, language)


@pytest.mark.parametrize("category, rule", [
    (category, rule) for category, rules in SCREENING_RULES.items() for rule in rules])
def test_each_rule_has_its_own_sentence_in_both_languages(app, category, rule):
    reason = {"category": category, "rule": rule, "words": ["what"], "params": {"count": 3}}
    with app.app_context():
        dutch, english = sentence(reason, "nl"), sentence(reason, "en")
        assert dutch != english
        assert dutch != general(category, "nl") and english != general(category, "en")


@pytest.mark.parametrize("kind", LEXICON_KINDS)
def test_each_lexicon_category_has_its_own_sentence(app, kind):
    reason = {"category": "offensive", "rule": "lexicon", "words": ["x"],
              "params": {"kind": kind}}
    with app.app_context():
        assert sentence(reason, "nl") != general("offensive", "nl")
        assert sentence(reason, "nl") != sentence(reason, "en")


def test_a_screened_verdict_reads_in_dutch(app):
    from buurt.moderation.services import reason_list
    verdict = screen(title="Buren", body="Stelletje tuig! https://a.example/1 "
                     "https://a.example/2 https://a.example/3", kind="story")
    with app.app_context():
        assert [sentence(r, "nl") for r in reason_list(verdict)] == [
            "Scheldt buren uit als groep, bijvoorbeeld \"tuig\".",
            "Heeft 3 links; meer dan 2 is vreemd voor een bericht in de buurt."]
