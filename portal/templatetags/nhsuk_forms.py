"""Template helpers for the nhsuk crispy template pack (templates/nhsuk/).

Django's widgets render the control itself (so autocomplete, inputmode and the
like pass through; maxlength does not, see ``_render``); these helpers add the
NHS.UK classes and the aria-describedby that ties a control to its hint and error
message, and tell the templates which NHS.UK component a field is.
"""

import re
from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.forms.utils import flatatt
from django.utils.functional import cached_property
from django.utils.safestring import SafeString

from portal.widgets import DateInputWidget

register = template.Library()

# The NHS.UK class of each kind of control, and the class it gains on an error.
CONTROL_CLASSES = {
    "input": ("nhsuk-input", "nhsuk-input--error"),
    "textarea": ("nhsuk-textarea", "nhsuk-textarea--error"),
    "select": ("nhsuk-select", "nhsuk-select--error"),
    "file": ("nhsuk-file-upload__input", ""),
    "checkbox": ("nhsuk-checkboxes__input", ""),
    "multi": ("nhsuk-input", "nhsuk-input--error"),
}

# allauth's labels in the words NHS.UK services use (Django forms use sentence
# case already; allauth's Title Case is rewritten below for the rest).
ALLAUTH_LABELS = {
    "Email": "Email address",
    "Password (again)": "Confirm password",
    "New Password (again)": "Confirm new password",
}

# Django's MaxLengthValidator message ("Ensure this value has at most 150 characters
# (it has 151).").
TOO_LONG = re.compile(r"^Ensure this value has at most (\d+) characters? \(it has \d+\)\.$")

# Attributes the templates write themselves on radio and checkbox options.
OPTION_OWN_ATTRS = {"id", "class", "checked", "required", "aria-describedby", "aria-invalid"}

# crispy-forms' Bootstrap-flavoured default classes on Submit, Button and Reset.
BOOTSTRAP_BUTTON_CLASSES = {"btn", "btn-primary", "btn-secondary", "btn-inverse", "hidden"}


def kind_of(bound_field: BoundField) -> str:
    """The NHS.UK component that renders this field."""
    widget = bound_field.field.widget
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, DateInputWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.MultiWidget):
        return "multi"
    return "input"


