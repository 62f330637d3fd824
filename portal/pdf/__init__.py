"""The official forms as PDFs: frozen data in, PDF bytes out (no Flask, no database).

Every renderer takes the form's data (portal.pdf.data) and a ``Formatter`` that carries
gettext and the reader's date and money formatting; tests use ``Formatter.plain()``.
"""

from .cash_declaration import render_cash_declaration
from .data import Formatter
from .decision import render_decision_letter
from .departure import render_departure_form
from .flexible_payment import render_flexible_payment
from .receipt import render_receipt
from .recon_trip import render_recon_trip
from .supplement import render_supplement
from .waiver import render_waiver

__all__ = [
    "Formatter",
    "render_cash_declaration",
    "render_decision_letter",
    "render_departure_form",
    "render_flexible_payment",
    "render_receipt",
    "render_recon_trip",
    "render_supplement",
    "render_waiver",
]
