"""Form widgets and fields that render as NHS.UK components.

The nhsuk crispy pack (templates/nhsuk/) draws the component around them; the
date input is the one NHS.UK component Django has no widget for.
"""

import calendar
import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

DATE_PARTS = ("day", "month", "year")

# People type "3", "03", "Mar" or "March"; all mean the same month.
MONTHS = {
    **{name.lower(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.lower(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}


def _as_number(text: str, part: str) -> int | None:
    text = text.strip()
    if part == "month" and text.lower() in MONTHS:
        return MONTHS[text.lower()]
    return int(text) if text.isdigit() else None


def date_parts_in_error(values: Sequence[str | None]) -> set[str]:
    """Which of day, month and year to mark in error, given what was typed.

    The NHS.UK pattern highlights only the boxes that need fixing (a missing
    year, a month of 13) and all three when the date as a whole is wrong (31
    February, or a date outside an allowed range).
    """
    typed = {part: str(v or "").strip() for part, v in zip(DATE_PARTS, values, strict=False)}
    missing = {part for part, text in typed.items() if not text}
    if missing and missing != set(DATE_PARTS):
        return missing
    if missing:
        return set(DATE_PARTS)
    wrong = set()
    day = _as_number(typed["day"], "day")
    month = _as_number(typed["month"], "month")
    year = _as_number(typed["year"], "year")
    if day is None or not 1 <= day <= 31:
        wrong.add("day")
    if month is None or not 1 <= month <= 12:
        wrong.add("month")
    if year is None or len(typed["year"]) != 4:
        wrong.add("year")
    return wrong or set(DATE_PARTS)


class DateInputWidget(forms.MultiWidget):
    """Day, month and year boxes, as the NHS.UK date input component.

    `autocomplete` names the kind of date for browsers that can fill it in, for
    example "bday" for a date of birth (giving bday-day, bday-month, bday-year).
    """

    template_name = "nhsuk/widgets/date_input.html"
    use_fieldset = True

    def __init__(self, attrs: dict | None = None, autocomplete: str | None = None) -> None:
        widgets = {}
        for part in DATE_PARTS:
            part_attrs = {"inputmode": "numeric"}
            if autocomplete:
                part_attrs["autocomplete"] = f"{autocomplete}-{part}"
            widgets[part] = forms.TextInput(attrs=part_attrs)
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[str | None]:
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        base_id = context["widget"]["attrs"].get("id")
        subwidgets = context["widget"]["subwidgets"]
        values = [subwidget["value"] for subwidget in subwidgets]
        suspects = date_parts_in_error(values)
        for part, subwidget in zip(DATE_PARTS, subwidgets, strict=True):
            if base_id:
                # Readable ids (dob_day rather than dob_0) that the error summary links to.
                subwidget["attrs"]["id"] = f"{base_id}_{part}"
            # The fieldset carries the description; each box has its own label.
            subwidget["attrs"].pop("aria-describedby", None)
            subwidget["attrs"].pop("aria-invalid", None)
            subwidget["part"] = part
            subwidget["label"] = part.capitalize()
            subwidget["width"] = 4 if part == "year" else 2
            subwidget["suspect"] = part in suspects
        return context

    def id_for_label(self, id_: str) -> str:
        # The day box is where an error summary link should land.
        return f"{id_}_day" if id_ else ""

    def _render(self, template_name: str, context: dict, renderer=None) -> SafeString:
        # Project templates are not on the default form renderer's path, so a
        # date input rendered outside the crispy pack uses the site's loader.
        return mark_safe(render_to_string(template_name, context))  # noqa: S308


class DateInputField(forms.Field):
    """A date typed into day, month and year boxes, with the NHS.UK error messages.

    Messages can be made specific to the question through `error_messages`, for
    example {"required": "Enter the date you completed the course"}.
    """

    widget = DateInputWidget
    default_error_messages = {
        "required": "Enter a date",
        "incomplete": "Date must include a %(missing)s",
        "invalid": "Enter a real date",
        "year_length": "Year must include 4 numbers",
    }

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if not value:
            return None
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        typed = [str(part or "").strip() for part in value]
        if not any(typed):
            return None
        missing = [part for part, text in zip(DATE_PARTS, typed, strict=False) if not text]
        if missing:
            raise ValidationError(
                self.error_messages["incomplete"],
                code="incomplete",
                params={"missing": " and ".join(missing)},
            )
        day, month, year = (
            _as_number(text, part) for part, text in zip(DATE_PARTS, typed, strict=True)
        )
        if year is not None and len(typed[2]) != 4:
            raise ValidationError(self.error_messages["year_length"], code="year_length")
        try:
            return datetime.date(year, month, day)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class HintedRadioSelect(forms.RadioSelect):
    """Radios with a hint under each option (NHS.UK radios' item hints), keyed by value."""

    def __init__(self, *args, hints: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.hints = hints or {}
