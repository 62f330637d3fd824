"""search terms on the server-side session, not in the cookie

The terms a search page was last sent (a name, a birth date, a reference) were kept in the
signed cookie, which anyone holding it can read. They are kept with the login session's row
instead, and deleted with it.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_sessions") as batch_op:
        batch_op.add_column(sa.Column("search_terms", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("user_sessions") as batch_op:
        batch_op.drop_column("search_terms")
