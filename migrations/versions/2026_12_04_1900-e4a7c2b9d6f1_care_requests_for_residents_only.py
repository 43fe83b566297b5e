"""care requests are for residents only: out of visitors' search, off the list to share

Revision ID: e4a7c2b9d6f1
Revises: e1a4c7f2b9d3
Create Date: 2026-12-04 19:00:00.000000

No change to the schema. A care request's search document is now for residents only
(audience "residents"); on PostgreSQL the documents already written are changed here. The
Whoosh index lives outside the database: run `flask buurt reindex` after upgrading (until
then the search page still keeps care requests from visitors). A care request is never
shared on the neighbourhood's own channels, so none stays on the managers' list.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4a7c2b9d6f1'
down_revision = 'e1a4c7f2b9d3'
branch_labels = None
depends_on = None

post = sa.table("post", sa.column("id", sa.Integer), sa.column("kind", sa.String),
                sa.column("need", sa.String), sa.column("share_marked_at", sa.DateTime))
search_document = sa.table("search_document", sa.column("entity", sa.String),
                           sa.column("entity_id", sa.Integer),
                           sa.column("audience", sa.String))
care_requests = sa.select(post.c.id).where(post.c.kind == "request", post.c.need == "care")


def _has_search_documents() -> bool:
    bind = op.get_bind()
    return (bind.dialect.name == "postgresql"
            and sa.inspect(bind).has_table("search_document"))


def upgrade():
    op.execute(post.update().where(post.c.id.in_(care_requests))
               .values(share_marked_at=None))
    if _has_search_documents():
        op.execute(search_document.update()
                   .where(search_document.c.entity == "post",
                          search_document.c.entity_id.in_(care_requests))
                   .values(audience="residents"))


def downgrade():
    # Which care requests were on the list to share is not kept.
    if _has_search_documents():
        op.execute(search_document.update()
                   .where(search_document.c.entity == "post",
                          search_document.c.entity_id.in_(care_requests))
                   .values(audience="public"))
