"""retention: indexes to find the oldest conversations, notifications and finished mails

Revision ID: f5b8d3c0e7a2
Revises: e4a7c2b9d6f1
Create Date: 2026-12-04 19:30:00.000000

`buurt tick` removes conversations whose last message, and notifications and sent (or
failed) mails that are older than the neighbourhood's `retention_months`. It looks for the
oldest ones each run, so these indexes keep that cheap however many rows there are.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f5b8d3c0e7a2'
down_revision = 'e4a7c2b9d6f1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_conversation_last_message", "conversation", ["last_message_at"])
    op.create_index("ix_notification_created", "notification", ["created_at"])
    op.create_index("ix_outbox_email_finished", "outbox_email", ["state", "created_at"])


def downgrade():
    op.drop_index("ix_outbox_email_finished", table_name="outbox_email")
    op.drop_index("ix_notification_created", table_name="notification")
    op.drop_index("ix_conversation_last_message", table_name="conversation")
