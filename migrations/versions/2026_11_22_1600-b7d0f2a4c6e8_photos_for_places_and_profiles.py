"""photos for places and profiles: place.photo_id and user.photo_id

Revision ID: b7d0f2a4c6e8
Revises: a6c9e1f3b5d7
Create Date: 2026-11-22 16:00:00.000000

Items to lend and events keep their photo in the post table's upload_id column, which
stories already have. Every photo column gets an index: before a replaced photo's files go,
uploads.delete_if_unused asks whether anything else still shows it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d0f2a4c6e8'
down_revision = 'a6c9e1f3b5d7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_place_photo_id'), ['photo_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_place_photo_id_upload'), 'upload',
                                    ['photo_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_user_photo_id'), ['photo_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_user_photo_id_upload'), 'upload',
                                    ['photo_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.create_index('ix_post_upload', ['upload_id'], unique=False)


def downgrade():
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_index('ix_post_upload')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_user_photo_id_upload'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_user_photo_id'))
        batch_op.drop_column('photo_id')

    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_place_photo_id_upload'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_place_photo_id'))
        batch_op.drop_column('photo_id')
