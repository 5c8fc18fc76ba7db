"""The NHS.UK UI kit: the nhsuk crispy template pack, the date input and allauth's pages.

Markup is checked against the nhsuk-frontend 10 component templates: classes,
ids, the fieldsets and the aria-describedby that ties hints and errors to controls.
"""

import datetime
from collections.abc import Iterator

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from crispy_forms.bootstrap import InlineRadios, PrependedAppendedText
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Button, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.test.html import Element, parse_html

from portal.widgets import DateInputField, DateInputWidget, date_parts_in_error
from tests.factories import PASSWORD

# --- A form with every kind of field ----------------------------------------------


class MentoringRequestForm(forms.Form):
    """A made-up request for a mentor, with one field of each kind the pack draws."""

    full_name = forms.CharField(
        label="Full name",
        help_text="As it appears on your NHS smartcard.",
        widget=forms.TextInput(attrs={"autocomplete": "name", "placeholder": "Nia Evans"}),
        error_messages={"required": "Enter your full name"},
    )
    email = forms.EmailField(
        label="Work email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    passphrase = forms.CharField(
        label="Passphrase", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    years_in_role = forms.IntegerField(label="Years in your current role", required=False)
    website = forms.URLField(label="Practice website", required=False, assume_scheme="https")
    search = forms.CharField(label="Search mentors", required=False, widget=forms.SearchInput)
    goals = forms.CharField(label="What would you like help with?", widget=forms.Textarea)
    profession = forms.ChoiceField(
        label="Profession",
        choices=[
            ("", "Choose your profession"),
            ("Clinical", [("gpn", "General practice nurse"), ("pa", "Physician associate")]),
            ("Non-clinical", [("pm", "Practice manager")]),
        ],
    )
    meeting = forms.ChoiceField(
        label="How would you like to meet?",
        help_text="Choose one.",
        widget=forms.RadioSelect,
        choices=[("video", "Video call"), ("person", "In person")],
    )
    topics = forms.MultipleChoiceField(
        label="Topics",
        widget=forms.CheckboxSelectMultiple,
        choices=[("teams", "Leading teams"), ("qi", "Quality improvement")],
    )
    agree = forms.BooleanField(
        label="I agree to share my profile with my mentor",
        help_text="Your mentor sees your name, profession and workplace.",
    )
    started = DateInputField(
        label="When did you start your role?", help_text="For example, 27 3 2021"
    )
    cv = forms.FileField(label="Upload your CV", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("meeting") == "person" and cleaned.get("topics") == ["qi"]:
            raise forms.ValidationError("Mentors for quality improvement meet by video only")
        return cleaned


VALID = {
    "full_name": "Nia Evans",
    "email": "nia@example.nhs.uk",
    "passphrase": "a-long-passphrase",
    "goals": "Chairing meetings",
    "profession": "gpn",
    "meeting": "video",
    "topics": ["teams"],
    "agree": "on",
    "started_day": "27",
    "started_month": "3",
    "started_year": "2021",
}


def render(template: str, **context) -> str:
    return Template("{% load crispy_forms_tags %}" + template).render(Context(context))


def crispy(form: forms.Form) -> Element:
    return parse_html(render("{{ form|crispy }}", form=form))


def summary(form: forms.Form) -> Element:
    return parse_html(render('{% include "nhsuk/error_summary.html" %}', form=form))


def bound(**changes) -> MentoringRequestForm:
    form = MentoringRequestForm(data={**VALID, **changes})
    form.is_valid()
    return form


# --- Finding things in parsed HTML ----------------------------------------------


def elements(root: Element) -> Iterator[Element]:
    if root.name:  # parse_html returns a lone top-level element itself
        yield root
    yield from _descendants(root)


def _descendants(root: Element) -> Iterator[Element]:
    for child in root.children:
        if isinstance(child, Element):
            yield child
            yield from _descendants(child)


def attrs(element: Element) -> dict:
    return dict(element.attributes)


def classes(element: Element) -> list[str]:
    """The element's classes (parse_html puts them in alphabetical order)."""
    return (attrs(element).get("class") or "").split()


def find_all(root: Element, tag: str | None = None, cls: str | None = None, **wanted):
    return [
        el
        for el in elements(root)
        if (tag is None or el.name == tag)
        and (cls is None or cls in classes(el))
        and all(attrs(el).get(name.replace("_", "-")) == value for name, value in wanted.items())
    ]


def find(root: Element, tag: str | None = None, cls: str | None = None, **wanted) -> Element:
    found = find_all(root, tag, cls, **wanted)
    assert len(found) == 1, f"expected one {tag}.{cls} {wanted}, found {len(found)}"
    return found[0]


def text(element: Element) -> str:
    parts = []
    for child in element.children:
        parts.append(text(child) if isinstance(child, Element) else str(child))
    return " ".join(" ".join(parts).split())


def group_of(root: Element, control_id: str) -> Element:
    """The nhsuk-form-group that holds the control with this id."""
    return next(g for g in find_all(root, "div", "nhsuk-form-group") if find_all(g, id=control_id))


# --- Text inputs, textarea, select ------------------------------------------------


def test_it_renders_a_text_input_with_its_label_hint_and_autocomplete():
    html = crispy(MentoringRequestForm())

    group = group_of(html, "id_full_name")
    assert classes(group) == ["nhsuk-form-group"]
    label = find(group, "label", "nhsuk-label")
    assert attrs(label)["for"] == "id_full_name"
    assert text(label) == "Full name"
    hint = find(group, "div", "nhsuk-hint", id="id_full_name-hint")
    assert text(hint) == "As it appears on your NHS smartcard."
    control = find(group, "input", id="id_full_name")
    assert classes(control) == ["nhsuk-input"]
    assert attrs(control)["autocomplete"] == "name"
    assert attrs(control)["aria-describedby"] == "id_full_name-hint"


def test_it_leaves_out_placeholders_and_required_attributes():
    html = crispy(MentoringRequestForm())

    for control in find_all(html, "input") + find_all(html, "textarea") + find_all(html, "select"):
        assert "placeholder" not in attrs(control)
        assert "required" not in attrs(control)


@pytest.mark.parametrize(
    ("field", "input_type", "autocomplete"),
    [
        ("email", "email", "email"),
        ("passphrase", "password", "new-password"),
        ("years_in_role", "number", None),
        ("website", "url", None),
        ("search", "search", None),
    ],
)
def test_it_keeps_each_input_type_and_its_autocomplete(field, input_type, autocomplete):
    control = find(crispy(MentoringRequestForm()), "input", id=f"id_{field}")

    assert attrs(control)["type"] == input_type
    assert attrs(control).get("autocomplete") == autocomplete
    assert "nhsuk-input" in classes(control)


def test_it_says_which_questions_are_optional():
    html = crispy(MentoringRequestForm())

    assert text(find(html, "label", **{"for": "id_website"})) == "Practice website (optional)"
    assert text(find(html, "label", **{"for": "id_email"})) == "Work email address"


def test_it_does_not_mark_optional_questions_when_every_question_is():
    class FilterForm(forms.Form):
        q = forms.CharField(label="Search offers", required=False)
        region = forms.ChoiceField(label="Region", required=False, choices=[("", "Any region")])

    html = crispy(FilterForm())

    assert text(find(html, "label", **{"for": "id_q"})) == "Search offers"
    assert text(find(html, "label", **{"for": "id_region"})) == "Region"


def test_it_marks_an_input_in_error_and_describes_it_by_hint_and_error():
    html = crispy(bound(full_name=""))

    group = group_of(html, "id_full_name")
    assert classes(group) == ["nhsuk-form-group", "nhsuk-form-group--error"]
    error = find(group, "span", "nhsuk-error-message", id="id_full_name-error")
    assert text(find(error, "span", "nhsuk-u-visually-hidden")) == "Error:"
    assert text(error) == "Error: Enter your full name"
    control = find(group, "input", id="id_full_name")
    assert classes(control) == ["nhsuk-input", "nhsuk-input--error"]
    assert attrs(control)["aria-describedby"] == "id_full_name-hint id_full_name-error"


def test_it_keeps_what_was_typed_in_a_field_in_error():
    html = crispy(bound(email="nia-at-example"))

    control = find(html, "input", id="id_email")
    assert attrs(control)["value"] == "nia-at-example"
    assert "nhsuk-input--error" in classes(control)


def test_it_renders_a_textarea_in_error():
    html = crispy(bound(goals=""))

    control = find(html, "textarea", id="id_goals")
    assert classes(control) == ["nhsuk-textarea", "nhsuk-textarea--error"]
    assert attrs(control)["aria-describedby"] == "id_goals-error"


def test_it_renders_a_select_with_its_option_groups():
    html = crispy(bound(profession="pa"))

    select = find(html, "select", "nhsuk-select", id="id_profession")
    groups = find_all(select, "optgroup")
    assert [attrs(g)["label"] for g in groups] == ["Clinical", "Non-clinical"]
    chosen = find(select, "option", value="pa")
    assert "selected" in attrs(chosen)


def test_it_marks_a_select_in_error():
    html = crispy(bound(profession=""))

    assert classes(find(html, "select", id="id_profession")) == [
        "nhsuk-select",
        "nhsuk-select--error",
    ]


# --- Radios and checkboxes ----------------------------------------------------------


def test_it_renders_radios_in_a_fieldset_with_the_question_as_legend():
    html = crispy(bound(meeting=""))

    group = group_of(html, "id_meeting_0")
    assert "nhsuk-form-group--error" in classes(group)
    fieldset = find(group, "fieldset", "nhsuk-fieldset")
    assert attrs(fieldset)["aria-describedby"] == "id_meeting-hint id_meeting-error"
    legend = find(fieldset, "legend", "nhsuk-fieldset__legend")
    assert text(legend) == "How would you like to meet?"
    radios = find(fieldset, "div", "nhsuk-radios")
    assert attrs(radios)["data-module"] == "nhsuk-radios"
    items = find_all(radios, "div", "nhsuk-radios__item")
    assert len(items) == 2
    first = find(items[0], "input", "nhsuk-radios__input")
    assert (attrs(first)["id"], attrs(first)["type"], attrs(first)["value"]) == (
        "id_meeting_0",
        "radio",
        "video",
    )
    label = find(items[0], "label", "nhsuk-radios__label")
    assert attrs(label)["for"] == "id_meeting_0"
    assert text(label) == "Video call"


def test_it_checks_the_chosen_radio():
    html = crispy(bound(meeting="person"))

    assert "checked" in attrs(find(html, "input", id="id_meeting_1"))
    assert "checked" not in attrs(find(html, "input", id="id_meeting_0"))


def test_it_renders_checkboxes_in_a_fieldset_and_keeps_the_ticked_ones():
    html = crispy(bound(topics=["qi"]))

    fieldset = find(group_of(html, "id_topics_0"), "fieldset")
    assert text(find(fieldset, "legend")) == "Topics"
    find(fieldset, "div", "nhsuk-checkboxes", data_module="nhsuk-checkboxes")
    boxes = find_all(fieldset, "input", "nhsuk-checkboxes__input")
    assert [attrs(b)["value"] for b in boxes] == ["teams", "qi"]
    assert ["checked" in attrs(b) for b in boxes] == [False, True]


def test_it_renders_a_single_checkbox_described_by_its_hint_and_error():
    html = crispy(bound(agree=""))

    group = group_of(html, "id_agree")
    assert "nhsuk-form-group--error" in classes(group)
    assert not find_all(group, "fieldset")
    item = find(group, "div", "nhsuk-checkboxes__item")
    box = find(item, "input", "nhsuk-checkboxes__input")
    assert attrs(box)["type"] == "checkbox"
    assert attrs(box)["aria-describedby"] == "id_agree-hint id_agree-error"
    assert text(find(item, "label", "nhsuk-checkboxes__label")) == (
        "I agree to share my profile with my mentor"
    )
    find(item, "div", "nhsuk-checkboxes__hint", id="id_agree-hint")


def test_it_renders_inline_radios_for_crispy_inline_radios():
    form = MentoringRequestForm()
    form.helper = FormHelper()
    form.helper.form_tag = False
    form.helper.layout = Layout(InlineRadios("meeting"))

    html = parse_html(render("{% crispy form %}", form=form))

    assert "nhsuk-radios--inline" in classes(find(html, "div", "nhsuk-radios"))


# --- File upload ------------------------------------------------------------------


def test_it_renders_a_file_upload():
    html = crispy(MentoringRequestForm())

    group = group_of(html, "id_cv")
    assert set(classes(group)) == {"nhsuk-form-group", "nhsuk-file-upload"}
    assert attrs(group)["data-module"] == "nhsuk-file-upload"
    control = find(group, "input", id="id_cv")
    assert (attrs(control)["type"], classes(control)) == ("file", ["nhsuk-file-upload__input"])


# --- Date input -------------------------------------------------------------------


def test_it_renders_the_date_input_as_day_month_and_year_boxes():
    html = crispy(MentoringRequestForm())

    group = group_of(html, "id_started_day")
    fieldset = find(group, "fieldset", "nhsuk-fieldset", role="group")
    assert attrs(fieldset)["aria-describedby"] == "id_started-hint"
    assert text(find(fieldset, "legend")) == "When did you start your role?"
    date_input = find(fieldset, "div", "nhsuk-date-input", id="id_started")
    boxes = find_all(date_input, "input")
    assert [attrs(b)["name"] for b in boxes] == ["started_day", "started_month", "started_year"]
    assert [attrs(b)["id"] for b in boxes] == [
        "id_started_day",
        "id_started_month",
        "id_started_year",
    ]
    assert [attrs(b)["inputmode"] for b in boxes] == ["numeric"] * 3
    assert [c for c in classes(boxes[2]) if "width" in c] == ["nhsuk-input--width-4"]
    labels = find_all(date_input, "label", "nhsuk-date-input__label")
    assert [text(label) for label in labels] == ["Day", "Month", "Year"]


def test_it_shows_a_saved_date_in_the_boxes():
    form = MentoringRequestForm(initial={"started": datetime.date(2021, 3, 27)})

    boxes = find_all(find(crispy(form), "div", "nhsuk-date-input"), "input")

    assert [attrs(b)["value"] for b in boxes] == ["27", "3", "2021"]


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter a date"),
        ("27", "", "2021", "Date must include a month"),
        ("", "", "2021", "Date must include a day and month"),
        ("27", "3", "", "Date must include a year"),
        ("31", "2", "2024", "Enter a real date"),
        ("27", "13", "2021", "Enter a real date"),
        ("twenty", "3", "2021", "Enter a real date"),
        ("27", "3", "21", "Year must include 4 numbers"),
    ],
)
def test_it_explains_what_is_wrong_with_a_date(day, month, year, message):
    form = bound(started_day=day, started_month=month, started_year=year)

    assert form.errors["started"] == [message]


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("27", "3", "2021", datetime.date(2021, 3, 27)),
        (" 7 ", "03", "2021", datetime.date(2021, 3, 7)),
        ("7", "March", "2021", datetime.date(2021, 3, 7)),
        ("7", "sep", "2021", datetime.date(2021, 9, 7)),
        ("29", "2", "2024", datetime.date(2024, 2, 29)),
    ],
)
def test_it_accepts_the_ways_people_write_a_date(day, month, year, expected):
    form = bound(started_day=day, started_month=month, started_year=year)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["started"] == expected


