"""Reference-data forms: routes, rates per year and exchange rates; no database access."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from portal.forms.base import PortalForm, VersionedEditForm
from portal.forms.fields import MoneyField, RateField
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Regexp,
    ValidationError,
)

from portal import rules


def _money(label):
    return MoneyField(label, validators=[
        InputRequired(_l("Enter the amount in kroner.")),
        NumberRange(min=0, max=10_000_000, message=_l("Enter an amount from 0 to 10,000,000."))])


class RouteForm(VersionedEditForm):
    airline = StringField(_l("Airline"), validators=[
        DataRequired(_l("Enter the airline.")), Length(max=100)])
    via = StringField(_l("Via"), validators=[
        DataRequired(_l("Enter where the route changes planes.")), Length(max=100)])
    destination = StringField(_l("To"), validators=[
        DataRequired(_l("Enter the destination airport or city.")), Length(max=100)])
    country_code = StringField(_l("Country code"), validators=[
        DataRequired(_l("Enter the two-letter country code, e.g. SY.")),
        Regexp(r"^[A-Za-z]{2}$", message=_l("Enter the two-letter country code, e.g. SY."))],
        render_kw={"maxlength": 2, "autocapitalize": "characters"})
    note = StringField(_l("Note"), validators=[Length(max=500)])
    active = BooleanField(_l("The route is active (can be booked)"), default=True)

    def validate_country_code(self, field):
        if not field.errors and not rules.is_country_code(field.data):
            raise ValidationError(_l("%(code)s is not a country code (ISO 3166). Enter two "
                                     "letters, e.g. SY for Syria.", code=field.data))


class RouteDeleteForm(PortalForm):
    """Deleting a mistaken route is final: asked for explicitly."""

    confirm = BooleanField(_l("Yes, delete this route: it was entered by mistake"),
                           validators=[DataRequired(_l("Tick the box to delete the route."))])


class RateYearForm(VersionedEditForm):
    year = IntegerField(_l("Year"), validators=[
        InputRequired(_l("Enter the year as four digits.")),
        NumberRange(min=2000, max=2100, message=_l("Use a year from %(min)s to %(max)s."))],
        render_kw={"inputmode": "numeric"})
    adult_departure = _money(_l("At departure, per adult (kr)"))
    child_departure = _money(_l("At departure, per child (kr)"))
    adult_after_arrival = _money(_l("After arrival, per adult (kr)"))
    adult_after_arrival_with_reintegration = _money(
        _l("After arrival, per adult with reintegration assistance (kr)"))
    child_after_arrival = _money(_l("After arrival, per child (kr)"))
    source = StringField(_l("Legal source"), validators=[Length(max=200)])


class ExchangeRateForm(VersionedEditForm):
    currency = StringField(_l("Currency code"), validators=[
        DataRequired(_l("Enter the three-letter currency code, e.g. USD.")),
        Regexp(r"^[A-Za-z]{3}$", message=_l("Enter the three-letter currency code, e.g. USD."))],
        render_kw={"maxlength": 3, "autocapitalize": "characters"})
    units_per_eur = RateField(_l("Units per 1 EUR"), validators=[
        InputRequired(_l("Enter the rate as a number.")),
        NumberRange(min=Decimal("0.000001"), max=10_000_000,
                    message=_l("Enter a rate greater than 0."))])
    # A rate more than 50 % away from the previous one is refused unless this is ticked:
    # a currency can really fall that far, but a typing slip is far more likely.
    confirm_change = BooleanField(_l("Yes, the rate has really changed this much"))

    def validate_currency(self, field):
        if not field.errors and not rules.is_currency_code(field.data):
            raise ValidationError(_l("%(code)s is not a currency code (ISO 4217). Enter three "
                                     "letters, e.g. USD.", code=field.data))
