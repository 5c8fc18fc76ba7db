from django.urls import path

from cohorts import views
from cohorts.communities import urls as communities_urls

app_name = "cohorts"

urlpatterns = [
    path("cohorts/", views.cohort_list, name="list"),
    path("cohorts/new/", views.cohort_create, name="create"),
    path("cohorts/facilitating/", views.facilitator, name="facilitator"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="detail"),
    path("cohorts/<int:pk>/join/", views.cohort_join, name="join"),
    path("cohorts/<int:pk>/requests/", views.join_requests, name="requests"),
    path("cohorts/<int:pk>/enrol/", views.cohort_enrol, name="enrol"),
    path("cohorts/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path(
        "cohorts/<int:pk>/sessions/<int:session_pk>/session.ics",
        views.session_ics,
        name="session_ics",
    ),
    path(
        "cohorts/<int:pk>/sessions/<int:session_pk>/attendance/",
        views.session_attendance,
        name="attendance",
    ),
    path("cohorts/<int:pk>/attendance/", views.attendance_summary, name="attendance_summary"),
    path("cohorts/<int:pk>/calendar/<str:token>.ics", views.cohort_feed, name="feed"),
    path("cohorts/<int:pk>/calendar-link/", views.calendar_link, name="calendar_link"),
    path("cohorts/<int:pk>/topics/", views.topics, name="topics"),
    path("cohorts/<int:pk>/topics/<int:topic_pk>/vote/", views.topic_vote, name="vote"),
    path(
        "cohorts/<int:pk>/topics/<int:topic_pk>/schedule/",
        views.topic_schedule,
        name="schedule_topic",
    ),
    path("cohorts/<int:pk>/sets/form/", views.sets_form, name="form_sets"),
    path("cohorts/<int:pk>/sets/proposal/", views.proposal, name="proposal"),
    path("sets/<int:pk>/", views.set_detail, name="set"),
    path("sets/<int:pk>/join/", views.set_join, name="set_join"),
    path("sets/<int:pk>/requests/", views.set_requests, name="set_requests"),
    path("sets/<int:pk>/agreement/", views.set_agreement, name="agreement"),
    path("sets/<int:pk>/agreement/edit/", views.agreement_edit, name="agreement_edit"),
    path("sets/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("sets/<int:pk>/meetings/<int:meeting_pk>/", views.meeting_detail, name="meeting"),
    path("sets/<int:pk>/meetings/<int:meeting_pk>.ics", views.meeting_ics, name="meeting_ics"),
    path(
        "sets/<int:pk>/meetings/<int:meeting_pk>/attendance/",
        views.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "sets/<int:pk>/presentations/<int:presentation_pk>/",
        views.presentation_edit,
        name="presentation",
    ),
    path("sets/<int:pk>/actions/<int:action_pk>/report/", views.action_report, name="report"),
    path("sets/<int:pk>/actions/<int:action_pk>/log/", views.action_log, name="log_action"),
]

# Communities of practice: their own module, the same namespace.
urlpatterns += communities_urls.urlpatterns