def test_it_uses_the_questions_own_message_when_a_date_is_missing():
    class CourseForm(forms.Form):
        completed = DateInputField(
            label="When did you complete the course?",
            error_messages={"required": "Enter the date you completed the course"},
        )

    form = CourseForm(data={})

    assert form.errors["completed"] == ["Enter the date you completed the course"]


def test_it_highlights_only_the_missing_part_of_a_date():
    html = crispy(bound(started_day="27", started_month="", started_year="2021"))

    group = group_of(html, "id_started_day")
    assert "nhsuk-form-group--error" in classes(group)
    find(group, "span", "nhsuk-error-message", id="id_started-error")
    assert attrs(find(group, "fieldset"))["aria-describedby"] == "id_started-hint id_started-error"
    in_error = [
        attrs(box)["id"] for box in find_all(group, "input") if "nhsuk-input--error" in classes(box)
    ]
    assert in_error == ["id_started_month"]


def test_it_highlights_every_box_when_the_whole_date_is_wrong():
    html = crispy(bound(started_day="31", started_month="2", started_year="2024"))

    boxes = find_all(find(html, "div", "nhsuk-date-input"), "input")
    assert all("nhsuk-input--error" in classes(box) for box in boxes)


@pytest.mark.parametrize(
    ("values", "parts"),
    [
        (["", "", ""], {"day", "month", "year"}),
        (["3", "", ""], {"month", "year"}),
        (["3", "13", "2021"], {"month"}),
        (["3", "4", "21"], {"year"}),
        (["31", "2", "2024"], {"day", "month", "year"}),
    ],
)
def test_it_knows_which_parts_of_a_date_need_fixing(values, parts):
    assert date_parts_in_error(values) == parts


