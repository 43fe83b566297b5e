"""thank-you stories keep the bare title: "Bedankt: " / "Thank you: " is added when shown

Revision ID: c8e2a4b6d8f0
Revises: c8e1a3b5d7f9
Create Date: 2026-12-03 10:30:00.000000

A thank-you note shared as a story (post.thank_you_id set) was stored with "Bedankt: " or
"Thank you: " (earlier "Thanks: ") before the title, in the language of its author. Pages
now put the words in front in the reader's language (Story.display_title), so the stored
title loses them. No change to the schema. After the upgrade, `flask buurt reindex`
refreshes the titles in the search index.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c8e2a4b6d8f0'
down_revision = 'c8e1a3b5d7f9'
branch_labels = None
depends_on = None

PREFIXES = ("Bedankt: ", "Thank you: ", "Thanks: ")
TITLE_MAX = 140

post = sa.table("post", sa.column("id", sa.Integer), sa.column("kind", sa.String),
                sa.column("title", sa.String), sa.column("author_id", sa.Integer),
                sa.column("thank_you_id", sa.Integer))
user = sa.table("user", sa.column("id", sa.Integer), sa.column("language", sa.String))


def _thank_you_stories():
    return sa.and_(post.c.kind == "story", post.c.thank_you_id.is_not(None))


def upgrade():
    for prefix in PREFIXES:
        op.execute(post.update()
                   .where(_thank_you_stories(), post.c.title.startswith(prefix, autoescape=True))
                   .values(title=sa.func.substr(post.c.title, len(prefix) + 1)))


def downgrade():
    language = (sa.select(user.c.language).where(user.c.id == post.c.author_id)
                .scalar_subquery())
    prefixed = sa.case((language == "en", sa.literal("Thank you: ")),
                       else_=sa.literal("Bedankt: ")).concat(post.c.title)
    op.execute(post.update().where(_thank_you_stories())
               .values(title=sa.func.substr(prefixed, 1, TITLE_MAX)))
