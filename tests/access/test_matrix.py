"""The access matrix: every route and every admin view, walked as every persona.

A route or admin view that is not declared in `expected.py` fails, so nothing new can
ship without its rule. On a mismatch the failure prints the rows as walked, ready to
compare with (or, once the change is intended, paste over) the declarations.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission

from portal.admin_site import ScopedAdmin
from tests.access.expected import EXPECTED
from tests.access.personas import PERSONAS
from tests.access.urls import admin_url_names, url_names
from tests.access.walk import action_routes, answer, client_for
from tests.access.world import build


def routes() -> list[str]:
    return [*url_names(), *admin_url_names(), *action_routes()]


def test_every_route_admin_view_and_action_is_declared():
    walked = routes()
    undeclared = [route for route in walked if route not in EXPECTED]
    stale = [route for route in EXPECTED if route not in walked]
    assert not undeclared, f"Declare who may open these in tests/access/expected.py: {undeclared}"
    assert not stale, f"These declarations name routes that no longer exist: {stale}"


def test_every_declaration_has_an_answer_for_each_persona():
    wrong = {route: row for route, row in EXPECTED.items() if len(row.split()) != len(PERSONAS)}
    assert not wrong


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_declared_answer_everywhere(db, settings, persona):
    settings.DEMO_RELAX_STAFF_MFA = True
    column = PERSONAS.index(persona)
    world = build()
    client = client_for(world, persona)
    walked = {route: answer(client, route, world) for route in routes()}
    if folder := os.environ.get("ACCESS_MATRIX_WALKED"):
        # For `python -m tests.access.rewrite`: what each persona met, to review as a diff.
        Path(folder, f"{persona}.json").write_text(json.dumps(walked, indent=1))
    mismatches = [
        f"{route}: expected {EXPECTED[route].split()[column]}, got {got}"
        for route, got in walked.items()
        if got != EXPECTED[route].split()[column]
    ]
    assert not mismatches, f"As {persona}:\n" + "\n".join(mismatches)


def test_every_admin_a_non_superuser_can_open_is_scoped(db):
    """Any model a working group holds a permission on has a ScopedAdmin."""
    granted = {
        (p.content_type.app_label, p.content_type.model)
        for p in Permission.objects.filter(group__isnull=False).select_related("content_type")
    }
    unscoped = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if (model._meta.app_label, model._meta.model_name) in granted
        and not isinstance(model_admin, ScopedAdmin)
    ]
    assert not unscoped
