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
