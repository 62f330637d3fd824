"""index on the audit log's action, for the administrators' action filter and its choices

The audit log grows by a row per page view that touches personal data; the log page listed
its action choices with SELECT DISTINCT over the whole table. With this index the choices
are read by skipping from one action to the next (portal.db.distinct_values).

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_events") as batch_op:
        batch_op.create_index("ix_audit_events_action", ["action"], unique=False)


def downgrade():
    with op.batch_alter_table("audit_events") as batch_op:
        batch_op.drop_index("ix_audit_events_action")
