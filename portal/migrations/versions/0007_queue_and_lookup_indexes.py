"""indexes for the agency queue at 100,000 cases: submitted order, per municipality, destinations

Measured with bench/run.py on 100,000 cases (SQLite): the unfiltered queue sorted all
requests (1.8 s), the municipality filter sorted that municipality's requests (80 ms) and
the destination filter's choices scanned every case (105 ms) on every page view.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("requests") as batch_op:
        batch_op.create_index("ix_requests_submitted_id", ["submitted_at", "id"], unique=False)
        batch_op.create_index("ix_requests_municipality_submitted",
                              ["municipality_id", "submitted_at", "id"], unique=False)
    with op.batch_alter_table("cases") as batch_op:
        batch_op.create_index("ix_cases_destination_country", ["destination_country"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("cases") as batch_op:
        batch_op.drop_index("ix_cases_destination_country")
    with op.batch_alter_table("requests") as batch_op:
        batch_op.drop_index("ix_requests_municipality_submitted")
        batch_op.drop_index("ix_requests_submitted_id")