def test_the_date_widget_renders_its_boxes_outside_the_pack_too():
    html = parse_html(
        DateInputWidget(autocomplete="bday").render("dob", datetime.date(1980, 3, 31))
    )

    boxes = find_all(html, "input")
    assert [attrs(b)["autocomplete"] for b in boxes] == ["bday-day", "bday-month", "bday-year"]
    assert [attrs(b)["value"] for b in boxes] == ["31", "3", "1980"]


# --- Error summary ------------------------------------------------------------------


def test_it_lists_every_error_in_the_summary_linking_to_the_control_to_fix():
    form = bound(
        full_name="",
        meeting="person",
        topics=["qi"],
        agree="",
        started_day="27",
        started_month="",
    )
    assert form.non_field_errors()

    html = summary(form)

    box = find(html, "div", "nhsuk-error-summary")
    assert attrs(box)["data-module"] == "nhsuk-error-summary"
    alert = find(box, "div", role="alert")
    assert text(find(alert, "h2", "nhsuk-error-summary__heading")) == "There is a problem"
    items = find_all(find(alert, "ul", "nhsuk-error-summary__list"), "li")
    assert text(items[0]) == "Mentors for quality improvement meet by video only"
    assert not find_all(items[0], "a")
    links = [(attrs(find(li, "a"))["href"], text(li)) for li in items[1:]]
    assert links == [
        ("#id_full_name", "Enter your full name"),
        ("#id_agree", "Select \u2018I agree to share my profile with my mentor\u2019 to continue"),
        ("#id_started_month", "Date must include a month"),
    ]


