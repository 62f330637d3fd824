"""the payout ledger, "Annulleret" beside "Afsluttet efter udrejse", derived obstacles

Issue 16, point 5: every payout is an entry of payout_entries (amount, currency, date paid,
reference, who, and the entry it corrects). The amounts recorded so far (the cash per person on
request_persons, and waiting payments already marked paid) become entries; who recorded them
was never stored, so recorded_by_id is NULL and the reference "".
Point 6: "closed" meant both "closed after departure" and "closed without departure"; the rows
closed without a departure (departed_at NULL) become "annulled", with their history and counts.
Point 8: "awaiting the municipality" is derived from the request's status, never stored as the
case's obstacle, so stored ones are cleared.

Revision ID: 0015
Revises: 0016
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0016"
branch_labels = None
depends_on = None


def _entries_table():
    return op.create_table(
        "payout_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("cash_at_departure", "second_part", "reintegration",
                                  name="payoutkind", native_enum=False, length=32),
                  nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("suggested", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("pending_payout_id", sa.Integer(), nullable=True),
        sa.Column("follow_up", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["corrects_id"], ["payout_entries.id"],
                                name=op.f("fk_payout_entries_corrects_id_payout_entries"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["pending_payout_id"], ["pending_payouts.id"],
                                name=op.f("fk_payout_entries_pending_payout_id_pending_payouts"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"],
                                name=op.f("fk_payout_entries_person_id_persons"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"],
                                name=op.f("fk_payout_entries_recorded_by_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["request_id"], ["requests.id"],
                                name=op.f("fk_payout_entries_request_id_requests"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payout_entries")),
    )


def _existing_payouts(conn):
    """The amounts recorded before the ledger, as entries (oldest first)."""
    rows = []
    for request_id, person_id, amount, paid in conn.execute(sa.text(
            "SELECT request_id, person_id, payout_amount, paid_out_at FROM request_persons "
            "WHERE payout_amount IS NOT NULL AND paid_out_at IS NOT NULL ORDER BY id")):
        rows.append({"request_id": request_id, "person_id": person_id,
                     "kind": "cash_at_departure", "amount": amount, "paid": paid,
                     "pending_payout_id": None})
    for pending_id, request_id, person_id, kind, amount, paid in conn.execute(sa.text(
            "SELECT id, request_id, person_id, kind, amount, paid_at FROM pending_payouts "
            "WHERE paid_at IS NOT NULL ORDER BY id")):
        rows.append({"request_id": request_id, "person_id": person_id, "kind": kind,
                     "amount": amount, "paid": paid, "pending_payout_id": pending_id})
    return rows


def _stamp(value) -> datetime:
    """A timestamp read with plain SQL: a string on SQLite, a datetime on PostgreSQL."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _day(value) -> date:
    """The day (UTC) a payout was recorded: the closest to the date paid that was kept."""
    return _stamp(value).astimezone(UTC).date()


def upgrade():
    entries = _entries_table()
    op.create_index(op.f("ix_payout_entries_request_id"), "payout_entries", ["request_id"])
    conn = op.get_bind()
    rows = _existing_payouts(conn)
    if rows:
        op.bulk_insert(entries, [{
            "request_id": r["request_id"], "person_id": r["person_id"], "kind": r["kind"],
            "amount": r["amount"], "currency": "DKK",
            "paid_on": _day(r["paid"]),
            "reference": "", "suggested": None, "reason": "", "corrects_id": None,
            "pending_payout_id": r["pending_payout_id"], "follow_up": False,
            "recorded_by_id": None,
            "recorded_at": _stamp(r["paid"])} for r in rows])

    annulled = ("SELECT id FROM requests WHERE status = 'closed' AND departed_at IS NULL")
    for column in ("to_status", "from_status"):
        conn.execute(sa.text(f"UPDATE status_events SET {column} = 'annulled' "  # nosec B608
                             f"WHERE {column} = 'closed' AND request_id IN ({annulled})"))
    conn.execute(sa.text("UPDATE requests SET status = 'annulled' "
                         "WHERE status = 'closed' AND departed_at IS NULL"))
    _recount(conn, ("closed", "annulled"))
    conn.execute(sa.text("UPDATE cases SET obstacle = 'none' "
                         "WHERE obstacle = 'awaiting_municipality'"))


def _recount(conn, statuses):
    """The kept counters of these statuses, rebuilt from the requests table."""
    kinds = ("flexible_payment", "recon_trip", "departure")
    for status in statuses:
        conn.execute(sa.text("DELETE FROM request_status_counts WHERE status = :s"),
                     {"s": status})
        for kind in kinds:
            count = conn.execute(sa.text(
                "SELECT count(*) FROM requests WHERE kind = :k AND status = :s"),
                {"k": kind, "s": status}).scalar()
            conn.execute(sa.text("INSERT INTO request_status_counts (kind, status, count) "
                                 "VALUES (:k, :s, :c)"), {"k": kind, "s": status, "c": count})


def downgrade():
    conn = op.get_bind()
    for column in ("to_status", "from_status"):
        conn.execute(sa.text(f"UPDATE status_events SET {column} = 'closed' "  # nosec B608
                             f"WHERE {column} = 'annulled'"))
    conn.execute(sa.text("UPDATE requests SET status = 'closed' WHERE status = 'annulled'"))
    conn.execute(sa.text("DELETE FROM request_status_counts WHERE status = 'annulled'"))
    _recount(conn, ("closed",))
    op.drop_table("payout_entries")
