"""uploads, stories and announcements: the upload table and the post columns they need

Revision ID: e4a7c9d1f3b5
Revises: d3f6b8c0e2a4
Create Date: 2026-11-22 13:00:00.000000

Stories and announcements are rows of the post table (kinds "story" and "announcement").
An announcement on behalf of an initiative uses the initiative_id column events have. A
story made from a thank-you note keeps its id without a foreign key (thank_you refers to
response, response to post: a key back would be a circle).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4a7c9d1f3b5'
down_revision = 'd3f6b8c0e2a4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('upload',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('thumb_name', sa.String(length=64), nullable=True),
    sa.Column('thumb_width', sa.Integer(), nullable=True),
    sa.Column('thumb_height', sa.Integer(), nullable=True),
    sa.Column('thumb_bytes', sa.Integer(), nullable=True),
    sa.Column('original_bytes', sa.Integer(), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_upload_owner_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_upload')),
    sa.UniqueConstraint('name', name=op.f('uq_upload_name')),
    sa.UniqueConstraint('thumb_name', name=op.f('uq_upload_thumb_name'))
    )
    with op.batch_alter_table('upload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_upload_owner_id'), ['owner_id'], unique=False)

    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.add_column(sa.Column('publish_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('pinned_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('owed_to', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('advice', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('upload_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('featured_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('thank_you_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_post_announcement_feed', ['kind', 'state', 'neighbourhood_id', 'publish_at'], unique=False)
        batch_op.create_index('ix_post_announcement_publish', ['kind', 'state', 'publish_at'], unique=False)
        batch_op.create_index('ix_post_story_featured', ['kind', 'state', 'featured_at'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_post_thank_you_id'), ['thank_you_id'])
        batch_op.create_foreign_key(batch_op.f('fk_post_upload_id_upload'), 'upload', ['upload_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_post_upload_id_upload'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_post_thank_you_id'), type_='unique')
        batch_op.drop_index('ix_post_story_featured')
        batch_op.drop_index('ix_post_announcement_publish')
        batch_op.drop_index('ix_post_announcement_feed')
        batch_op.drop_column('thank_you_id')
        batch_op.drop_column('featured_at')
        batch_op.drop_column('upload_id')
        batch_op.drop_column('advice')
        batch_op.drop_column('owed_to')
        batch_op.drop_column('pinned_until')
        batch_op.drop_column('publish_at')

    with op.batch_alter_table('upload', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_upload_owner_id'))

    op.drop_table('upload')