def test_it_links_radios_and_checkboxes_to_their_first_option_and_a_date_to_its_day():
    html = summary(bound(meeting="", topics=[], started_day="", started_month="", started_year=""))

    hrefs = [attrs(a)["href"] for a in find_all(html, "a")]

    assert hrefs == ["#id_meeting_0", "#id_topics_0", "#id_started_day"]


def test_every_summary_link_points_at_a_control_on_the_page():
    form = bound(full_name="", email="x", goals="", profession="", meeting="", topics=[], agree="")
    page = crispy(form)

    for link in find_all(summary(form), "a"):
        find(page, id=attrs(link)["href"][1:])


def test_it_turns_djangos_required_message_into_an_instruction():
    form = bound(email="", profession="", meeting="", goals="")

    messages = [text(li) for li in find_all(summary(form), "li")]

    assert messages == [
        "Enter work email address",
        "Enter an answer to \u2018What would you like help with?\u2019",
        "Select profession",
        "Select an answer to \u2018How would you like to meet?\u2019",
    ]


def test_a_form_under_another_name_can_carry_its_own_error_summary():
    form = bound(full_name="")
    form.helper = FormHelper()
    form.helper.error_summary = True

    html = parse_html(render("{% crispy form %}", form=form))

    box = find(find(html, "form"), "div", "nhsuk-error-summary")
    assert attrs(find(box, "a"))["href"] == "#id_full_name"


