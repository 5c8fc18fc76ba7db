from django.contrib import admin
from django.urls import include, path

from portal import views
from portal.plan import views as plan_views

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.profile, name="profile"),
    path("me/calendar/", plan_views.calendar_link, name="plan_calendar"),
    path("me/calendar/<str:token>.ics", plan_views.calendar_feed, name="plan_calendar_feed"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.page("pages/accessibility.html"), name="accessibility"),
    path("privacy/", views.page("pages/privacy.html"), name="privacy"),
    path("cookies/", views.page("pages/cookies.html"), name="cookies"),
    path("", include("programmes.urls")),
    path("", include("careers.urls")),
    path("", include("cohorts.urls")),
    path("", include("portal.digest.urls")),
    path("", include("portal.personal_data.urls")),
    path("", include("portal.insights.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
