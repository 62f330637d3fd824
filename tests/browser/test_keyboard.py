"""Keyboard only: Tab, Shift+Tab, Enter and Space (and typing into fields), never the mouse.
At every Tab stop the focused element must be on screen and show a focus indicator."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    DEMO_PASSWORD,
    check_a11y,
    focused_element,
    page_lang,
    path,
    tab,
    tab_to,
    wait_for_summary_focus,
)

pytestmark = pytest.mark.browser

#: The password change really changes the password, so each language uses its own account.
ACCOUNT = {"da": "aarhus@demo.test", "en": "kobenhavn@demo.test"}


def _is(field_id: str):
    return lambda info: info["id"] == field_id


def _skip_link_moves_focus_to_main(page) -> None:
    info = tab(page)
    assert "skip-link" in info["cls"], f"the first Tab stop is not the skip link: {info}"
    page.keyboard.press("Enter")
    assert focused_element(page)["id"] == "main", "the skip link does not move the focus"


def _keyboard_language(page, lang: str) -> None:
    """Switch the language with the header button (Tab to it, Space), if needed."""
    if page_lang(page) == lang:
        return
    tab_to(page, lambda info: "language-switch" in info["form"])
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert page_lang(page) == lang


def _submit_with(page, key: str) -> None:
    tab_to(page, lambda info: info["tag"] == "button" and "button" in info["cls"].split())
    with page.expect_navigation():
        page.keyboard.press(key)


def _keyboard_login(page, lang: str, email: str) -> None:
    page.goto("/login")
    _keyboard_language(page, lang)
    page.goto("/login")  # start again from the top of a fresh page
    _skip_link_moves_focus_to_main(page)
    assert tab(page)["id"] == "email", "after the skip link the next stop is the e-mail field"
    page.keyboard.type(email)
    assert tab(page)["id"] == "password"
    page.keyboard.type(DEMO_PASSWORD)
    assert tab(page, "Shift+Tab")["id"] == "email"
    assert page.input_value("#email") == email
    assert tab(page)["id"] == "password"
    _submit_with(page, "Enter")


def test_login_with_the_keyboard_only_including_the_errors(page, lang):
    page.goto("/login")
    _keyboard_language(page, lang)
    page.goto("/login")
    _skip_link_moves_focus_to_main(page)

    # Empty submit with Space: the error summary takes the focus; its links lead to fields.
    _submit_with(page, "Space")
    wait_for_summary_focus(page)
    info = tab(page)
    assert info["tag"] == "a", "the first Tab after the summary is its first link"
    page.keyboard.press("Enter")
    assert focused_element(page)["id"] == "email"
    page.keyboard.type(ACCOUNT[lang])
    tab_to(page, _is("password"))
    page.keyboard.type(DEMO_PASSWORD)
    _submit_with(page, "Enter")
    assert path(page) == "/municipality"
    assert page_lang(page) == lang

    # In the portal: skip link first, then the main menu is reachable and shows its focus.
    _skip_link_moves_focus_to_main(page)
    page.keyboard.press("Shift+Tab")
    stop = tab_to(page, lambda i: i["tag"] == "a" and i["id"] == "", key="Shift+Tab")
    assert stop["visible"]


@pytest.mark.lang("en")  # also switches the language with the keyboard
def test_password_change_with_the_keyboard_only(page, lang):
    email = ACCOUNT[lang]
    _keyboard_login(page, lang, email)
    assert path(page) == "/municipality"

    tab_to(page, lambda info: info["tag"] == "a" and "header-link" in info["cls"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path(page) == "/account/password"
    _skip_link_moves_focus_to_main(page)

    # Mismatched new passwords first.
    assert tab(page)["id"] == "current_password"
    page.keyboard.type(DEMO_PASSWORD)
    assert tab(page)["id"] == "new_password"
    page.keyboard.type("Keyboard-only-password-2026")
    assert tab(page)["id"] == "confirm"
    page.keyboard.type("Keyboard-only-password-2027")
    _submit_with(page, "Space")
    wait_for_summary_focus(page)
    check_a11y(page, "keyboard-password-errors")
    link = tab(page)
    assert link["tag"] == "a"
    page.keyboard.press("Enter")
    assert focused_element(page)["id"] == "confirm"

    # Back up with Shift+Tab and fill all three again (password fields are never re-shown).
    assert tab(page, "Shift+Tab")["id"] == "new_password"
    assert tab(page, "Shift+Tab")["id"] == "current_password"
    page.keyboard.type(DEMO_PASSWORD)
    tab(page)
    page.keyboard.type("Keyboard-only-password-2026")
    tab(page)
    page.keyboard.type("Keyboard-only-password-2026")
    _submit_with(page, "Enter")
    assert path(page) == "/municipality"
    assert page.locator(".alert-success").is_visible()
    check_a11y(page, "keyboard-password-changed")
