"""Flask-Babel with the message catalogue looked up once per request instead of per message.

For every message Flask-Babel resolves the request's locale, turns it into its identifier
string and looks the catalogue up in a dictionary; a page of the agency's queue has about a
hundred messages, so that came to a sizeable share of the page. The catalogue is kept on
Flask-Babel's own per-request namespace under the name its `refresh()` clears, so switching
the language within a request still takes effect at once.
"""

from __future__ import annotations

from functools import cached_property

from babel import support
from flask import g
from flask_babel import Babel, Domain


def _request_namespace():
    """Flask-Babel's per-request namespace (`g._flask_babel`), or None outside a request."""
    if not g:
        return None
    namespace = g.get("_flask_babel")
    if namespace is None:
        from flask_babel import _get_current_context

        namespace = _get_current_context()
    return namespace


class RequestCachedDomain(Domain):
    def get_translations(self):
        namespace = _request_namespace()
        if namespace is None:
            return support.NullTranslations()
        translations = getattr(namespace, "babel_translations", None)
        if translations is None:
            translations = namespace.babel_translations = super().get_translations()
        return translations


class PortalBabel(Babel):
    @cached_property
    def domain_instance(self):
        return RequestCachedDomain(domain=self.domain)


def install_template_gettext(app) -> None:
    """Templates call the catalogue directly (Flask-Babel's callables look up the domain
    and the namespace again for every message)."""
    with app.app_context():
        domain = app.extensions["babel"].instance.domain_instance
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: domain.get_translations().ugettext(s),
        ngettext=lambda s, p, n: domain.get_translations().ungettext(s, p, n),
        pgettext=lambda c, s: domain.get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: domain.get_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
