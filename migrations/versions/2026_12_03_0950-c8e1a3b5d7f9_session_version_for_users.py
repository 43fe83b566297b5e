"""session version for users: user.session_version

Revision ID: c8e1a3b5d7f9
Revises: b7d0f2a4c6e8
Create Date: 2026-12-03 09:50:00.000000

Every session and "remember me" cookie carries the user's session version; raising it ends
them all (a new login card for a neighbour who forgot their password). Existing sessions
carry no version and count as version 0, so nobody is logged out by the upgrade.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c8e1a3b5d7f9'
down_revision = 'b7d0f2a4c6e8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False,
                                      server_default='0'))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_version')
