"""data exports: a resident asks for a zip of their data, the worker makes it

Revision ID: e4a7c2d9b1f3
Revises: d9f3b5c7e1a2
Create Date: 2026-12-04 09:00:00.000000

A partial unique index keeps one waiting export per resident.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4a7c2d9b1f3'
down_revision = 'd9f3b5c7e1a2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'data_export',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('file_name', sa.String(length=64), nullable=True),
        sa.Column('size_bytes', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('ready_at', sa.DateTime(), nullable=True),
        sa.Column('expires_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'],
                                name=op.f('fk_data_export_user_id_user'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_export')),
        sa.UniqueConstraint('token', name=op.f('uq_data_export_token')),
    )
    with op.batch_alter_table('data_export', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_export_user_id'), ['user_id'], unique=False)
        batch_op.create_index('ix_data_export_one_waiting', ['user_id'], unique=True,
                              sqlite_where=sa.text("state = 'waiting'"),
                              postgresql_where=sa.text("state = 'waiting'"))
        batch_op.create_index('ix_data_export_state', ['state', 'created_at'], unique=False)
        batch_op.create_index('ix_data_export_expires', ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('data_export', schema=None) as batch_op:
        batch_op.drop_index('ix_data_export_expires')
        batch_op.drop_index('ix_data_export_state')
        batch_op.drop_index('ix_data_export_one_waiting')
        batch_op.drop_index(batch_op.f('ix_data_export_user_id'))
    op.drop_table('data_export')