def test_a_crispy_form_shows_no_summary_of_its_own_by_default():
    html = crispy(bound(full_name=""))

    assert not find_all(html, "div", "nhsuk-error-summary")


# --- Whole forms and buttons ----------------------------------------------------------


def test_crispy_tag_renders_a_form_without_browser_validation_and_with_nhs_buttons():
    form = MentoringRequestForm()
    form.helper = FormHelper()
    form.helper.form_action = "/mentoring/"
    form.helper.add_input(Submit("save", "Send request"))
    form.helper.add_input(Button("draft", "Save as draft"))

    html = parse_html(render("{% crispy form %}", form=form))

    form_tag = find(html, "form")
    assert "novalidate" in attrs(form_tag)
    assert attrs(form_tag)["enctype"] == "multipart/form-data"
    submit, secondary = find_all(form_tag, "button", "nhsuk-button")
    assert (attrs(submit)["type"], classes(submit)) == ("submit", ["nhsuk-button"])
    assert attrs(submit)["data-module"] == "nhsuk-button"
    assert text(submit) == "Send request"
    assert classes(secondary) == ["nhsuk-button", "nhsuk-button--secondary"]


def test_it_renders_crispy_fieldsets_and_prefixes_as_nhs_components():
    form = MentoringRequestForm()
    form.helper = FormHelper()
    form.helper.form_tag = False
    form.helper.layout = Layout(
        Fieldset("About you", "full_name", PrependedAppendedText("years_in_role", None, "years"))
    )

    html = parse_html(render("{% crispy form %}", form=form))

    fieldset = find(html, "fieldset", "nhsuk-fieldset")
    assert text(find(fieldset, "legend", "nhsuk-fieldset__legend--m")) == "About you"
    wrapper = find(fieldset, "div", "nhsuk-input-wrapper")
    assert text(find(wrapper, "div", "nhsuk-input-wrapper__suffix", aria_hidden="true")) == "years"


