"""search: a queue of documents that must follow a committed change

Revision ID: a8c3e5f70b21
Revises: 5e7c0a1d2b3f
Create Date: 2026-11-22 10:00:00.000000

The rows are written in the same transaction as the change itself, so no committed
change can be missed by an index outside the database (Whoosh); whichever process holds the
index's writer lock works the queue off.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a8c3e5f70b21'
down_revision = '5e7c0a1d2b3f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'search_queue',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entity', sa.String(length=16), nullable=False),
        sa.Column('entity_id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_queue')),
    )


def downgrade():
    op.drop_table('search_queue')
