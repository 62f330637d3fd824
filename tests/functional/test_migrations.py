"""Alembic is the only way the schema is made: it upgrades and downgrades cleanly."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from portal import create_app
from portal.extensions import db
from tests.conftest import _database_url


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


def _insert(conn, table_name: str, **values) -> int:
    """A row with the given values; other required columns get a neutral value, so the test
    does not depend on columns later migrations add."""
    from datetime import UTC, date, datetime

    import sqlalchemy as sa

    table = sa.Table(table_name, sa.MetaData(), autoload_with=conn)
    for column in table.columns:
        if column.name in values or column.nullable or column.primary_key:
            continue
        python_type = getattr(column.type, "python_type", str)
        values[column.name] = {int: 0, bool: False, str: "", date: date(1990, 1, 1),
                               datetime: datetime(2026, 1, 1, tzinfo=UTC)}.get(python_type, "")
    return conn.execute(table.insert().values(**values)).inserted_primary_key[0]


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
            case = _insert(conn, "cases", municipality_id=municipality,
                           destination_country="SY", kind="ordinary", obstacle="none")
            person = _insert(conn, "persons", case_id=case, full_name="A", relation="applicant",
                             birth_date=date(1980, 1, 1), nationality="SY")
            request = _insert(conn, "requests", case_id=case, municipality_id=municipality,
                              kind="departure", status="travel_booked", route_id=route,
                              flight_numbers="TK 1784, TK 2966",
                              departure_at=datetime(2026, 7, 1, 8, 45, tzinfo=UTC))
            _insert(conn, "request_persons", request_id=request, person_id=person, travels=True)
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
