"""the cash declaration's addresses of bearer, owner and recipient

Issue 15: the declaration printed the three addresses EU Regulation 2018/1672 asks for, but
the wizard never asked for them; existing declarations get "" (not asked).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

COLUMNS = ("carrier_address", "owner_address", "recipient_address")


def upgrade():
    with op.batch_alter_table("cash_declarations") as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(length=300), nullable=False,
                                          server_default=""))


def downgrade():
    with op.batch_alter_table("cash_declarations") as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
