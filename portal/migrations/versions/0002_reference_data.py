"""reference data: the 98 municipalities, 2024 rates, exchange rates, routes, counters

Revision ID: 0002
Revises: 0001
"""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MUNICIPALITIES_CSV = Path(__file__).resolve().parents[2] / "data" / "municipalities.csv"

STATUSES = ("draft", "submitted", "received", "in_review", "awaiting_municipality", "approved",
            "travel_booked", "departed", "closed", "rejected", "withdrawn", "cancelled")
KINDS = ("flexible_payment", "recon_trip", "departure")

# Units per 1 EUR, as the agency's table stood on the rate date (editable by agency staff).
EXCHANGE_RATES = (("DKK", "7.4604"), ("USD", "1.1581"), ("SEK", "10.9875"),
                  ("NOK", "11.7320"), ("GBP", "0.8812"), ("TRY", "48.9720"))
RATE_DATE = date(2025, 11, 21)


def _table(name, *columns):
    """A lightweight table; numeric and date columns typed so every driver binds them."""
    types = {"rate_date": sa.Date(), "active": sa.Boolean(), "count": sa.Integer(),
             "year": sa.Integer()}
    return sa.table(name, *(sa.column(c, types.get(c, sa.Numeric(18, 6)
                                                  if c.startswith(("adult", "child", "units"))
                                                  else sa.String())) for c in columns))


def upgrade():
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as fh:
        rows = [{"code": r["code"].strip(), "name": r["name"].strip()} for r in csv.DictReader(fh)]
    op.bulk_insert(_table("municipalities", "code", "name"), rows)
    op.bulk_insert(
        _table("rate_years", "year", "adult_departure", "child_departure", "adult_after_arrival",
               "adult_after_arrival_with_reintegration", "child_after_arrival", "source"),
        [{"year": 2024, "adult_departure": Decimal("26814.56"),
          "child_departure": Decimal("16088.74"), "adult_after_arrival": Decimal("91169.50"),
          "adult_after_arrival_with_reintegration": Decimal("75080.77"),
          "child_after_arrival": Decimal("42903.29"), "source": "LOV 414/2024"}],
    )
    op.bulk_insert(
        _table("exchange_rates", "currency", "units_per_eur", "rate_date"),
        [{"currency": c, "units_per_eur": Decimal(v), "rate_date": RATE_DATE}
         for c, v in EXCHANGE_RATES],
    )
    op.bulk_insert(_table("flexible_payment_countries", "country_code", "active"),
                   [{"country_code": "SY", "active": True}, {"country_code": "IR", "active": True}])
    op.bulk_insert(
        _table("routes", "airline", "via", "destination", "country_code", "active", "note"),
        [
            {"airline": "Turkish Airlines", "via": "Istanbul", "destination": "Damaskus",
             "country_code": "SY", "active": True, "note": ""},
            {"airline": "Turkish Airlines", "via": "Istanbul", "destination": "Aleppo",
             "country_code": "SY", "active": True, "note": ""},
            {"airline": "Qatar Airways", "via": "Doha", "destination": "Damaskus",
             "country_code": "SY", "active": True, "note": ""},
        ],
    )
    op.bulk_insert(_table("request_status_counts", "kind", "status", "count"),
                   [{"kind": k, "status": s, "count": 0} for k in KINDS for s in STATUSES])


def downgrade():
    # Rows still referenced by users, cases or requests stay; 0001's downgrade drops them all.
    op.execute(sa.text("DELETE FROM request_status_counts"))
    op.execute(sa.text("DELETE FROM flexible_payment_countries"))
    op.execute(sa.text("DELETE FROM exchange_rates"))
    op.execute(sa.text("DELETE FROM rate_years"))
    op.execute(sa.text(
        "DELETE FROM routes WHERE id NOT IN "
        "(SELECT route_id FROM requests WHERE route_id IS NOT NULL)"))
    op.execute(sa.text(
        "DELETE FROM municipalities WHERE id NOT IN "
        "(SELECT municipality_id FROM users WHERE municipality_id IS NOT NULL) "
        "AND id NOT IN (SELECT municipality_id FROM cases) "
        "AND id NOT IN (SELECT municipality_id FROM requests)"))
