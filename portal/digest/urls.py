from django.urls import path

from portal.digest import views

app_name = "digest"

urlpatterns = [
    path("me/digest/", views.preferences, name="preferences"),
    path("digest/view/<str:token>/", views.view, name="view"),
    path("digest/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("digest/unsubscribe/<str:token>/one-click/", views.one_click, name="one_click"),
]
