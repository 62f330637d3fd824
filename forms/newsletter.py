"""Newsletter, newsletter settings and guidance forms; no database access here."""

from flask_babel import lazy_gettext as _l
from portal.forms.base import PortalForm, VersionedEditForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

MAX_SECTIONS = 30


class SectionForm(Form):
    """One section; the heading is required unless the section is being removed."""

    heading = StringField(_l("Heading"), validators=[Length(max=200)])
    body_md = TextAreaField(_l("Text (Markdown)"), validators=[Length(max=20000)],
                            render_kw={"rows": 10})
    position = IntegerField(_l("Order"), validators=[
        Optional(), NumberRange(min=1, max=MAX_SECTIONS,
                                message=_l("Use a number from %(min)s to %(max)s."))],
        render_kw={"inputmode": "numeric"})
    remove = BooleanField(_l("Remove this section when saving"))


class IssueForm(VersionedEditForm):
    number = IntegerField(_l("Issue number"), validators=[
        InputRequired(_l("Enter the issue number as a whole number.")),
        NumberRange(min=1, max=12, message=_l("Use a number from %(min)s to %(max)s."))],
        render_kw={"inputmode": "numeric"})
    year = IntegerField(_l("Year"), validators=[
        InputRequired(_l("Enter the year as four digits.")),
        NumberRange(min=2000, max=2100, message=_l("Use a year from %(min)s to %(max)s."))],
        render_kw={"inputmode": "numeric"})
    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter the title.")),
                                                 Length(max=200)])
    sections = FieldList(FormField(SectionForm),
                         min_entries=1, max_entries=MAX_SECTIONS)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        kept = [s for s in self.sections if not s.form.remove.data]
        for entry in kept:
            if not (entry.form.heading.data or "").strip():
                entry.form.heading.errors = [*entry.form.heading.errors,
                                             _l("Enter a heading for the section.")]
                ok = False
        if not kept:
            self.form_errors.append(_l("An issue needs at least one section."))
            ok = False
        return ok

    def kept_sections(self) -> list[dict]:
        """The sections to save, in the order the positions give (ties keep their order)."""
        entries = [(entry.form.position.data or index + 1, index, entry.form)
                   for index, entry in enumerate(self.sections) if not entry.form.remove.data]
        return [{"heading": form.heading.data or "", "body_md": form.body_md.data or ""}
                for _pos, _index, form in sorted(entries, key=lambda t: (t[0], t[1]))]


class NotifyForm(PortalForm):
    notify = BooleanField(_l("E-mail me when a new issue is published"))


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class GuidanceForm(VersionedEditForm):
    title_da = StringField(_l("Title in Danish"), validators=[
        DataRequired(_l("Enter the Danish title.")), Length(max=200)])
    body_da = TextAreaField(_l("Text in Danish (Markdown)"), validators=[
        DataRequired(_l("Enter the Danish text.")), Length(max=5000)], render_kw={"rows": 5})
    title_en = StringField(_l("Title in English"), validators=[
        DataRequired(_l("Enter the English title.")), Length(max=200)])
    body_en = TextAreaField(_l("Text in English (Markdown)"), validators=[
        DataRequired(_l("Enter the English text.")), Length(max=5000)], render_kw={"rows": 5})
    contexts = MultiCheckboxField(_l("Shown in"), choices=[], validate_choice=True)
    source = StringField(_l("Source"), validators=[Length(max=300)])


class ConfirmForm(PortalForm):
    """An empty form: a POST button with its CSRF token."""
