"""share on our channels: the moment a manager marked a post for sharing

Revision ID: a6c9e1f3b5d7
Revises: f5b8d0e2a4c6
Create Date: 2026-11-22 15:00:00.000000

A marked post stands on the managers' list of posts to share on the neighbourhood's own
channels, newest mark first (hence the index).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a6c9e1f3b5d7'
down_revision = 'f5b8d0e2a4c6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.add_column(sa.Column('share_marked_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_post_share_marked', ['share_marked_at'], unique=False)


def downgrade():
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_index('ix_post_share_marked')
        batch_op.drop_column('share_marked_at')
