"""The demo loader creates the documented accounts, is safe twice, and refuses production."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import User


def test_demo_data_loads_twice_without_duplicates(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["load-demo"])
    second = runner.invoke(args=["load-demo"])
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    with app.app_context():
        emails = set(db.session.scalars(select(User.email)))
        assert {"aarhus@demo.test", "kobenhavn@demo.test", "agency@demo.test",
                "drc@demo.test", "admin@demo.test"} <= emails
        assert db.session.scalar(select(func.count()).select_from(User)) == len(emails)
        aarhus = db.session.scalar(select(User).where(User.email == "aarhus@demo.test"))
        assert aarhus.municipality.code == "751"
        assert aarhus.phone  # printed as "Sagsbehandlers telefon" on the official forms


def test_demo_password_logs_in(app, client):
    from tests.conftest import login

    app.test_cli_runner().invoke(args=["load-demo"])
    response = login(client, "kobenhavn@demo.test", "Demo-Password-2026")
    assert response.headers["Location"] == "/municipality/"


def test_demo_data_is_refused_in_production(app):
    app.config["ENV_MODE"] = "production"
    try:
        result = app.test_cli_runner().invoke(args=["load-demo"])
    finally:
        app.config["ENV_MODE"] = "testing"
    assert result.exit_code != 0
    assert "refused in production" in result.output


def test_demo_loader_replaces_the_old_80_bit_demo_secret_with_the_documented_one(app):
    from portal.demo import accounts

    runner = app.test_cli_runner()
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    with app.app_context():
        agency = db.session.scalar(select(User).where(User.email == "agency@demo.test"))
        assert agency.totp_secret == accounts.DEMO_TOTP_SECRET
        agency.totp_secret = accounts.OLD_DEMO_TOTP_SECRET  # a demo database made before
        db.session.commit()
        db.session.remove()
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    with app.app_context():
        secrets = set(db.session.scalars(select(User.totp_secret)
                                         .where(User.email.like("%@demo.test"))))
        db.session.remove()
    assert secrets == {accounts.DEMO_TOTP_SECRET}


def test_demo_data_holds_exactly_one_possible_duplicate_across_two_municipalities(app):
    """Issue 16, point 4 can be seen in the demo: one person filed by Aarhus and København."""
    from portal.models import Request
    from portal.services.filing import duplicates

    assert app.test_cli_runner().invoke(args=["load-demo"]).exit_code == 0
    with app.app_context():
        requests = list(db.session.scalars(select(Request)))
        matches = duplicates.matches_for_cases({r.case_id for r in requests})
        pairs = {frozenset((case_id, db.session.get(Request, m.request_id).case_id))
                 for case_id, found in matches.items() for m in found}
        assert len(pairs) == 1
        codes = {db.session.get(Request, r.id).municipality.code
                 for r in requests if r.case_id in next(iter(pairs))}
        assert codes == {"751", "101"}
        db.session.remove()
