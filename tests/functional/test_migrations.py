"""Alembic is the only way the schema is made: it upgrades and downgrades cleanly."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from portal import create_app
from portal.extensions import db
from tests.conftest import _database_url
from tests.migration_helpers import insert_row


def test_migrations_upgrade_downgrade_and_upgrade_again(app_config, tmp_path_factory):
    application = create_app({**app_config,
                              "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory,
                                                                       "migrations")})
    with application.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"users", "cases", "persons", "requests", "audit_events"} <= tables
        count = db.session.execute(text("SELECT count(*) FROM municipalities")).scalar()
        assert count == 98
        db.session.remove()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert db.session.execute(text("SELECT count(*) FROM municipalities")).scalar() == 98
        db.session.remove()
        db.engine.dispose()


def test_models_match_the_migrations(app):
    """Autogenerate finds nothing to do: the models and the migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


def test_migration_0016_moves_existing_bookings_into_the_bookings_table(app_config,
                                                                        tmp_path_factory):
    from datetime import UTC, date, datetime

    application = create_app({**app_config,
                              "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory,
                                                                       "bookings")})
    with application.app_context():
        upgrade(revision="0016")
        downgrade(revision="-1")
        with db.engine.begin() as conn:
            municipality = conn.execute(text("SELECT id FROM municipalities LIMIT 1")).scalar()
            route = conn.execute(text("SELECT id FROM routes WHERE airline = 'Turkish Airlines' "
                                      "LIMIT 1")).scalar()
            case = insert_row(conn, "cases", municipality_id=municipality,
                              destination_country="SY", kind="ordinary", obstacle="none")
            person = insert_row(conn, "persons", case_id=case, full_name="A", relation="applicant",
                                birth_date=date(1980, 1, 1), nationality="SY")
            request = insert_row(conn, "requests", case_id=case, municipality_id=municipality,
                                 kind="departure", status="travel_booked", route_id=route,
                                 flight_numbers="TK 1784, TK 2966",
                                 departure_at=datetime(2026, 7, 1, 8, 45, tzinfo=UTC))
            insert_row(conn, "request_persons", request_id=request, person_id=person, travels=True)
        upgrade(revision="0016")
        with db.engine.connect() as conn:
            booking = conn.execute(text("SELECT id, route_id, status FROM bookings")).one()
            legs = conn.execute(text(
                "SELECT flight_number, departs_local FROM booking_legs WHERE booking_id = :b "
                "ORDER BY position"), {"b": booking.id}).all()
            persons = conn.execute(text("SELECT person_id FROM booking_persons")).scalars().all()
        assert (booking.route_id, booking.status) == (route, "active")
        assert [leg.flight_number for leg in legs] == ["TK 1784", "TK 2966"]
        assert str(legs[0].departs_local).startswith("2026-07-01 10:45")  # Danish summer time
        assert persons == [person]
        db.session.remove()
        db.engine.dispose()


def test_migration_0018_turns_earlier_rebooking_rows_in_either_language_into_the_standard_note(
        app_config, tmp_path_factory):
    application = create_app({**app_config,
                              "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory,
                                                                       "standard_notes")})
    with application.app_context():
        upgrade(revision="0015")
        with db.engine.begin() as conn:
            municipality = conn.execute(text("SELECT id FROM municipalities LIMIT 1")).scalar()
            case = insert_row(conn, "cases", municipality_id=municipality,
                              destination_country="SY", kind="ordinary", obstacle="none")
            request = insert_row(conn, "requests", case_id=case, municipality_id=municipality,
                                 kind="departure", status="approved")
            for note, frm in (("Back to approved for rebooking.", "cancelled"),
                              ("Tilbage til Godkendt med henblik på ombooking.", "cancelled"),
                              ("Back to approved for rebooking.", "in_review"),
                              ("Typed by a clerk.", "cancelled")):
                insert_row(conn, "status_events", request_id=request, from_status=frm,
                           to_status="approved", note=note, visibility="shared")
        upgrade(revision="0018")
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT standard_note, note FROM status_events "
                                     "ORDER BY id")).all()
        danish = "Tilbage til Godkendt med henblik på ombooking."
        assert [tuple(row) for row in rows] == [
            ("back_to_approved", danish), ("back_to_approved", danish),
            (None, "Back to approved for rebooking."),  # not the rebooking move: typed
            (None, "Typed by a clerk.")]
        downgrade(revision="0015")
        db.session.remove()
        db.engine.dispose()
