"""Demo data for development and the browser tests; never loaded in production.

Each module adds one part and is safe to run twice (get-or-create by natural keys).
"""

from __future__ import annotations

from portal.demo import accounts

DEMO_PASSWORD = accounts.DEMO_PASSWORD
DEMO_TOTP_SECRET = accounts.DEMO_TOTP_SECRET

#: Loaders in order; each returns a one-line summary.
LOADERS = [accounts.load]

from portal.demo import newsletter as _newsletter  # noqa: E402

LOADERS.append(_newsletter.load)

from portal.demo import processing as _processing  # noqa: E402

LOADERS.append(_processing.load)  # requests in every status (after the accounts)

from portal.demo import households as _households  # noqa: E402

LOADERS.append(_households.load)  # households filed through the municipality's services


def load_all() -> list[str]:
    return [loader() for loader in LOADERS]
