from django.urls import include, path

from careers import views

app_name = "careers"

urlpatterns = [
    path("pathways/", views.pathway_list, name="pathways"),
    path("pathways/compare/", views.pathway_compare, name="compare"),
    path("pathways/<slug:slug>/", views.pathway_detail, name="pathway"),
    path("me/activities/", views.activity_list, name="activities"),
    path("me/activities/new/", views.activity_create, name="activity_create"),
    path("me/activities/export.csv", views.activity_export, name="activity_export"),
    path("me/activities/summary/", views.activity_print, name="activity_print"),
    path("me/activities/<int:pk>/", views.activity_edit, name="activity_edit"),
    path(
        "me/activities/from-application/<int:pk>/",
        views.activity_from_application,
        name="activity_from_application",
    ),
    path("me/activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("me/assessment/", views.assessment_overview, name="assessment"),
    path("me/assessment/new/", views.assessment_create, name="assessment_create"),
    path("me/assessment/compare/", views.assessment_compare, name="assessment_compare"),
    path("me/feedback/", views.feedback_overview, name="feedback"),
    path("me/feedback/<int:pk>/", views.feedback_results, name="feedback_results"),
    path("me/feedback/<int:pk>/remind/", views.feedback_remind, name="feedback_remind"),
    path("me/feedback/asked/<int:pk>/", views.feedback_asked, name="feedback_asked"),
    path("feedback/<str:token>/", views.feedback_answer, name="feedback_answer"),
    path("roles/", views.role_list, name="roles"),
    path("roles/<int:pk>/", views.role_detail, name="role"),
    # Mentoring's routes join careers' namespace, so the header's `careers:mentoring` works.
    path("mentoring/", include("careers.mentoring.urls")),
]
