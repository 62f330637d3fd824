"""the departure form's address in Denmark and interpreter language, asked in the wizard

Issue 15: the departure form printed "Adresse i Danmark" and "Sprog (behov for tolk)" but the
wizard never asked for them. Both are per traveller, on request_persons; existing rows get ""
(not asked), which the form prints as an empty field.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("request_persons") as batch_op:
        batch_op.add_column(sa.Column("address_denmark", sa.String(length=300), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("interpreter_language", sa.String(length=10),
                                      nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("request_persons") as batch_op:
        batch_op.drop_column("interpreter_language")
        batch_op.drop_column("address_denmark")
