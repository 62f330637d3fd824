"""the caseworker's phone, and the children the escort travels with

Issue 15: every form prints the caseworker's phone (users.phone, set on the account page or
by an admin) and the supplement names the children the escort is for
(request_persons.escorted). Issue 17, point 5: the agency's documents are attachments of
new kinds (e_ticket, decision_letter, agency_other) in the existing string column, so they
need no schema change.

Revision ID: 0017
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=30), nullable=False,
                                      server_default=""))
    with op.batch_alter_table("request_persons") as batch_op:
        batch_op.add_column(sa.Column("escorted", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("request_persons") as batch_op:
        batch_op.drop_column("escorted")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("phone")
