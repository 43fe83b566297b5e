"""sharing: items to lend and their loans, ideas with support and comments, decision rounds

Revision ID: f5b8d0e2a4c6
Revises: e4a7c9d1f3b5
Create Date: 2026-11-22 13:30:00.000000

Items and ideas are rows of the post table (kinds "item" and "idea"); an idea's place uses
the post's place_id column that events use. loan_day holds one row per item per promised
day: its primary key (item_id, day) is what keeps two loans of an item off the same day.
Decision rounds' moments are naive UTC like every other moment in the database.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f5b8d0e2a4c6'
down_revision = 'e4a7c9d1f3b5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('decision_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('question', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('points', sa.Integer(), nullable=True),
    sa.Column('budget', sa.Integer(), nullable=True),
    sa.Column('opens_at', sa.DateTime(), nullable=False),
    sa.Column('closes_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_decision_round_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhood.id'], name=op.f('fk_decision_round_neighbourhood_id_neighbourhood')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_round'))
    )
    with op.batch_alter_table('decision_round', schema=None) as batch_op:
        batch_op.create_index('ix_decision_round_closes', ['closes_at'], unique=False)
        batch_op.create_index('ix_decision_round_list', ['neighbourhood_id', 'closes_at'], unique=False)

    op.create_table('ballot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('voter_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['decision_round.id'], name=op.f('fk_ballot_round_id_decision_round'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['voter_id'], ['user.id'], name=op.f('fk_ballot_voter_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot')),
    sa.UniqueConstraint('round_id', 'voter_id', name=op.f('uq_ballot_round_id'))
    )
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_voter_id'), ['voter_id'], unique=False)

    op.create_table('comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('screening_label', sa.String(length=16), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_comment_author_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_comment_post_id_post'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment'))
    )
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_comment_post', ['post_id', 'state', 'created_at'], unique=False)

    op.create_table('decision_option',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=140), nullable=False),
    sa.Column('cost', sa.Integer(), nullable=True),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['idea_id'], ['post.id'], name=op.f('fk_decision_option_idea_id_post'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['decision_round.id'], name=op.f('fk_decision_option_round_id_decision_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_option')),
    sa.UniqueConstraint('round_id', 'position', name=op.f('uq_decision_option_round_id'))
    )
    with op.batch_alter_table('decision_option', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_option_idea_id'), ['idea_id'], unique=False)

    op.create_table('loan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('borrower_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('returned_on', sa.Date(), nullable=True),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_loan_dates_in_order')),
    sa.ForeignKeyConstraint(['borrower_id'], ['user.id'], name=op.f('fk_loan_borrower_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['post.id'], name=op.f('fk_loan_item_id_post'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loan'))
    )
    with op.batch_alter_table('loan', schema=None) as batch_op:
        batch_op.create_index('ix_loan_borrower', ['borrower_id', 'created_at'], unique=False)
        batch_op.create_index('ix_loan_due', ['state', 'ends_on'], unique=False)
        batch_op.create_index('ix_loan_item', ['item_id', 'state', 'starts_on'], unique=False)

    op.create_table('support',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['post.id'], name=op.f('fk_support_idea_id_post'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_support_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support')),
    sa.UniqueConstraint('idea_id', 'user_id', name=op.f('uq_support_idea_id'))
    )
    with op.batch_alter_table('support', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_user_id'), ['user_id'], unique=False)

    op.create_table('ballot_choice',
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('option_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballot.id'], name=op.f('fk_ballot_choice_ballot_id_ballot'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['option_id'], ['decision_option.id'], name=op.f('fk_ballot_choice_option_id_decision_option'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('ballot_id', 'option_id', name=op.f('pk_ballot_choice'))
    )
    with op.batch_alter_table('ballot_choice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_choice_option_id'), ['option_id'], unique=False)

    op.create_table('loan_day',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('loan_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['post.id'], name=op.f('fk_loan_day_item_id_post'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['loan_id'], ['loan.id'], name=op.f('fk_loan_day_loan_id_loan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'day', name=op.f('pk_loan_day'))
    )
    with op.batch_alter_table('loan_day', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_loan_day_loan_id'), ['loan_id'], unique=False)

    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.add_column(sa.Column('condition', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('deposit', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('pickup_times', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('estimated_cost', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('idea_status', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('idea_status_rank', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('idea_status_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('idea_status_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('support_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('proposed_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_post_idea_status', ['kind', 'state', 'neighbourhood_id', 'idea_status_rank', 'created_at'], unique=False)
        batch_op.create_index('ix_post_idea_support', ['kind', 'state', 'neighbourhood_id', 'support_count'], unique=False)


def downgrade():
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_index('ix_post_idea_support')
        batch_op.drop_index('ix_post_idea_status')
        batch_op.drop_column('proposed_at')
        batch_op.drop_column('support_count')
        batch_op.drop_column('idea_status_at')
        batch_op.drop_column('idea_status_note')
        batch_op.drop_column('idea_status_rank')
        batch_op.drop_column('idea_status')
        batch_op.drop_column('estimated_cost')
        batch_op.drop_column('pickup_times')
        batch_op.drop_column('deposit')
        batch_op.drop_column('condition')

    with op.batch_alter_table('loan_day', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_loan_day_loan_id'))

    op.drop_table('loan_day')
    with op.batch_alter_table('ballot_choice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_choice_option_id'))

    op.drop_table('ballot_choice')
    with op.batch_alter_table('support', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_user_id'))

    op.drop_table('support')
    with op.batch_alter_table('loan', schema=None) as batch_op:
        batch_op.drop_index('ix_loan_item')
        batch_op.drop_index('ix_loan_due')
        batch_op.drop_index('ix_loan_borrower')

    op.drop_table('loan')
    with op.batch_alter_table('decision_option', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_option_idea_id'))

    op.drop_table('decision_option')
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_index('ix_comment_post')
        batch_op.drop_index(batch_op.f('ix_comment_author_id'))

    op.drop_table('comment')
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_voter_id'))

    op.drop_table('ballot')
    with op.batch_alter_table('decision_round', schema=None) as batch_op:
        batch_op.drop_index('ix_decision_round_list')
        batch_op.drop_index('ix_decision_round_closes')

    op.drop_table('decision_round')
