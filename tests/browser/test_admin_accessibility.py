"""Every admin page that staff can open meets WCAG 2.2 AA, in Chromium with axe-core.

Each persona signs in and walks the admin index and, for every model the admin's own
app list shows them, the app index, the changelist, the add form (when they may add),
one change form, its history (and one historical record where the model keeps them),
its delete page (when they may delete), and import and export where the model has
them. The list comes from the admin registry at
run time, so a model registered tomorrow is checked without touching this file; an
object to open is taken from what the persona can already see in the demo data, or
made with the model's factory from tests/**/factories.py.
"""

import importlib
import io
import pkgutil
from dataclasses import dataclass, field

import factory
import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import models
from django.test import RequestFactory
from django.urls import reverse
from import_export.admin import ExportMixin, ImportMixin
from playwright.sync_api import Page, expect
from simple_history.admin import SimpleHistoryAdmin

import tests
from portal.demo import account

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "primary-care-demo"

# The demo's staff (portal/demo/accounts.toml), each in their group from
# portal/migrations/0003_groups.py with the permissions the apps' migrations grant it.
# The demo facilitator runs cohorts from the site; here they are given staff access as
# well, as a hub may do.
PERSONAS = ["curator", "facilitator", "coordinator"]


@dataclass
class Walk:
    """The admin pages one persona opened, and what axe found on them."""

    checked: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def model_factories() -> dict[type[models.Model], type[factory.django.DjangoModelFactory]]:
    """The first factory for each model in any tests/**/factories.py."""
    found: dict[type[models.Model], type[factory.django.DjangoModelFactory]] = {}
    names = ["tests.factories"] + [
        info.name
        for info in pkgutil.walk_packages(tests.__path__, prefix="tests.")
        if info.name.endswith(".factories")
    ]
    for name in names:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and value._meta.model is not None
            ):
                found.setdefault(value._meta.model, value)
    return found


def admin_request(person):
    request = RequestFactory().get("/admin/")
    request.user = person
    return request


def one_visible(model_admin: admin.ModelAdmin, request, factories) -> models.Model | None:
    """An object this person may open: theirs in the demo, else one made by its factory
    and hung on what they can see (their cohort, their round), so that the admin's own
    scoping shows it to them."""
    queryset = model_admin.get_queryset(request)
    if (found := queryset.order_by("pk").first()) is not None:
        return found
    if model_admin.model not in factories:
        return None
    theirs = {}
    for link in model_admin.model._meta.get_fields():
        if link.many_to_one and link.concrete and admin.site.is_registered(link.related_model):
            related_admin = admin.site.get_model_admin(link.related_model)
            if (parent := related_admin.get_queryset(request).order_by("pk").first()) is not None:
                theirs[link.name] = parent
    made = factories[model_admin.model](**theirs)
    return queryset.filter(pk=made.pk).first()


