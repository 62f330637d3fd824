"""Reference data kept by the agency: municipalities, routes, rates, exchange rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base

Money = Numeric(14, 2)


class Municipality(Base):
    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(3), unique=True)
    name: Mapped[str] = mapped_column(String(100))


class FlexiblePaymentCountry(Base):
    """Destinations for which the agency allows flexible payment (BEK 1493/2023)."""

    __tablename__ = "flexible_payment_countries"

    country_code: Mapped[str] = mapped_column(String(2), primary_key=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Route(Base):
    __tablename__ = "routes"

    id: Mapped[int] = mapped_column(primary_key=True)
    airline: Mapped[str] = mapped_column(String(100))
    via: Mapped[str] = mapped_column(String(100))
    destination: Mapped[str] = mapped_column(String(100))
    country_code: Mapped[str] = mapped_column(String(2))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    version_id: Mapped[int] = mapped_column(Integer, default=1)  # migration 0012

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def label(self) -> str:
        return f"{self.airline}: {self.via} → {self.destination}"


class RateYear(Base):
    """Assistance rates in kroner for one year (indexed yearly, LOV 414/2024 for 2024)."""

    __tablename__ = "rate_years"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    adult_departure: Mapped[Decimal] = mapped_column(Money)
    child_departure: Mapped[Decimal] = mapped_column(Money)
    adult_after_arrival: Mapped[Decimal] = mapped_column(Money)
    adult_after_arrival_with_reintegration: Mapped[Decimal] = mapped_column(Money)
    child_after_arrival: Mapped[Decimal] = mapped_column(Money)
    source: Mapped[str] = mapped_column(String(200), default="")
    version_id: Mapped[int] = mapped_column(Integer, default=1)  # migration 0012

    __mapper_args__ = {"version_id_col": version_id}


class ExchangeRate(Base):
    """Units of a currency per 1 EUR (ECB convention), as of a date."""

    __tablename__ = "exchange_rates"
    __table_args__ = (UniqueConstraint("currency", "rate_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))
    units_per_eur: Mapped[Decimal] = mapped_column(Numeric(18, 6))
    rate_date: Mapped[date] = mapped_column(Date)
    version_id: Mapped[int] = mapped_column(Integer, default=1)  # migration 0012

    __mapper_args__ = {"version_id_col": version_id}
