"""deleted accounts: the moment on the user, and a record of on whose word it went

Revision ID: e1a4c7d9f2b3
Revises: 42e031b32905
Create Date: 2026-12-04 09:00:00.000000

No account is deleted yet: deleted_at starts empty for everyone and the record table
starts empty.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e1a4c7d9f2b3'
down_revision = '42e031b32905'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(), nullable=True))

    op.create_table('account_deletion',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('consent_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['by_id'], ['user.id'], name=op.f('fk_account_deletion_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_account_deletion_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_account_deletion'))
    )
    with op.batch_alter_table('account_deletion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_deletion_by_id'), ['by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('account_deletion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_deletion_by_id'))

    op.drop_table('account_deletion')
    # A plain ALTER TABLE … DROP COLUMN, not a batch copy: on SQLite a batch rebuilds the
    # user table, and every ON DELETE CASCADE key that refers to it would empty its table.
    op.drop_column('user', 'deleted_at')