# --- allauth's pages through the pack -----------------------------------------------


def one_h1(response) -> str:
    html = parse_html(response.text)
    headings = find_all(html, "h1")
    assert len(headings) == 1
    return text(headings[0])


@pytest.mark.parametrize(
    ("path", "h1"),
    [
        ("/accounts/login/", "Sign in"),
        ("/accounts/signup/", "Create an account"),
        ("/accounts/password/reset/", "Reset your password"),
        ("/accounts/password/reset/done/", "Check your email"),
        ("/accounts/confirm-email/", "Check your email"),
        ("/accounts/confirm-email/not-a-real-key/", "This link has expired"),
        ("/accounts/password/reset/key/1-not-a-key/", "This link has expired"),
    ],
)
def test_each_sign_in_page_has_one_heading_and_a_title(client, db, path, h1):
    response = client.get(path)

    assert response.status_code == 200
    assert one_h1(response) == h1
    assert f"<title>{h1} \u2013" in response.text


def test_the_signup_page_renders_its_form_through_the_pack(client, db):
    response = client.get("/accounts/signup/")

    html = parse_html(response.text)
    form = find(html, "form", action="/accounts/signup/")
    assert "novalidate" in attrs(form)
    assert classes(find(form, "input", id="id_email")) == ["nhsuk-input"]
    assert text(find(form, "label", **{"for": "id_email"})) == "Email address"
    find(form, "select", "nhsuk-select", id="id_profession")
    find(form, "div", "nhsuk-hint", id="id_password1-hint")
    assert text(find(form, "button", "nhsuk-button")) == "Create account"
    assert "placeholder" not in response.text


def test_a_bad_signup_shows_the_error_summary_once(client, db):
    response = client.post("/accounts/signup/", {"email": "not-an-email"})

    assert response.status_code == 200
    assert "<title>Error: Create an account" in response.text
    html = parse_html(response.text)
    box = find(html, "div", "nhsuk-error-summary")
    hrefs = [attrs(a)["href"] for a in find_all(box, "a")]
    assert hrefs[:2] == ["#id_full_name", "#id_email"]
    for href in hrefs:
        find(html, id=href[1:])
    assert "nhsuk-input--error" in classes(find(html, "input", id="id_email"))


