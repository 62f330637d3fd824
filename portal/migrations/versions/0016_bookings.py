"""bookings as their own records (legs, travellers, baggage, meeting point, escort) and the
customs document received per cash declaration

Issue 17, points 1 and 6. Existing bookings (requests.route_id, flight_numbers,
departure_at of booked, departed and closed requests) become one active booking each: one
leg per flight number, the first leg departing at departure_at (Danish time), all the
request's travellers on it. The request's columns stay as the queue's indexed summary.

Revision ID: 0016
Revises: 0014
"""

import re
from datetime import UTC
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0014"
branch_labels = None
depends_on = None

LOCAL_TZ = ZoneInfo("Europe/Copenhagen")
BOOKED = ("travel_booked", "departed", "closed")


def upgrade():
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("route_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.Enum("active", "cancelled", name="bookingstatus",
                                    native_enum=False, length=32), nullable=False),
        sa.Column("baggage_kg", sa.Integer(), nullable=True),
        sa.Column("meeting_point", sa.String(length=200), nullable=False),
        sa.Column("meeting_time", sa.Time(), nullable=True),
        sa.Column("escort", sa.String(length=200), nullable=False),
        sa.Column("customs_override_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=False),
        sa.Column("superseded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_bookings_created_by_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["request_id"], ["requests.id"],
                                name=op.f("fk_bookings_request_id_requests"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["route_id"], ["routes.id"],
                                name=op.f("fk_bookings_route_id_routes")),
        sa.ForeignKeyConstraint(["superseded_by_id"], ["bookings.id"],
                                name=op.f("fk_bookings_superseded_by_id_bookings"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
    )
    with op.batch_alter_table("bookings") as batch_op:
        batch_op.create_index(batch_op.f("ix_bookings_request_id"), ["request_id"],
                              unique=False)
    op.create_table(
        "booking_legs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("carrier", sa.String(length=60), nullable=False),
        sa.Column("flight_number", sa.String(length=10), nullable=False),
        sa.Column("from_airport", sa.String(length=3), nullable=False),
        sa.Column("to_airport", sa.String(length=3), nullable=False),
        sa.Column("departs_local", sa.DateTime(), nullable=True),
        sa.Column("arrives_local", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["booking_id"], ["bookings.id"],
                                name=op.f("fk_booking_legs_booking_id_bookings"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_legs")),
    )
    with op.batch_alter_table("booking_legs") as batch_op:
        batch_op.create_index(batch_op.f("ix_booking_legs_booking_id"), ["booking_id"],
                              unique=False)
    op.create_table(
        "booking_persons",
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["booking_id"], ["bookings.id"],
                                name=op.f("fk_booking_persons_booking_id_bookings"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"],
                                name=op.f("fk_booking_persons_person_id_persons"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("booking_id", "person_id", name=op.f("pk_booking_persons")),
    )
    op.create_table(
        "customs_documents",
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["declaration_id"], ["cash_declarations.id"],
                                name=op.f("fk_customs_documents_declaration_id_cash_declarations"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"],
                                name=op.f("fk_customs_documents_recorded_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("declaration_id", name=op.f("pk_customs_documents")),
    )
    _migrate_bookings()


def _migrate_bookings():
    """One active booking per booked request, from the request's travel columns."""
    bind = op.get_bind()
    meta = sa.MetaData()
    requests = sa.Table("requests", meta, autoload_with=bind)
    routes = sa.Table("routes", meta, autoload_with=bind)
    participants = sa.Table("request_persons", meta, autoload_with=bind)
    bookings = sa.Table("bookings", meta, autoload_with=bind)
    legs = sa.Table("booking_legs", meta, autoload_with=bind)
    persons = sa.Table("booking_persons", meta, autoload_with=bind)
    rows = bind.execute(
        sa.select(requests.c.id, requests.c.route_id, requests.c.flight_numbers,
                  requests.c.departure_at, requests.c.travel_booked_at, routes.c.airline)
        .select_from(requests.outerjoin(routes, routes.c.id == requests.c.route_id))
        .where(requests.c.status.in_(BOOKED),
               sa.or_(requests.c.route_id.is_not(None), requests.c.departure_at.is_not(None)))
    ).all()
    for row in rows:
        departure = row.departure_at
        if departure is not None and departure.tzinfo is None:
            departure = departure.replace(tzinfo=UTC)  # SQLite returns naive UTC
        local = departure.astimezone(LOCAL_TZ).replace(tzinfo=None) if departure else None
        booking_id = bind.execute(bookings.insert().values(
            request_id=row.id, route_id=row.route_id, status="active", meeting_point="",
            escort="", customs_override_reason="", cancel_reason="",
            created_at=row.travel_booked_at or departure)).inserted_primary_key[0]
        flights = [f.strip() for f in re.split(r"[,/]", row.flight_numbers or "") if f.strip()]
        for position, flight in enumerate(flights or [""]):
            bind.execute(legs.insert().values(
                booking_id=booking_id, position=position, carrier=row.airline or "",
                flight_number=flight[:10], from_airport="", to_airport="",
                departs_local=local if position == 0 else None))
        for (person_id,) in bind.execute(
                sa.select(participants.c.person_id).where(
                    participants.c.request_id == row.id, participants.c.travels.is_(True))):
            bind.execute(persons.insert().values(booking_id=booking_id, person_id=person_id))


def downgrade():
    op.drop_table("customs_documents")
    op.drop_table("booking_persons")
    with op.batch_alter_table("booking_legs") as batch_op:
        batch_op.drop_index(batch_op.f("ix_booking_legs_booking_id"))
    op.drop_table("booking_legs")
    with op.batch_alter_table("bookings") as batch_op:
        batch_op.drop_index(batch_op.f("ix_bookings_request_id"))
    op.drop_table("bookings")
