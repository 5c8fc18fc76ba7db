"""Decorators that fetch through the rule querysets before a view runs."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from cohorts import selectors


def set_content(view):
    """Login, the set's rule and its ground rules before any set content.

    The view gets the set (with ``is_facilitator``) in place of its ``pk``. Someone
    outside the set gets a 404, so a set's existence says nothing to outsiders; a
    member who has not accepted the current ground rules is sent to them first.
    """

    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, pk: int, *args, **kwargs) -> HttpResponse:
        learning_set = selectors.set_readable_by(request.user, pk=pk)
        if learning_set is None:
            selectors.set_visible_to(request.user, pk=pk)
            messages.info(request, "Accept the set's ground rules before you see its content.")
            return redirect("cohorts:agreement", pk)
        return view(request, learning_set, *args, **kwargs)

    return wrapped


def facilitated_set(view):
    """Login and the set's own facilitator; anyone else is told the page does not exist."""

    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, pk: int, *args, **kwargs) -> HttpResponse:
        learning_set = selectors.set_facilitated_by(request.user, pk=pk)
        return view(request, learning_set, *args, **kwargs)

    return wrapped


def facilitator_required(view):
    """Facilitators of something, and people who may start a cohort."""

    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not (user.has_perm("cohorts.add_cohort") or selectors.facilitates_anything(person=user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
