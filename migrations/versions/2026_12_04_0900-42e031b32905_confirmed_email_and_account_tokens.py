"""confirmed e-mail addresses, and one table for every mailed link (account_token)

Revision ID: 42e031b32905
Revises: e4a7c2d9b1f3
Create Date: 2026-12-04 09:00:00.000000

user.email_verified_at: accounts from before this revision that have an address count as
confirmed since they joined, so they keep getting their mail.

account_token takes over from password_reset: a password reset, or a link that confirms an
address, each with the address it was mailed to. Open reset links keep working.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '42e031b32905'
down_revision = 'e4a7c2d9b1f3'
branch_labels = None
depends_on = None

user = sa.table('user', sa.column('id', sa.Integer), sa.column('email', sa.String),
                sa.column('created_at', sa.DateTime), sa.column('email_verified_at', sa.DateTime))
password_reset = sa.table(
    'password_reset', sa.column('id', sa.Integer), sa.column('user_id', sa.Integer),
    sa.column('token_hash', sa.String), sa.column('created_at', sa.DateTime),
    sa.column('expires_at', sa.DateTime), sa.column('used_at', sa.DateTime))
account_token = sa.table(
    'account_token', sa.column('id', sa.Integer), sa.column('user_id', sa.Integer),
    sa.column('purpose', sa.String), sa.column('email', sa.String),
    sa.column('token_hash', sa.String), sa.column('created_at', sa.DateTime),
    sa.column('expires_at', sa.DateTime), sa.column('used_at', sa.DateTime))


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', sa.DateTime(), nullable=True))
    op.execute(user.update().where(user.c.email.is_not(None))
               .values(email_verified_at=user.c.created_at))

    op.create_table('account_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_account_token_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_account_token_token_hash'))
    )
    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.create_index('ix_account_token_user_purpose', ['user_id', 'purpose', 'created_at'], unique=False)

    # Reset links were mailed to the account's address of the moment.
    op.execute(account_token.insert().from_select(
        ['id', 'user_id', 'purpose', 'email', 'token_hash', 'created_at', 'expires_at',
         'used_at'],
        sa.select(password_reset.c.id, password_reset.c.user_id,
                  sa.literal('password_reset', sa.String), user.c.email,
                  password_reset.c.token_hash, password_reset.c.created_at,
                  password_reset.c.expires_at, password_reset.c.used_at)
        .select_from(password_reset.join(user, user.c.id == password_reset.c.user_id))))
    if op.get_bind().dialect.name == 'postgresql':
        # The ids were copied: the sequence goes on after the highest.
        op.execute("SELECT setval(pg_get_serial_sequence('account_token', 'id'), "
                   "COALESCE((SELECT MAX(id) FROM account_token), 0) + 1, false)")

    with op.batch_alter_table('password_reset', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_reset_user_id'))
    op.drop_table('password_reset')


def downgrade():
    op.create_table('password_reset',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_password_reset_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_reset')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_password_reset_token_hash'))
    )
    with op.batch_alter_table('password_reset', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_reset_user_id'), ['user_id'], unique=False)
    # Reset links go back; links that confirm an address have no place there.
    op.execute(password_reset.insert().from_select(
        ['id', 'user_id', 'token_hash', 'created_at', 'expires_at', 'used_at'],
        sa.select(account_token.c.id, account_token.c.user_id, account_token.c.token_hash,
                  account_token.c.created_at, account_token.c.expires_at,
                  account_token.c.used_at)
        .where(account_token.c.purpose == 'password_reset')))
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("SELECT setval(pg_get_serial_sequence('password_reset', 'id'), "
                   "COALESCE((SELECT MAX(id) FROM password_reset), 0) + 1, false)")

    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.drop_index('ix_account_token_user_purpose')
    op.drop_table('account_token')

    # A plain ALTER TABLE … DROP COLUMN (SQLite 3.35 and later), not a batch copy: on
    # SQLite a batch drops and rebuilds the user table, and dropping it would let every
    # ON DELETE CASCADE key that refers to it empty those tables (the reset links above).
    op.drop_column('user', 'email_verified_at')
