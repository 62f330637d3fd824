"""version columns on every editable record, contacts as data, corrected newsletters

Issue 18 finding 2: persons, routes, rates, exchange rates, guidance items and newsletter
issues get a version column (optimistic locking; cases and requests had one). Issue 17.7:
the contacts move from Python data into a table admins edit, seeded with the texts shown
until now (Danish and English); a published newsletter issue can be corrected.

Revision ID: 0012
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0017"
branch_labels = None
depends_on = None

VERSIONED = ("persons", "routes", "rate_years", "exchange_rates", "guidance_items",
             "newsletter_issues")

CONTACTS = [
    {"key": "agency", "position": 1,
     "name_da": "Hjemrejsestyrelsen", "name_en": "The Danish Return Agency",
     "purpose_da": "Spørgsmål om repatriering, anmodninger og reglerne.",
     "purpose_en": "Questions about repatriation, requests and the rules.",
     "phone": "30 65 78 40", "phone_label_da": "Hotline for kommunale medarbejdere",
     "phone_label_en": "Hotline for municipal staff", "email": "repatriering@hjemst.dk",
     "address": "Birkerød Kongevej 2-4, 3460 Birkerød",
     "note_da": "Du kan også bede Hjemrejsestyrelsen om et onlinemøde, fx for at gennemgå de "
                "juridiske rammer eller en vanskelig sag.",
     "note_en": "You can also ask the agency for an online meeting, for example to go through "
                "the legal framework or a difficult case."},
    {"key": "nidc", "position": 2,
     "name_da": "Nationalt ID-center", "name_en": "National ID Centre (Nationalt ID-center)",
     "purpose_da": "Hjælp og rådgivning om udenlandske dokumenter, fx ID-dokumenter.",
     "purpose_en": "Help and advice with foreign documents, for example ID documents.",
     "phone": "61 98 39 00", "phone_label_da": "Telefon", "phone_label_en": "Telephone",
     "email": "nidc@nidc.dk", "address": "", "note_da": "", "note_en": ""},
    {"key": "drc", "position": 3,
     "name_da": "DRC Dansk Flygtningehjælp, rådgivningsteam",
     "name_en": "DRC Danish Refugee Council, advice team",
     "purpose_da": "Spørgsmål om en bestemt sag.", "purpose_en": "Questions about a specific case.",
     "phone": "33 73 50 00", "phone_label_da": "Rådgivningsteam", "phone_label_en": "Advice team",
     "email": "", "address": "",
     "note_da": "Rådgivning på dansk og engelsk; andre sprog efter ønske.",
     "note_en": "Advice in Danish and English; other languages on request."},
]


def upgrade():
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("version_id", sa.Integer(), nullable=False,
                                          server_default="1"))
    with op.batch_alter_table("newsletter_issues") as batch_op:
        batch_op.add_column(sa.Column("corrected_at", sa.DateTime(timezone=True),
                                      nullable=True))
    contacts = op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name_da", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("purpose_da", sa.String(length=500), nullable=False),
        sa.Column("purpose_en", sa.String(length=500), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("phone_label_da", sa.String(length=100), nullable=False),
        sa.Column("phone_label_en", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("note_da", sa.String(length=1000), nullable=False),
        sa.Column("note_en", sa.String(length=1000), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False, server_default="1"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"],
                                name=op.f("fk_contacts_updated_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
        sa.UniqueConstraint("key", name=op.f("uq_contacts_key")),
    )
    op.bulk_insert(contacts, CONTACTS)


def downgrade():
    op.drop_table("contacts")
    with op.batch_alter_table("newsletter_issues") as batch_op:
        batch_op.drop_column("corrected_at")
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("version_id")
