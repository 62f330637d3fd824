"""Danish by default, English by the switch, remembered; catalogs complete."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import PortalClient, login

ROOT = Path(__file__).resolve().parents[2]
# Words that only appear in the Danish interface.
DANISH_MARKERS = ("Log ind", "Adgangskode", "Mine sager", "Arbejdskø", "Brugere", "Find en sag",
                  "Hjemrejsestyrelsen", "Log ud", " og ", " til ", " på ", " af ", " er ",
                  " med ", " ikke ", " du ", " kan ")


def visible_text(html: str) -> str:
    """Text a person sees, leaving out elements marked lang="da" (the 'Dansk' switch)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<[^>]*\blang="da"[^>]*>[^<]*<', "<", html)
    html = re.sub(r"<[^>]+>", " ", html)
    return html


def test_pages_are_danish_by_default(client):
    body = client.get("/login").get_data(as_text=True)
    assert '<html lang="da">' in body
    assert "Log ind" in body


def test_language_switch_shows_english_for_anonymous_users(client):
    client.form_post("/language", {"lang": "en", "next": "/login"}, page="/login")
    body = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in body
    assert "Log in" in body


@pytest.mark.parametrize(("role", "path"), [
    ("caseworker", "/municipality/"), ("agency", "/agency/"),
    ("drc_adviser", "/drc/"), ("admin", "/admin/")])
def test_no_danish_is_left_on_start_pages_after_switching_to_english(client, make, role, path):
    user = make.user(role, name="Test User", municipality_code="751")
    login(client, user.email)
    response = client.form_post("/language", {"lang": "en", "next": path}, page=path,
                                follow_redirects=True)
    text = visible_text(response.get_data(as_text=True))
    if role == "caseworker":
        text = text.replace("Aarhus", "")
    found = [word for word in DANISH_MARKERS if word in text]
    assert found == [], f"Danish left on {path}: {found}"


def test_language_choice_is_remembered_for_the_user(client, make, app):
    user = make.user("caseworker")
    login(client, user.email)
    client.form_post("/language", {"lang": "en", "next": "/municipality/"},
                     page="/municipality/")
    client.form_post("/logout", page="/municipality/")
    # A fresh browser: the saved choice follows the user at the next login.
    app.test_client_class = type(client)
    fresh = app.test_client()
    login(fresh, user.email)
    assert '<html lang="en">' in fresh.get("/municipality/").get_data(as_text=True)


def test_language_switch_ignores_unsafe_next(client):
    response = client.form_post("/language", {"lang": "en", "next": "https://evil.example/"},
                                page="/login")
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_catalog_has_no_untranslated_or_fuzzy_entries(lang):
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh)
    untranslated = [m.id for m in catalog if m.id and not m.string]
    plural_gaps = [m.id for m in catalog if m.id and isinstance(m.string, tuple)
                   and not all(m.string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert plural_gaps == []
    assert fuzzy == []


def test_every_string_in_the_code_is_in_the_catalogs(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "pyproject.toml",
         "-k", "_l", "-k", "N_", "-o", str(pot), "--ignore-dirs=.venv tests bench build",
         "portal", "forms"],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as fh:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    for lang in ("da", "en"):
        with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
            known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
        missing = sorted(extracted - known)
        assert missing == [], f"{lang}: {len(missing)} strings missing, e.g. {missing[:5]}"


def test_english_formats_dates_the_british_way(app):
    from datetime import UTC, date, datetime

    from portal import formatting

    with app.test_request_context("/"):
        from flask import session

        session["lang"] = "en"
        assert formatting.day(date(2026, 12, 3), "short") == "03/12/2026"
        assert "23:26" in formatting.timestamp(datetime(2026, 12, 3, 22, 26, tzinfo=UTC))


def test_choosing_a_language_changes_no_other_session_of_the_user(app, make):
    user = make.user(role="caseworker", locale="da")
    app.test_client_class = PortalClient
    first, second = app.test_client(), app.test_client()
    login(first, user.email)
    login(second, user.email)
    first.form_post("/language", {"lang": "en", "next": "/"}, page="/municipality/")
    assert '<html lang="en">' in first.get("/municipality/").get_data(as_text=True)
    assert '<html lang="da">' in second.get("/municipality/").get_data(as_text=True)


def test_the_account_preference_is_the_language_at_login(app, make, client):
    user = make.user(role="caseworker", locale="en")
    login(client, user.email)
    assert '<html lang="en">' in client.get("/municipality/").get_data(as_text=True)
