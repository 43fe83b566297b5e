"""the version of the privacy statement a resident accepted at sign-up, and when

Revision ID: d9f3b5c7e1a2
Revises: c8e2a4b6d8f0
Create Date: 2026-12-03 11:00:00.000000

Existing accounts keep both empty: nothing was recorded when they signed up.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd9f3b5c7e1a2'
down_revision = 'c8e2a4b6d8f0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('privacy_version', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('privacy_accepted_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('privacy_accepted_at')
        batch_op.drop_column('privacy_version')
