"""Community routes, part of the ``cohorts`` namespace (see ``cohorts/urls.py``)."""

from django.urls import path

from cohorts.communities import moderation_views as moderation
from cohorts.communities import views

urlpatterns = [
    path("communities/", views.community_list, name="communities"),
    path("communities/search/", views.community_search, name="community_search"),
    path("communities/propose/", views.community_propose, name="community_propose"),
    path("communities/<int:pk>/", views.community_detail, name="community"),
    path("communities/<int:pk>/join/", views.community_join, name="community_join"),
    path("communities/<int:pk>/leave/", views.community_leave, name="community_leave"),
    path("communities/<int:pk>/follow/", views.community_follow, name="community_follow"),
    path("communities/<int:pk>/new/", views.thread_create, name="thread_create"),
    path("communities/<int:pk>/moderation/", moderation.moderation, name="community_moderation"),
    path("conversations/<int:pk>/", views.thread_detail, name="thread"),
    path("conversations/<int:pk>/follow/", views.thread_follow, name="thread_follow"),
    path("conversations/<int:pk>/report/", views.thread_report, name="thread_report"),
    path("conversations/<int:pk>/hide/", moderation.thread_hide, name="thread_hide"),
    path("conversations/<int:pk>/manage/", moderation.thread_manage, name="thread_manage"),
    path("conversations/<int:pk>/move/", moderation.thread_move, name="thread_move"),
    path("replies/<int:pk>/helpful/", views.reply_helpful, name="reply_helpful"),
    path("replies/<int:pk>/report/", views.reply_report, name="reply_report"),
    path("replies/<int:pk>/hide/", moderation.reply_hide, name="reply_hide"),
]
