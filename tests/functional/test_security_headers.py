"""Security headers on every response: pages, redirects, 404, 500, files/PDFs and static files."""

from __future__ import annotations

import logging

import pytest
from flask import Blueprint, Response, redirect

from portal import create_app

PAGE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def assert_security_headers(response, *, no_store: bool = True) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in csp
    script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert "default-src 'self'" in csp
    for name, value in PAGE_HEADERS.items():
        assert response.headers.get(name) == value, name
    if no_store:
        assert response.headers.get("Cache-Control") == "no-store"
    else:
        assert response.headers.get("Cache-Control") != "no-store"


@pytest.fixture(scope="module")
def faulty_app(app_config):
    """A separate app with routes that fail or send a PDF, as real views would."""
    bp = Blueprint("faulty", __name__)

    @bp.route("/_test/boom")
    def boom():
        raise RuntimeError("boom with a secret detail")

    @bp.route("/_test/file.pdf")
    def pdf():
        return Response(b"%PDF-1.4\n%%EOF\n", mimetype="application/pdf",
                        headers={"Content-Disposition": 'attachment; filename="x.pdf"'})

    application = create_app({**app_config, "HSTS": True})
    application.register_blueprint(bp)
    return application


def test_a_page_has_all_headers_and_no_store(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert_security_headers(response)
    assert "Strict-Transport-Security" not in response.headers  # not in testing


def test_a_redirect_has_the_headers(client):
    response = client.get("/agency/")
    assert response.status_code == 302
    assert_security_headers(response)


def test_a_404_is_friendly_with_headers_and_no_traceback(client, english):
    response = client.get("/no/such/page")
    body = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page not found" in body
    assert "Traceback" not in body
    assert_security_headers(response)


def test_a_500_is_friendly_with_headers_and_hides_the_error(faulty_app, caplog):
    # Alembic's fileConfig (run in-process by the test setup) disables existing loggers.
    logging.getLogger("portal.main.errors").disabled = False
    client = faulty_app.test_client()
    response = client.get("/_test/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Traceback" not in body
    assert "secret detail" not in body
    assert "<h1>" in body
    assert_security_headers(response)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "boom with a secret detail" in caplog.text  # logged for the operators


def test_a_pdf_file_has_the_headers_and_no_store(faulty_app):
    response = faulty_app.test_client().get("/_test/file.pdf")
    assert response.mimetype == "application/pdf"
    assert_security_headers(response)


def test_the_audit_page_has_the_headers_and_no_store(client, login_as):
    login_as("admin")
    response = client.get("/admin/audit")
    assert_security_headers(response)


def test_a_static_file_has_the_headers_but_may_be_cached(client):
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert_security_headers(response, no_store=False)


def test_hsts_is_sent_in_production_mode_configuration():
    from portal.config import load_config

    assert load_config(env={"PORTAL_ENV": "production", "SECRET_KEY": "k" * 40})["HSTS"]
    assert not load_config(env={"PORTAL_ENV": "development"})["HSTS"]


def test_redirect_helper_headers_via_flask_redirect(faulty_app):
    # A plain redirect built by Flask (not by a view of ours) also carries the headers.
    with faulty_app.test_request_context("/"):
        response = faulty_app.process_response(redirect("/login"))
    assert_security_headers(response)