def test_a_bad_sign_in_shows_the_error_summary(client, nurse):
    response = client.post("/accounts/login/", {"login": nurse.email, "password": "wrong"})

    assert response.status_code == 200
    html = parse_html(response.text)
    items = find_all(find(html, "div", "nhsuk-error-summary"), "li")
    assert len(items) == 1
    assert "not correct" in text(items[0])


def test_an_empty_sign_in_asks_for_each_field(client, db):
    response = client.post("/accounts/login/", {})

    assert response.status_code == 200
    html = parse_html(response.text)
    links = [text(a) for a in find_all(find(html, "div", "nhsuk-error-summary"), "a")]
    assert links == ["Enter email address", "Enter password"]


@pytest.fixture
def signed_in(client, nurse):
    """Nia signs in with her password, so allauth counts her as recently authenticated."""
    response = client.post("/accounts/login/", {"login": nurse.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize(
    ("path", "h1"),
    [
        ("/accounts/email/", "Change your email address"),
        ("/accounts/password/change/", "Change your password"),
        ("/accounts/logout/", "Sign out"),
        ("/accounts/2fa/", "Two-factor authentication"),
        ("/accounts/reauthenticate/", "Confirm it is you"),
    ],
)
def test_each_account_page_has_one_heading_breadcrumbs_and_a_title(signed_in, path, h1):
    response = signed_in.get(path)

    assert response.status_code == 200
    assert one_h1(response) == h1
    assert f"<title>{h1} \u2013" in response.text
    if path != "/accounts/reauthenticate/":
        breadcrumb = find(parse_html(response.text), "nav", "nhsuk-breadcrumb")
        assert "Your account" in text(breadcrumb)


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/accounts/email/", {"action_add": "", "email": "not-an-email"}),
        ("/accounts/password/change/", {"oldpassword": "wrong"}),
        ("/accounts/reauthenticate/", {"password": "wrong"}),
    ],
)
def test_bad_input_on_an_account_page_gets_the_error_summary(signed_in, path, data):
    response = signed_in.post(path, data)

    assert response.status_code == 200
    html = parse_html(response.text)
    box = find(html, "div", "nhsuk-error-summary")
    for link in find_all(box, "a"):
        find(html, id=attrs(link)["href"][1:])
    assert find_all(html, cls="nhsuk-error-message")


@pytest.fixture
def reauthenticated(signed_in):
    """Nia has confirmed her password again, as allauth asks before two-factor changes."""
    response = signed_in.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302
    return signed_in


def test_the_authenticator_page_shows_the_qr_code_and_the_key_as_text(reauthenticated):
    response = reauthenticated.get("/accounts/2fa/totp/activate/")

    assert response.status_code == 200
    assert one_h1(response) == "Set up an authenticator app"
    html = parse_html(response.text)
    image = find(
        html, "img", alt=f"QR code to add the {settings.SITE_NAME} to your authenticator app"
    )
    assert attrs(image)["src"].startswith("data:image/svg+xml;base64,")
    key = text(find(html, "code", id="authenticator-secret"))
    assert len(key) >= 16
    assert key.isalnum()
    find(html, "input", "nhsuk-input", id="id_code")


def test_a_wrong_authenticator_code_gets_the_error_summary(reauthenticated):
    response = reauthenticated.post("/accounts/2fa/totp/activate/", {"code": "000000"})

    assert response.status_code == 200
    html = parse_html(response.text)
    assert attrs(find(find(html, "div", "nhsuk-error-summary"), "a"))["href"] == "#id_code"
    assert "nhsuk-form-group--error" in classes(group_of(html, "id_code"))


def test_the_two_factor_step_of_signing_in_renders_through_the_pack(client, nurse):
    TOTP.activate(nurse, generate_totp_secret())
    response = client.post("/accounts/login/", {"login": nurse.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"

    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})

    assert response.status_code == 200
    assert one_h1(response) == "Enter your security code"
    html = parse_html(response.text)
    assert attrs(find(find(html, "div", "nhsuk-error-summary"), "a"))["href"] == "#id_code"
    assert "nhsuk-input--error" in classes(find(html, "input", id="id_code"))