@dataclass
class NhsukField:
    """What the pack's templates need to know about one bound field."""

    bound: BoundField
    show_errors: bool = True

    @cached_property
    def kind(self) -> str:
        return kind_of(self.bound)

    @cached_property
    def id(self) -> str:
        widget = self.bound.field.widget
        return widget.attrs.get("id") or self.bound.auto_id or self.bound.html_name

    @cached_property
    def label(self) -> str:
        """The label, in sentence case for allauth's forms ("Current Password")."""
        label = str(self.bound.label or "")
        if label in ALLAUTH_LABELS:
            return ALLAUTH_LABELS[label]
        if not type(self.bound.form).__module__.startswith("allauth."):
            return label
        first, *rest = label.split(" ")
        # Lower only Capitalised words, so acronyms such as NHS keep their capitals.
        rest = [
            word.lower() if word[:1].isupper() and word[1:].islower() else word for word in rest
        ]
        return " ".join([first, *rest])

    @property
    def hint_id(self) -> str:
        return f"{self.id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.id}-error"

    @property
    def has_hint(self) -> bool:
        return bool(str(self.bound.help_text))

    @property
    def errors(self) -> list[str]:
        if not self.show_errors:
            return []
        return [self._specific(str(error)) for error in self.bound.errors]

    def _specific(self, error: str) -> str:
        """Django's "This field is required." made into an instruction about this question.

        Forms should say what to do in their own words (error_messages); this
        covers the ones we do not write, such as allauth's.
        """
        if not self.label:
            return error
        if too_long := TOO_LONG.match(error):
            return self._too_long(int(too_long.group(1)))
        if error != str(forms.Field.default_error_messages["required"]):
            return error
        label = self.label
        if label.endswith("?"):
            verb = (
                "Select" if self.kind in {"radios", "select", "checkboxes", "checkbox"} else "Enter"
            )
            return f"{verb} an answer to \u2018{label}\u2019"
        # Keep acronyms (PCN, GP) and names as written; lower-case a leading capital.
        question = label if label[:2].isupper() else label[0].lower() + label[1:]
        if self.kind in {"radios", "select", "checkboxes"}:
            return f"Select {question}"
        if self.kind == "checkbox":
            return f"Select \u2018{label}\u2019 to continue"
        if self.kind == "file":
            return f"Choose {question}"
        return f"Enter {question}"

    def _too_long(self, limit: int) -> str:
        """NHS.UK's words for text over its limit: "Name must be 150 characters or fewer"."""
        label = self.label
        subject = f"The answer to \u2018{label}\u2019" if label.endswith("?") else label
        return f"{subject} must be {limit:,} characters or fewer"

    @property
    def optional(self) -> bool:
        # GOV.UK and NHS.UK mark the optional questions, not the required ones, in
        # forms that have both: a filter form where everything is optional says
        # nothing. A lone checkbox is optional by nature, so it is not labelled so.
        if self.bound.field.required or self.kind in {"checkbox", "hidden"}:
            return False
        return any(field.required for field in self.bound.form.fields.values())

    @property
    def anchor(self) -> str:
        """The id an error summary link points at: the first control a person can fix."""
        if self.kind in {"radios", "checkboxes"}:
            return f"{self.id}_0"
        if self.kind == "date":
            # The first box to fix, which is the day when the whole date is wrong.
            in_error = [item["id"] for item in self.date_items if item["error"]]
            return in_error[0] if in_error else f"{self.id}_day"
        return self.id

    @property
    def describedby(self) -> str:
        ids = []
        preset = self.bound.field.widget.attrs.get("aria-describedby")
        if preset:
            ids.append(preset)
        if self.has_hint:
            ids.append(self.hint_id)
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def control(self) -> SafeString:
        """The Django widget, with NHS.UK classes and the hint and error described."""
        widget = self.bound.field.widget
        base, error = CONTROL_CLASSES.get(self.kind, CONTROL_CLASSES["input"])
        classes = [base]
        if self.errors and error:
            classes.append(error)
        if widget.attrs.get("class"):
            classes.append(widget.attrs["class"])
        attrs: dict[str, Any] = {"class": " ".join(classes), "id": self.id}
        if self.describedby:
            attrs["aria-describedby"] = self.describedby
        if self.kind == "file" and isinstance(widget, forms.ClearableFileInput):
            # The clear checkbox is drawn as an NHS.UK checkbox by the template.
            plain = forms.FileInput()
            plain.allow_multiple_selected = widget.allow_multiple_selected
            plain.attrs = dict(widget.attrs)
            return self._render(plain, attrs)
        return self._render(widget, attrs)

    def _render(self, widget: forms.Widget, attrs: dict[str, Any]) -> SafeString:
        # Placeholders repeat or replace the label and vanish as people type;
        # the NHS.UK service manual says not to use them. Browser validation
        # bubbles would pre-empt the error summary, so, as in NHS.UK frontend,
        # there is no `required` either: optional questions say "(optional)".
        # Each form has its own copy of its widgets, so this borrowing is safe.
        original = widget.attrs
        # Nor `maxlength`: a browser silently cuts pasted text at it, so a long name
        # would be saved shortened without a word. The server refuses it instead.
        widget.attrs = {
            k: v for k, v in original.items() if k not in {"placeholder", "class", "maxlength"}
        }
        widget.use_required_attribute = lambda initial: False  # type: ignore[method-assign]
        try:
            return SafeString(self.bound.as_widget(widget=widget, attrs=attrs))
        finally:
            widget.attrs = original
            del widget.use_required_attribute

    @cached_property
    def options(self) -> list[dict[str, Any]]:
        """Radio or checkbox options, in groups when the choices are grouped."""
        widget = self.bound.field.widget
        attrs = {"id": self.id}
        if self.bound.field.disabled:
            attrs["disabled"] = True
        value = widget.format_value(self.bound.value())
        hints = getattr(widget, "hints", {})
        groups = []
        for group_name, options, _index in widget.optgroups(self.bound.html_name, value, attrs):
            items = []
            for option in options:
                if self.bound.field.required and option["value"] in ("", None):
                    # Django's "---------" for a model field's choices: with radios,
                    # nothing chosen is no radio ticked, never a ticked dash.
                    continue
                extra = {k: v for k, v in option["attrs"].items() if k not in OPTION_OWN_ATTRS}
                items.append(
                    {
                        "id": option["attrs"].get("id", ""),
                        "name": option["name"],
                        "value": "" if option["value"] is None else str(option["value"]),
                        "label": option["label"],
                        "checked": option["selected"],
                        "hint": hints.get(str(option["value"]), ""),
                        "attrs": SafeString(flatatt(extra)),
                    }
                )
            groups.append({"name": group_name, "options": items})
        return groups

    @cached_property
    def date_items(self) -> list[dict[str, Any]]:
        widget = self.bound.field.widget
        context = widget.get_context(self.bound.html_name, self.bound.value(), {"id": self.id})
        items = []
        for subwidget in context["widget"]["subwidgets"]:
            extra = {
                k: v
                for k, v in subwidget["attrs"].items()
                if k not in {"id", "class", "required", "type"}
            }
            if self.bound.field.disabled:
                extra["disabled"] = True
            items.append(
                {
                    "id": subwidget["attrs"]["id"],
                    "name": subwidget["name"],
                    "value": subwidget["value"] or "",
                    "label": subwidget["label"],
                    "width": subwidget["width"],
                    "error": bool(self.errors) and subwidget["suspect"],
                    "attrs": SafeString(flatatt(extra)),
                }
            )
        return items

    @cached_property
    def current_file(self) -> Any:
        """The file already saved, for a file field that has one."""
        value = self.bound.value()
        # An empty FieldFile is falsy, and asking it for a url would raise.
        return value if value and hasattr(type(value), "url") else None

    @property
    def clear_checkbox(self) -> dict[str, str] | None:
        widget = self.bound.field.widget
        if not (
            isinstance(widget, forms.ClearableFileInput)
            and self.current_file
            and not self.bound.field.required
        ):
            return None
        name = widget.clear_checkbox_name(self.bound.html_name)
        return {"name": name, "id": widget.clear_checkbox_id(name)}


@register.simple_tag(takes_context=True)
def nhsuk_field(context, bound_field: BoundField) -> NhsukField:
    """{% nhsuk_field field as f %}: the facts the component templates use."""
    show_errors = context.get("form_show_errors", True)
    return NhsukField(bound_field, show_errors=show_errors is not False)


@register.filter
def nhsuk_button_classes(extra: str, variant: str = "") -> str:
    """NHS.UK button classes, keeping any the developer added to a crispy input."""
    classes = ["nhsuk-button"]
    if variant:
        classes.append(f"nhsuk-button--{variant}")
    classes += [c for c in str(extra or "").split() if c not in BOOTSTRAP_BUTTON_CLASSES]
    return " ".join(dict.fromkeys(classes))
