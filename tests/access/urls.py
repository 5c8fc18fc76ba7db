"""Every address of the portal, found from the URLconf and the admin registry, with the
arguments that point it at the world's objects."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.contrib import admin
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests.access.world import World


def url_names() -> Iterator[str]:
    """Every named route outside the admin, as `reverse` knows it."""

    def walk(patterns, namespace: str | None) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                inner = pattern.namespace
                joined = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                yield from walk(pattern.url_patterns, joined)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    yield from walk(get_resolver().url_patterns, None)


# The views every registered model has, and the ones a model has when its admin class
# offers them (history from django-simple-history, import and export).
ADMIN_VIEWS = ("changelist", "add", "change", "delete", "history")
OPTIONAL_ADMIN_VIEWS = ("simple_history", "import", "export")


def admin_models() -> list[type]:
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


# The admin site's own pages, beside each model's.
ADMIN_SITE_VIEWS = ("admin:index", "admin:app_list", "admin:autocomplete", "admin:jsi18n")


def admin_url_names() -> Iterator[str]:
    """Every admin page; views that save on POST are walked with a POST as well."""
    yield from ADMIN_SITE_VIEWS
    for model in admin_models():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for view in ADMIN_VIEWS:
            yield f"{prefix}_{view}"
        yield f"{prefix}_change POST"
        for view in OPTIONAL_ADMIN_VIEWS:
            try:
                reverse(f"{prefix}_{view}", args=_fake_args(view))
            except NoReverseMatch:
                continue
            yield f"{prefix}_{view}"
            if view == "simple_history":
                yield f"{prefix}_{view} POST"


def _fake_args(view: str) -> list:
    return [1, 1] if view == "simple_history" else []


# How each route's arguments are found in the world. A route not named here takes none.
ARGUMENTS: dict[str, Callable[[World], dict]] = {
    # The token is the key (as for cohorts:feed): a made-up one opens nothing for anyone.
    "plan_calendar_feed": lambda w: {"token": "not-a-token"},
    "programmes:offer": lambda w: {"slug": w.offer.slug},
    "programmes:save": lambda w: {"slug": w.offer.slug},
    "programmes:interest": lambda w: {"slug": w.offer.slug},
    "programmes:apply": lambda w: {"slug": w.offer.slug},
    "programmes:time_ask": lambda w: {"pk": w.application.pk},
    "programmes:time_remind": lambda w: {"pk": w.application.pk},
    "programmes:time_answer": lambda w: {"pk": w.time_agreement.pk},
    "programmes:time_link": lambda w: {"token": "not-a-token"},
    "programmes:intake_ics": lambda w: {"slug": w.offer.slug, "pk": w.intake.pk},
    "programmes:withdraw": lambda w: {"pk": w.application.pk},
    "careers:pathway": lambda w: {"slug": w.pathway.profession.slug},
    "careers:activity_edit": lambda w: {"pk": w.activity.pk},
    "careers:activity_delete": lambda w: {"pk": w.activity.pk},
    "careers:activity_from_application": lambda w: {"pk": w.application.pk},
    "careers:feedback_results": lambda w: {"pk": w.feedback_round.pk},
    "careers:feedback_remind": lambda w: {"pk": w.feedback_round.pk},
    "careers:feedback_answer": lambda w: {"token": "not-a-token"},
    "careers:feedback_asked": lambda w: {"pk": w.invitation.pk},
    "careers:role": lambda w: {"pk": w.role.pk},
    "careers:mentoring_pause": lambda w: {"pk": w.support_offer.pk},
    "careers:mentoring_answer": lambda w: {"pk": w.match.pk},
    "careers:mentoring_relationship": lambda w: {"pk": w.relationship.pk},
    "careers:mentoring_relationship_log": lambda w: {"pk": w.relationship.pk},
    "careers:mentoring_round": lambda w: {"pk": w.round.pk},
    "cohorts:detail": lambda w: {"pk": w.cohort.pk},
    "cohorts:join": lambda w: {"pk": w.cohort.pk},
    "cohorts:requests": lambda w: {"pk": w.cohort.pk},
    "cohorts:enrol": lambda w: {"pk": w.cohort.pk},
    "cohorts:session_create": lambda w: {"pk": w.cohort.pk},
    "cohorts:session_ics": lambda w: {"pk": w.cohort.pk, "session_pk": w.session.pk},
    "cohorts:attendance": lambda w: {"pk": w.cohort.pk, "session_pk": w.session.pk},
    "cohorts:attendance_summary": lambda w: {"pk": w.cohort.pk},
    "cohorts:feed": lambda w: {"pk": w.cohort.pk, "token": "not-a-token"},
    "cohorts:calendar_link": lambda w: {"pk": w.cohort.pk},
    "cohorts:topics": lambda w: {"pk": w.cohort.pk},
    "cohorts:vote": lambda w: {"pk": w.cohort.pk, "topic_pk": w.topic.pk},
    "cohorts:schedule_topic": lambda w: {"pk": w.cohort.pk, "topic_pk": w.topic.pk},
    "cohorts:form_sets": lambda w: {"pk": w.cohort.pk},
    "cohorts:proposal": lambda w: {"pk": w.cohort.pk},
    "cohorts:set": lambda w: {"pk": w.set.pk},
    "cohorts:set_join": lambda w: {"pk": w.set.pk},
    "cohorts:set_requests": lambda w: {"pk": w.set.pk},
    "cohorts:agreement": lambda w: {"pk": w.set.pk},
    "cohorts:agreement_edit": lambda w: {"pk": w.set.pk},
    "cohorts:meeting_create": lambda w: {"pk": w.set.pk},
    "cohorts:meeting": lambda w: {"pk": w.set.pk, "meeting_pk": w.meeting.pk},
    "cohorts:meeting_ics": lambda w: {"pk": w.set.pk, "meeting_pk": w.meeting.pk},
    "cohorts:meeting_attendance": lambda w: {"pk": w.set.pk, "meeting_pk": w.meeting.pk},
    "cohorts:presentation": lambda w: {"pk": w.set.pk, "presentation_pk": w.presentation.pk},
    "cohorts:report": lambda w: {"pk": w.set.pk, "action_pk": w.action.pk},
    "cohorts:log_action": lambda w: {"pk": w.set.pk, "action_pk": w.action.pk},
    "cohorts:community": lambda w: {"pk": w.community.pk},
    "cohorts:community_join": lambda w: {"pk": w.community.pk},
    "cohorts:community_leave": lambda w: {"pk": w.community.pk},
    "cohorts:community_follow": lambda w: {"pk": w.community.pk},
    "cohorts:thread_create": lambda w: {"pk": w.community.pk},
    "cohorts:community_moderation": lambda w: {"pk": w.community.pk},
    "cohorts:thread": lambda w: {"pk": w.thread.pk},
    "cohorts:thread_follow": lambda w: {"pk": w.thread.pk},
    "cohorts:thread_report": lambda w: {"pk": w.thread.pk},
    "cohorts:thread_hide": lambda w: {"pk": w.thread.pk},
    "cohorts:thread_manage": lambda w: {"pk": w.thread.pk},
    "cohorts:thread_move": lambda w: {"pk": w.thread.pk},
    "cohorts:reply_helpful": lambda w: {"pk": w.reply.pk},
    "cohorts:reply_report": lambda w: {"pk": w.reply.pk},
    "cohorts:reply_hide": lambda w: {"pk": w.reply.pk},
    "digest:view": lambda w: {"token": "not-a-token"},
    "digest:unsubscribe": lambda w: {"token": "not-a-token"},
    "digest:one_click": lambda w: {"token": "not-a-token"},
    "personal_data:export": lambda w: {"pk": "not-an-export"},
    "personal_data:export_status": lambda w: {"pk": "not-an-export"},
    "personal_data:export_download": lambda w: {"pk": "not-an-export"},
    "insights:page": lambda w: {"key": "catalogue"},
    "insights:csv": lambda w: {"key": "catalogue", "table": "offers-by-kind"},
    "account_confirm_email": lambda w: {"key": "not-a-key"},
    "account_reset_password_from_key": lambda w: {"uidb36": "1", "key": "not-a-key"},
}

# Which object of the world each admin model's object views point at.
ADMIN_OBJECTS: dict[str, Callable[[World], object]] = {
    "account.emailaddress": lambda w: w.people["member"].emailaddress_set.first(),
    "auth.group": lambda w: _first("auth.group"),
    "mfa.authenticator": lambda w: None,
    "careers.matchinground": lambda w: w.round,
    "careers.pathway": lambda w: w.pathway,
    "careers.role": lambda w: w.role,
    "careers.stage": lambda w: w.stage,
    "careers.supportoffer": lambda w: w.support_offer,
    "careers.supportrequest": lambda w: w.support_request,
    "cohorts.actionlearningset": lambda w: w.set,
    "cohorts.cohort": lambda w: w.cohort,
    "cohorts.community": lambda w: w.open_community,
    "cohorts.joinrequest": lambda w: w.join_request,
    "portal.careerlevel": lambda w: _first("portal.careerlevel"),
    "portal.icb": lambda w: w.hub_a.icb,
    "portal.leadershipdimension": lambda w: _first("portal.leadershipdimension"),
    "portal.organisation": lambda w: w.hub_b,
    "portal.person": lambda w: w.people["member"],
    "portal.profession": lambda w: _first("portal.profession"),
    "portal.region": lambda w: w.hub_a.icb.region,
    "portal.digestdelivery": lambda w: None,
    "portal.digestpreference": lambda w: None,
    "programmes.application": lambda w: w.application,
    "programmes.intake": lambda w: w.intake,
    "programmes.offer": lambda w: w.offer,
}


def _first(label: str):
    from django.apps import apps

    return apps.get_model(label).objects.order_by("pk").first()


def admin_address(name: str, world: World) -> str | None:
    """The address of an admin view for the world's object of that model; None if the
    world holds no object of it (the view is then walked on its changelist only)."""
    if name in ADMIN_SITE_VIEWS:
        return _admin_site_address(name, world)
    _, rest = name.split(":", 1)
    for model in admin_models():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if rest.startswith(prefix):
            view = rest[len(prefix) :]
            break
    else:
        raise KeyError(name)
    if view in ("changelist", "add", "import", "export"):
        return reverse(name)
    obj = ADMIN_OBJECTS[model._meta.label_lower](world)
    if obj is None:
        return None
    if view == "simple_history":
        record = obj.history.order_by("history_id").first()
        return reverse(name, args=[obj.pk, record.history_id])
    return reverse(name, args=[obj.pk])


def _admin_site_address(name: str, world: World) -> str:
    if name == "admin:app_list":
        return reverse(name, kwargs={"app_label": "programmes"})
    if name == "admin:autocomplete":
        # The people a set's facilitator could add to a set, as the set's form asks.
        return reverse(name) + (
            "?app_label=cohorts&model_name=setmembership&field_name=person&term=a"
        )
    return reverse(name)


def address(name: str, world: World) -> str | None:
    if name.startswith("admin:"):
        return admin_address(name, world)
    kwargs = ARGUMENTS.get(name, lambda w: {})(world)
    return reverse(name, kwargs=kwargs)
