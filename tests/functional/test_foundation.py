"""The app factory, configuration, the health check and the error pages."""

import pytest
from sqlalchemy import select

from portal import create_app
from portal.config import ConfigError, load_config
from portal.extensions import db
from portal.models import Municipality


def test_factory_takes_overrides_and_knows_it_is_testing(app):
    assert app.config["TESTING"] is True
    assert app.config["BABEL_DEFAULT_LOCALE"] == "da"


def test_production_refuses_to_start_without_secret_key():
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config(env={"PORTAL_ENV": "production"})


def test_production_accepts_a_secret_key_and_secures_cookies():
    config = load_config(env={"PORTAL_ENV": "production", "SECRET_KEY": "x" * 40})
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["HSTS"] is True


def test_database_url_defaults_to_sqlite_under_instance():
    config = load_config(env={"PORTAL_ENV": "development"})
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert config["SQLALCHEMY_DATABASE_URI"].endswith("instance/portal.sqlite3")


def test_database_url_is_read_from_environment():
    url = "postgresql+psycopg://portal@db.example/portal"
    config = load_config(env={"PORTAL_ENV": "development", "DATABASE_URL": url})
    assert config["SQLALCHEMY_DATABASE_URI"] == url


def test_all_98_municipalities_are_loaded_with_official_codes(app):
    with app.app_context():
        rows = db.session.execute(select(Municipality.code, Municipality.name)).all()
    codes = dict(rows)
    assert len(codes) == 98
    assert codes["101"] == "København"
    assert codes["751"] == "Aarhus"
    assert codes["851"] == "Aalborg"
    assert all(len(code) == 3 and code.isdigit() for code in codes)


def test_healthz_reports_ok_after_checking_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(app_config, tmp_path):
    broken = create_app({**app_config,
                         "SQLALCHEMY_DATABASE_URI":
                             "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1"})
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_unknown_page_shows_friendly_404_without_traceback(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Siden findes ikke" in body
    assert "Traceback" not in body


def test_unexpected_error_gives_friendly_500_and_no_traceback(app, app_config):
    fresh = create_app(app_config)

    @fresh.route("/__boom_test__")
    def boom():
        raise RuntimeError("secret internals")

    response = fresh.test_client().get("/__boom_test__")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret internals" not in body
    assert "Traceback" not in body
    assert "Noget gik galt" in body


def test_every_page_links_the_hotline_and_agency_mail(client):
    body = client.get("/login").get_data(as_text=True)
    assert 'href="tel:+4530657840"' in body
    assert 'href="mailto:repatriering@hjemst.dk"' in body
    assert 'class="skip-link"' in body


def test_static_files_are_served_locally_and_no_cdn_is_referenced(client):
    body = client.get("/login").get_data(as_text=True)
    assert "/static/css/portal.css" in body
    assert "//cdn" not in body
    assert "https://" not in body.split("<body")[0]
    assert client.get("/static/css/portal.css").status_code == 200
