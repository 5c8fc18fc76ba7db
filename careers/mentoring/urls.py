"""Mentoring's routes, included under /mentoring/ in careers' namespace (careers/urls.py)."""

from django.urls import path

from careers.mentoring import views

urlpatterns = [
    path("", views.overview, name="mentoring"),
    path("offer/", views.offer, name="mentoring_offer"),
    path("offer/<int:pk>/pause/", views.offer_pause, name="mentoring_pause"),
    path("ask/", views.ask, name="mentoring_ask"),
    path("matches/<int:pk>/answer/", views.answer, name="mentoring_answer"),
    path("relationships/<int:pk>/", views.relationship, name="mentoring_relationship"),
    path(
        "relationships/<int:pk>/log/",
        views.relationship_log,
        name="mentoring_relationship_log",
    ),
    path("rounds/<int:pk>/", views.round_detail, name="mentoring_round"),
    path("role-models/", views.role_models, name="mentoring_role_models"),
    path("role-models/me/", views.role_model_edit, name="mentoring_role_model_edit"),
]
