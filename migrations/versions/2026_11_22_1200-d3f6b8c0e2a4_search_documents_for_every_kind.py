"""search: one PostgreSQL document table for posts, places, initiatives and people

Revision ID: d3f6b8c0e2a4
Revises: c2e5a7b9d1f3
Create Date: 2026-11-22 12:00:00.000000

Only on PostgreSQL. Documents are now keyed by (entity, id) and keep the text they were made
from, so posts, places, initiatives and people share the table; `audience` says whether
visitors may find a document. The statements are the same as
buurt.core.search.postgres_backend's CREATE_TABLE and CREATE_INDEX (a test compares them).
The old table is an index, not data: run `flask buurt reindex` after upgrading.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd3f6b8c0e2a4'
down_revision = 'c2e5a7b9d1f3'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS search_document")
    op.execute("""
CREATE TABLE IF NOT EXISTS search_document (
    entity varchar(16) NOT NULL,
    entity_id integer NOT NULL,
    kind varchar(16) NOT NULL,
    neighbourhood_id integer NOT NULL,
    topic_ids integer[] NOT NULL,
    audience varchar(16) NOT NULL,
    created_at timestamp NOT NULL,
    title text NOT NULL,
    body text NOT NULL,
    document tsvector NOT NULL,
    CONSTRAINT pk_search_document PRIMARY KEY (entity, entity_id)
)""")
    op.execute("CREATE INDEX IF NOT EXISTS ix_search_document_document "
               "ON search_document USING gin (document)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS search_document")
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
