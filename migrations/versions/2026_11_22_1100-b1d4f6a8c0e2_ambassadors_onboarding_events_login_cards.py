"""ambassadors: onboarding events, onboarded neighbours, login cards, posts on behalf

Revision ID: b1d4f6a8c0e2
Revises: a8c3e5f70b21
Create Date: 2026-11-22 11:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b1d4f6a8c0e2'
down_revision = 'a8c3e5f70b21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('username', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('must_choose_password', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
        batch_op.create_unique_constraint(batch_op.f('uq_user_username'), ['username'])

    op.create_table('onboarding_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=False),
    sa.Column('ambassador_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=120), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ambassador_id'], ['user.id'], name=op.f('fk_onboarding_event_ambassador_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhood.id'], name=op.f('fk_onboarding_event_neighbourhood_id_neighbourhood'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_onboarding_event')),
    sa.UniqueConstraint('token', name=op.f('uq_onboarding_event_token'))
    )
    with op.batch_alter_table('onboarding_event', schema=None) as batch_op:
        batch_op.create_index('ix_onboarding_event_ambassador', ['ambassador_id', 'day'], unique=False)

    op.create_table('onboarding',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('assisted', sa.Boolean(), nullable=False),
    sa.Column('consent_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('visits', sa.Integer(), nullable=False),
    sa.Column('last_visit_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['onboarding_event.id'], name=op.f('fk_onboarding_event_id_onboarding_event'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_onboarding_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_onboarding'))
    )
    with op.batch_alter_table('onboarding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_onboarding_event_id'), ['event_id'], unique=False)

    op.create_table('login_card',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=256), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_login_card_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_login_card_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_card'))
    )
    with op.batch_alter_table('login_card', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_card_user_id'), ['user_id'], unique=False)

    op.create_table('on_behalf_post',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('neighbour_id', sa.Integer(), nullable=False),
    sa.Column('ambassador_id', sa.Integer(), nullable=True),
    sa.Column('consent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ambassador_id'], ['user.id'], name=op.f('fk_on_behalf_post_ambassador_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['neighbour_id'], ['user.id'], name=op.f('fk_on_behalf_post_neighbour_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_on_behalf_post_post_id_post'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', name=op.f('pk_on_behalf_post'))
    )
    with op.batch_alter_table('on_behalf_post', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_on_behalf_post_neighbour_id'), ['neighbour_id'], unique=False)


def downgrade():
    with op.batch_alter_table('on_behalf_post', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_on_behalf_post_neighbour_id'))
    op.drop_table('on_behalf_post')
    with op.batch_alter_table('login_card', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_card_user_id'))
    op.drop_table('login_card')
    with op.batch_alter_table('onboarding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_onboarding_event_id'))
    op.drop_table('onboarding')
    with op.batch_alter_table('onboarding_event', schema=None) as batch_op:
        batch_op.drop_index('ix_onboarding_event_ambassador')
    op.drop_table('onboarding_event')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_user_username'), type_='unique')
        batch_op.drop_column('must_choose_password')
        batch_op.drop_column('username')
