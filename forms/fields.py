"""Fields shared by several forms."""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import DecimalField, SelectField
from wtforms.validators import ValidationError
from wtforms.widgets import Select, html_params


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


# SelectField's own message, so that WTForms' catalogs translate it as for any other select.
WTFORMS_INVALID_CHOICE = "Not a valid choice."


class OptionList(tuple):
    """The (value, label) choices of a long select with their options written once.

    The queue's filters show the same ~200 options to every clerk; an OptionList kept in
    portal.shared_cache writes them once, and a page only marks its selected value.
    """

    def __new__(cls, choices):
        self = super().__new__(cls, ((str(value), label) for value, label in choices))
        parts, self.ends, position = [], {}, 0  # ends: value -> where its tag's '>' is
        for value, label in self:
            opening = f'<option value="{escape(value)}"'
            position += len(opening)
            self.ends.setdefault(value, position)
            rest = f">{escape(label)}</option>"
            position += len(rest)
            parts += (opening, rest)
        self.html = "".join(parts)
        return self

    def with_selected(self, value) -> str:
        end = self.ends.get(value)
        if end is None:
            return self.html
        return f"{self.html[:end]} selected{self.html[end:]}"


class PlainOptionsSelect(Select):
    """WTForms' select with each plain option written as one string: html_params and a
    Markup per option made the queue's ~250 filter options cost about 2 ms a page. An
    OptionList's options are not written again at all."""

    def __call__(self, field, **kwargs):
        if not isinstance(field.choices, OptionList) or self.multiple:
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for name in self.validation_attrs:
            if name not in kwargs and getattr(flags, name, False):
                kwargs[name] = getattr(flags, name)
        options = field.choices.with_selected(None if field.data is None else str(field.data))
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")  # noqa: S704  # nosec B704

    @classmethod
    def render_option(cls, value, label, selected, **kwargs):
        if kwargs or value is True:
            return super().render_option(value, label, selected, **kwargs)
        return (f'<option value="{escape(value)}"{" selected" if selected else ""}>'
                f"{escape(label)}</option>")


class LongSelectField(SelectField):
    """A select with many options (municipalities, staff, countries)."""

    widget = PlainOptionsSelect()

    def pre_validate(self, form):
        if isinstance(self.choices, OptionList):
            if self.validate_choice and self.data not in self.choices.ends:
                raise ValidationError(self.gettext(WTFORMS_INVALID_CHOICE))
            return
        super().pre_validate(form)
