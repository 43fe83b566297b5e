"""info: meeting places, initiatives and who runs them, events and RSVPs, about-me text

Revision ID: c2e5a7b9d1f3
Revises: b1d4f6a8c0e2
Create Date: 2026-11-22 11:30:00.000000

Events are rows of the post table (kind "event"); their start and end are naive UTC like
every other moment in the database, shown and entered in Europe/Amsterdam.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c2e5a7b9d1f3'
down_revision = 'b1d4f6a8c0e2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('initiative',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('contact', sa.String(length=300), nullable=False),
    sa.Column('opening_hours', sa.String(length=500), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_initiative_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhood.id'], name=op.f('fk_initiative_neighbourhood_id_neighbourhood')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user.id'], name=op.f('fk_initiative_proposed_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_initiative'))
    )
    with op.batch_alter_table('initiative', schema=None) as batch_op:
        batch_op.create_index('ix_initiative_list', ['state', 'neighbourhood_id', 'name'], unique=False)
        batch_op.create_index('ix_initiative_name', ['state', 'name'], unique=False)

    op.create_table('place',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('opening_hours', sa.String(length=500), nullable=False),
    sa.Column('step_free', sa.Boolean(), nullable=False),
    sa.Column('accessible_toilet', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_place_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhood.id'], name=op.f('fk_place_neighbourhood_id_neighbourhood')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_place'))
    )
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.create_index('ix_place_list', ['neighbourhood_id', 'name'], unique=False)
        batch_op.create_index('ix_place_name', ['name'], unique=False)

    op.create_table('initiative_member',
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiative.id'], name=op.f('fk_initiative_member_initiative_id_initiative'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_initiative_member_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('initiative_id', 'user_id', name=op.f('pk_initiative_member'))
    )
    with op.batch_alter_table('initiative_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiative_member_user_id'), ['user_id'], unique=False)

    op.create_table('initiative_topic',
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiative.id'], name=op.f('fk_initiative_topic_initiative_id_initiative'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['topic.id'], name=op.f('fk_initiative_topic_topic_id_topic'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('initiative_id', 'topic_id', name=op.f('pk_initiative_topic'))
    )
    with op.batch_alter_table('initiative_topic', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiative_topic_topic_id'), ['topic_id'], unique=False)

    op.create_table('place_initiative',
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiative.id'], name=op.f('fk_place_initiative_initiative_id_initiative'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], name=op.f('fk_place_initiative_place_id_place'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('place_id', 'initiative_id', name=op.f('pk_place_initiative'))
    )
    with op.batch_alter_table('place_initiative', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_place_initiative_initiative_id'), ['initiative_id'], unique=False)

    op.create_table('rsvp',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['post.id'], name=op.f('fk_rsvp_event_id_post'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_rsvp_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rsvp')),
    sa.UniqueConstraint('event_id', 'user_id', name=op.f('uq_rsvp_event_id'))
    )
    with op.batch_alter_table('rsvp', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rsvp_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.add_column(sa.Column('starts_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('ends_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('place_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('address', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('capacity', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('rsvp_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('initiative_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_post_event_place', ['place_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_post_event_start', ['kind', 'state', 'neighbourhood_id', 'starts_at'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_post_initiative_id_initiative'), 'initiative', ['initiative_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_post_place_id_place'), 'place', ['place_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('about', sa.String(length=500), nullable=True))



def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('about')

    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_post_place_id_place'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_post_initiative_id_initiative'), type_='foreignkey')
        batch_op.drop_index('ix_post_event_start')
        batch_op.drop_index('ix_post_event_place')
        batch_op.drop_column('initiative_id')
        batch_op.drop_column('rsvp_count')
        batch_op.drop_column('capacity')
        batch_op.drop_column('address')
        batch_op.drop_column('place_id')
        batch_op.drop_column('ends_at')
        batch_op.drop_column('starts_at')

    with op.batch_alter_table('rsvp', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rsvp_user_id'))

    op.drop_table('rsvp')
    with op.batch_alter_table('place_initiative', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_place_initiative_initiative_id'))

    op.drop_table('place_initiative')
    with op.batch_alter_table('initiative_topic', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_topic_topic_id'))

    op.drop_table('initiative_topic')
    with op.batch_alter_table('initiative_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_member_user_id'))

    op.drop_table('initiative_member')
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.drop_index('ix_place_name')
        batch_op.drop_index('ix_place_list')

    op.drop_table('place')
    with op.batch_alter_table('initiative', schema=None) as batch_op:
        batch_op.drop_index('ix_initiative_name')
        batch_op.drop_index('ix_initiative_list')

    op.drop_table('initiative')
