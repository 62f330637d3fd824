"""Fields shared by several forms."""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from wtforms import DecimalField


class DecimalCommaField(DecimalField):
    """A decimal number written the Danish way (26.814,56) or the English way (26814.56)."""

    invalid_message = _l("Enter a number, for example 2500,50.")

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        raw = valuelist[0].strip().replace(" ", "").replace("\u00a0", "")
        if "," in raw:
            raw = raw.replace(".", "").replace(",", ".")
        try:
            self.data = Decimal(raw)
        except InvalidOperation:
            self.data = None
            raise ValueError(str(self.invalid_message)) from None
        if not self.data.is_finite():
            self.data = None
            raise ValueError(str(self.invalid_message))

    def _value(self):
        """Show the number back as typed in the user's own convention is not known here,
        so a raw entry is echoed unchanged and a stored value is shown plainly."""
        if self.raw_data:
            return self.raw_data[0]
        return super()._value()


def whole_number(text: str | None, *, max_digits: int = 18) -> int | None:
    """A plain ASCII whole number from a form or URL value, else None.

    str.isdigit() alone is not enough: '¹' and other Unicode digits pass it, and int()
    then fails with a server error.
    """
    text = (text or "").strip()
    if not text or len(text) > max_digits or not (text.isascii() and text.isdigit()):
        return None
    return int(text)
