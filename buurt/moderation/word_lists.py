"""A neighbourhood's own words for the screening: blocked words it adds to the lists in
data/screening/, and allowed words (a street name, a local word) it takes out."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from buurt.core.extensions import db
from buurt.moderation import cases
from buurt.moderation.models import ModerationWord, WordListKind
from buurt.people.models import Neighbourhood, User


def words_for(neighbourhood_id: int) -> tuple[list[str], list[str]]:
    """The neighbourhood's own additions to the block and allow lists."""
    rows = db.session.execute(select(ModerationWord.word, ModerationWord.kind)
                              .filter_by(neighbourhood_id=neighbourhood_id)).all()
    return ([w for w, k in rows if k == WordListKind.BLOCK],
            [w for w, k in rows if k == WordListKind.ALLOW])


def add_word(neighbourhood: Neighbourhood, manager: User, word: str, kind: str) -> None:
    word = " ".join((word or "").lower().split())
    if not word or len(word) > 80 or kind not in (WordListKind.BLOCK, WordListKind.ALLOW):
        raise cases.ModerationError(_l("Write one word or a short phrase."))
    try:
        with db.session.begin_nested():
            db.session.add(ModerationWord(neighbourhood_id=neighbourhood.id, word=word,
                                          kind=kind, added_by_id=manager.id))
    except IntegrityError:
        raise cases.ModerationError(_l("This word is on the list already.")) from None
    cases.log_action(None, manager, f"word:{kind}", word,
                     target=("neighbourhood", neighbourhood.id),
                     neighbourhood_id=neighbourhood.id)


def remove_word(word: ModerationWord, manager: User) -> None:
    cases.log_action(None, manager, f"unword:{word.kind}", word.word,
                     target=("neighbourhood", word.neighbourhood_id),
                     neighbourhood_id=word.neighbourhood_id)
    db.session.delete(word)
