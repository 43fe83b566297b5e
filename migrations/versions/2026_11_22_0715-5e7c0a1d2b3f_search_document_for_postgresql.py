"""search: the search_document table for PostgreSQL full-text search

Revision ID: 5e7c0a1d2b3f
Revises: fd3658213be5
Create Date: 2026-11-22 07:15:00.000000

Only on PostgreSQL: the table is not a model, SQLite keeps using Whoosh. The statements are
the same as buurt.core.search.postgres_backend's CREATE_TABLE and CREATE_INDEX (a test compares
them). Run `flask buurt reindex` after upgrading to fill it.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5e7c0a1d2b3f'
down_revision = 'fd3658213be5'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""
CREATE TABLE IF NOT EXISTS search_document (
    post_id integer NOT NULL PRIMARY KEY REFERENCES post (id) ON DELETE CASCADE,
    neighbourhood_id integer NOT NULL,
    kind varchar(16) NOT NULL,
    topic_id integer,
    document tsvector NOT NULL
)""")
    op.execute("CREATE INDEX IF NOT EXISTS ix_search_document_document "
               "ON search_document USING gin (document)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS search_document")
