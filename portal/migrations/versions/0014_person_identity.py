"""persons are one identity across the country: CPR and passport indexed for duplicates

Issue 16, point 4: at filing each person's CPR, or else passport number and nationality, is
compared with the persons of every open case. CPR numbers are stored as their 10 digits
already and get an index; passport numbers are free text, so `passport_key` holds them
normalised (upper case, letters and digits only, see portal.rules.passport_key), filled here
for the existing rows, and is indexed together with the nationality.

It sits between 0012 and 0016 (0016 was moved to revise it), so the tests that build rows
with today's models at revision 0016 find the column.

Revision ID: 0014
Revises: 0012
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0012"
branch_labels = None
depends_on = None


#: portal.rules.passport_key as of this revision (a migration does not follow later code)
_NOT_ALNUM = re.compile(r"[^0-9A-Z]", re.ASCII)


def _backfill():
    """The key of every existing passport number, in one executemany."""
    persons = sa.table("persons", sa.column("id", sa.Integer),
                       sa.column("passport_number", sa.String),
                       sa.column("passport_key", sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(persons.c.id, persons.c.passport_number).where(
        persons.c.passport_number != "")).all()
    if rows:
        connection.execute(
            persons.update().where(persons.c.id == sa.bindparam("ident"))
            .values(passport_key=sa.bindparam("key")),
            [{"ident": ident, "key": _NOT_ALNUM.sub("", number.upper())[:40]}
             for ident, number in rows])


def upgrade():
    with op.batch_alter_table("persons") as batch_op:
        batch_op.add_column(sa.Column("passport_key", sa.String(length=40), nullable=False,
                                      server_default=""))
    _backfill()
    op.create_index("ix_persons_cpr", "persons", ["cpr"], unique=False)
    op.create_index("ix_persons_passport_key_nationality", "persons",
                    ["passport_key", "nationality"], unique=False)


def downgrade():
    op.drop_index("ix_persons_passport_key_nationality", table_name="persons")
    op.drop_index("ix_persons_cpr", table_name="persons")
    with op.batch_alter_table("persons") as batch_op:
        batch_op.drop_column("passport_key")
