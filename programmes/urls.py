from django.urls import path

from programmes import feeds, time_views, views

app_name = "programmes"

urlpatterns = [
    path("offers/", views.offer_list, name="catalogue"),
    path("offers/feed/", feeds.NewOffersFeed(), name="feed"),
    path("offers/compare/", views.offer_compare, name="compare"),
    path("offers/<slug:slug>/", views.offer_detail, name="offer"),
    path("offers/<slug:slug>/save/", views.offer_save, name="save"),
    path("offers/<slug:slug>/interest/", views.offer_interest, name="interest"),
    path("offers/<slug:slug>/apply/", views.offer_apply, name="apply"),
    path("offers/<slug:slug>/intakes/<int:pk>.ics", views.intake_ics, name="intake_ics"),
    path("me/saved/", views.saved_list, name="saved"),
    path("me/applications/", views.application_list, name="applications"),
    path(
        "me/applications/<int:pk>/withdraw/",
        views.application_withdraw,
        name="withdraw",
    ),
    path("me/applications/<int:pk>/time/", time_views.time_ask, name="time_ask"),
    path("me/applications/<int:pk>/time/remind/", time_views.time_remind, name="time_remind"),
    path("me/time-requests/<int:pk>/", time_views.time_answer, name="time_answer"),
    path("time/<str:token>/", time_views.time_link, name="time_link"),
]
