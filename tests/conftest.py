"""Fixtures in the style of the Flask tutorial: one migrated database per test session,
emptied between tests, a CSRF-aware client, a real local SMTP server and factories."""

from __future__ import annotations

import os
import re
import socket
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from flask.testing import FlaskClient
from hypothesis import settings
from sqlalchemy import create_engine, insert, select, text

from portal import create_app
from portal.db import audit_purge_running
from portal.extensions import db
from tests import factories

REFERENCE_TABLES = ("municipalities", "rate_years", "exchange_rates",
                    "flexible_payment_countries", "routes", "request_status_counts", "contacts")
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
#: The version an edit form was built from (issue 18, finding 2), sent back as a browser does.
VERSION_RE = re.compile(r'name="version"[^>]*value="([^"]*)"')
#: argon2id at its lowest cost (the hashes stay argon2id): a login in a test hashes in
#: well under a millisecond instead of ~0.1 s of CPU with the production parameters.
CHEAP_ARGON2 = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 8, "ARGON2_PARALLELISM": 1}

# Hypothesis profiles: "dev" (make test) tries 100 examples per test (per form for the
# fuzzing of every form) in a fixed order, so a failure comes back on the next run; "ci"
# (.ci/run, once) tries 1,000 fresh ones. Chosen with pytest's --hypothesis-profile option
# or the HYPOTHESIS_PROFILE variable; "dev" when neither is given.
settings.register_profile("dev", max_examples=100, derandomize=True, database=None)
settings.register_profile("ci", max_examples=1000, derandomize=False, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _database_url(tmp_path_factory, name: str) -> str:
    """SQLite by default; PostgreSQL (one schema per worker) when TEST_DATABASE_URL is set."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / (name + '.sqlite3')}"
    schema = f"t_{name}_{_worker()}".replace("-", "_")
    engine = create_engine(base)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


class SMTPSink:
    """Collects what arrives at the local SMTP server."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content)
        self.messages.append(message)
        return "250 OK"

    def bodies(self) -> list[str]:
        return [m.get_payload(decode=True).decode("utf-8") for m in self.messages]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server():
    sink = SMTPSink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture(scope="session")
def app_config(tmp_path_factory, smtp_server):
    return {
        "ENV_MODE": "testing",
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory, "app"),
        "INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")),
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_server.port,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
        **CHEAP_ARGON2,
    }


@pytest.fixture(scope="session")
def _app(app_config):
    from flask_migrate import upgrade

    application = create_app(app_config)
    with application.app_context():
        upgrade()
        snapshot = {
            name: [dict(row._mapping) for row in db.session.execute(
                select(db.metadata.tables[name]))]
            for name in REFERENCE_TABLES
        }
        db.session.remove()
    application.reference_snapshot = snapshot
    return application


@pytest.fixture
def app(_app, smtp_server):
    """The app with an empty database holding only the migrated reference data."""
    with _app.app_context():
        _reset(_app.reference_snapshot)
    smtp_server.handler.messages.clear()
    _app.config["RATELIMIT_ENABLED"] = False
    yield _app
    with _app.app_context():
        db.session.remove()


def _reset(snapshot) -> None:
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        # The append-only trigger (migration 0013) lets this transaction empty the audit log.
        session.execute(text("SELECT set_config('portal.audit_purge', 'on', true)"))
    token = audit_purge_running.set(True)  # the same on SQLite
    try:
        for table in reversed(db.metadata.sorted_tables):
            session.execute(table.delete())
    finally:
        audit_purge_running.reset(token)
    for name in REFERENCE_TABLES:
        if snapshot[name]:
            session.execute(insert(db.metadata.tables[name]), snapshot[name])
    session.commit()
    session.remove()


class PortalClient(FlaskClient):
    """A test client that fills in the CSRF token the way a browser form would."""

    def csrf_token(self, page: str) -> str:
        return self.hidden_fields(page)["csrf_token"]

    def hidden_fields(self, page: str) -> dict:
        """The CSRF token of a page and, on an edit form, the version it was built from."""
        response = self.get(page)
        html = response.get_data(as_text=True)
        match = CSRF_RE.search(html)
        assert match, f"no CSRF token on {page} (status {response.status_code})"
        fields = {"csrf_token": match.group(1)}
        version = VERSION_RE.search(html)
        if version and version.group(1):
            fields["version"] = version.group(1)
        return fields

    def form_post(self, url: str, data: dict | None = None, *, page: str | None = None,
                  **kwargs):
        data = dict(data or {})
        for name, value in self.hidden_fields(page or url).items():
            data.setdefault(name, value)
        return self.post(url, data=data, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = PortalClient
    return app.test_client()


@pytest.fixture
def make(app):
    """Factories bound to the app: make.user(...), make.case(...), ...

    Each call runs in its own short app context, so no context (and no `g`) leaks into
    the requests the test makes afterwards; returned objects keep their loaded values.
    """
    return factories.Factory(app)


def login(client, email: str, password: str = factories.PASSWORD, *, follow=False):
    response = client.form_post("/login", {"email": email, "password": password})
    response = factories.complete_second_factor(client, response, email=email)
    if follow and response.status_code in (302, 303):
        return client.get(response.headers["Location"], follow_redirects=True)
    return response


@pytest.fixture
def login_as(client, make):
    """Create a user of a role and log the client in: login_as('agency')."""

    def _login(role: str = "caseworker", **kwargs):
        user = make.user(role=role, **kwargs)
        login(client, user.email)
        return user

    return _login


@pytest.fixture
def mail_outbox(smtp_server):
    return smtp_server.handler


@pytest.fixture
def english(client):
    """Switch the client to English, so tests can assert on the English source texts."""
    client.form_post("/language", {"lang": "en", "next": "/"}, page="/login")
    return client
