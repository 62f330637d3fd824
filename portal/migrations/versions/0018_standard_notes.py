"""texts the portal writes into a request's history, kept by key beside the Danish wording

Issue 17, point 2: "back to approved for rebooking" and the demo's notes were stored in the
writer's language only. status_events.standard_note names such a text, so each reader sees it
in their own language; note keeps the Danish wording for search, exports and the official
letters. The rebooking rows written before, in either language, become the standard note;
other rows stay as they are (NULL: shown as stored).

Revision ID: 0018
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("status_events") as batch_op:
        batch_op.add_column(sa.Column("standard_note",
                                      sa.Enum("back_to_approved", "demo_upload_waiver",
                                              "demo_waiver_uploaded",
                                              "demo_no_flexible_payment",
                                              "demo_airspace_closed",
                                              "demo_staying_in_denmark",
                                              "demo_check_passport", "demo_note",
                                              name="standardnote", native_enum=False,
                                              length=32),
                                      nullable=True))
    # The wording as it was in both catalogs when the rows were written.
    op.get_bind().execute(sa.text(
        "UPDATE status_events SET standard_note = 'back_to_approved', note = :danish "
        "WHERE from_status = 'cancelled' AND to_status = 'approved' "
        "AND note IN (:danish, :english)"),
        {"danish": "Tilbage til Godkendt med henblik på ombooking.",
         "english": "Back to approved for rebooking."})


def downgrade():
    with op.batch_alter_table("status_events") as batch_op:
        batch_op.drop_column("standard_note")