def pages_for(person) -> list[str]:
    """Every admin page to check for this person, read from the admin's own app list."""
    request = admin_request(person)
    factories = model_factories()
    paths = [reverse("admin:index")]
    for app in admin.site.get_app_list(request):
        paths.append(app["app_url"])
        for entry in app["models"]:
            model = entry["model"]
            model_admin = admin.site.get_model_admin(model)
            opts = model._meta
            paths.append(entry["admin_url"])
            if entry.get("add_url"):
                paths.append(entry["add_url"])
            if (obj := one_visible(model_admin, request, factories)) is None:
                pytest.fail(
                    f"{person.email} sees {opts.label} in the admin but no {opts.verbose_name} "
                    f"of theirs exists: add a factory for it to a tests/**/factories.py.",
                    pytrace=False,
                )
            info = (opts.app_label, opts.model_name)
            paths.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
            paths.append(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
            if isinstance(model_admin, SimpleHistoryAdmin) and (
                record := obj.history.order_by("history_id").first()
            ):
                paths.append(
                    reverse(
                        "admin:{}_{}_simple_history".format(*info),
                        args=[obj.pk, record.history_id],
                    )
                )
            if model_admin.has_delete_permission(request, obj):
                paths.append(reverse("admin:{}_{}_delete".format(*info), args=[obj.pk]))
            if isinstance(model_admin, ImportMixin) and model_admin.has_import_permission(request):
                paths.append(reverse("admin:{}_{}_import".format(*info)))
            if isinstance(model_admin, ExportMixin) and model_admin.has_export_permission(request):
                paths.append(reverse("admin:{}_{}_export".format(*info)))
    return paths


@pytest.fixture
def demo(transactional_db, settings):
    """The demo world, with two-factor relaxed as `make run` does for the demo."""
    settings.DEMO_RELAX_STAFF_MFA = True
    call_command("seed_demo", force=True, stdout=io.StringIO())
    facilitator = account("facilitator")
    facilitator.is_staff = True
    facilitator.save(update_fields=["is_staff"])


def sign_in(page: Page, live_server, axe, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    axe()
    page.get_by_label("Email").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    axe()


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_admin_page_a_persona_can_open_meets_wcag_22_aa(
    persona, demo, page: Page, live_server, axe
):
    person = account(persona)
    paths = pages_for(person)
    sign_in(page, live_server, axe, person.email)
    walk = Walk()
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response is not None and response.ok, (
            f"{path} answered {response and response.status}"
        )
        walk.checked.append(path)
        try:
            axe()
        except AssertionError as problem:
            walk.failures.append(str(problem))
    print(f"{persona}: {len(walk.checked)} admin pages checked with axe", *walk.checked, sep="\n  ")
    if walk.failures:
        pytest.fail("\n\n".join(walk.failures), pytrace=False)


# Every control a keyboard can reach in the form, numbered, as the browser would
# tab to it: enabled, not taken out of the order, and drawn on screen.
MARK_CONTROLS = """form => {
    const selector = 'a[href], button, input, select, textarea, summary, [tabindex]';
    const controls = [...form.querySelectorAll(selector)].filter(el =>
        !el.disabled && el.tabIndex >= 0 && el.type !== 'hidden'
        && el.getClientRects().length > 0
        && getComputedStyle(el).visibility !== 'hidden'
        && !el.closest('[hidden], .empty-form'));
    controls.forEach((el, index) => { el.dataset.keyboard = index; });
    return controls.map(el => el.id || el.name || el.textContent.trim() || el.className);
}"""

# Where focus is now, and whether it can be seen: an outline that is not transparent,
# or a box shadow (NHS.UK draws link focus as a yellow fill with a shadow beneath).
FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
        && style.outlineColor !== 'rgba(0, 0, 0, 0)';
    return {
        index: el.dataset.keyboard ?? null,
        name: el.id || el.name || el.className,
        visible: outline || style.boxShadow !== 'none',
        save: el.name === '_save',
    };
}"""


def test_a_curator_can_fill_in_the_role_form_by_keyboard_alone(demo, page: Page, live_server, axe):
    curator = account("curator")
    sign_in(page, live_server, axe, curator.email)
    page.goto(f"{live_server.url}/admin/careers/role/add/")
    axe()
    controls = page.locator("#role_form").evaluate(MARK_CONTROLS)
    assert len(controls) > 20  # the whole form, widgets included, not a stub

    reached, unseen = set(), []
    for _ in range(len(controls) + 100):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUSED)
        if focus["index"] is not None:
            reached.add(int(focus["index"]))
            if not focus["visible"]:
                unseen.append(focus["name"])
        if focus["save"] and len(reached) == len(controls):
            break
    missed = [name for index, name in enumerate(controls) if index not in reached]
    assert missed == [], f"Tab never reaches: {missed}"
    assert unseen == [], f"No visible focus on: {unseen}"

    # Save with nothing filled in: the error summary takes focus, so it is read out.
    assert page.evaluate(FOCUSED)["save"]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe()
    summary = page.locator(".admin-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    title_error = summary.get_by_role("link", name="Title: This field is required.")
    expect(title_error).to_be_visible()
    # Each error leads to its field.
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused()
    title_error.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_title")).to_be_focused()
