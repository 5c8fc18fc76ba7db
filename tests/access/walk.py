"""One persona's walk: the answer each address gives her.

Answers are written short so that a route's row reads across the personas:
`200`, `403`, `404`…; `in` for a redirect to the sign-in page; a `p` before the code
when the route takes only POST (the walk then posts an empty form, as an attacker
would); for admin actions, whether the world's row changed (`done`) or stayed the `same`.
"""

from __future__ import annotations

from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from tests.access.urls import ADMIN_OBJECTS, address, admin_models
from tests.access.world import World

SIGN_IN = "/accounts/login/"


def client_for(world: World, persona: str) -> Client:
    client = Client(raise_request_exception=False)
    person = world.people[persona]
    if person is not None:
        client.force_login(person)
    return client


def _short(response) -> str:
    if response.status_code == 302 and response.url.startswith(SIGN_IN):
        return "in"
    return str(response.status_code)


def answer(client: Client, route: str, world: World) -> str:
    name, _, method = route.partition(" ")
    if name.startswith("action:"):
        return _action(client, name, world)
    url = address(name, world)
    if url is None:
        return "-"
    if method == "POST":
        return _short(client.post(url))
    response = client.get(url)
    if response.status_code == 405:
        return "p" + _short(client.post(url))
    return _short(response)


def action_routes() -> list[str]:
    """`action:<app>.<model>:<action>` for every action any admin class offers."""
    routes = []
    for model in admin_models():
        model_admin = admin.site._registry[model]
        for action in model_admin.actions or []:
            action_name = action if isinstance(action, str) else action.__name__
            routes.append(f"action:{model._meta.label_lower}:{action_name}")
    return routes


def _action(client: Client, route: str, world: World) -> str:
    _, label, action_name = route.split(":")
    obj = ADMIN_OBJECTS[label](world)
    obj.refresh_from_db()
    before = model_to_dict(obj)
    app_label, model_name = label.split(".")
    response = client.post(
        reverse(f"admin:{app_label}_{model_name}_changelist"),
        {"action": action_name, "_selected_action": [obj.pk]},
    )
    obj.refresh_from_db()
    if model_to_dict(obj) != before:
        return "done"
    return "same" if response.status_code in (200, 302) else _short(response)
