from django.urls import path

from portal.personal_data import views

app_name = "personal_data"

urlpatterns = [
    path("me/data/", views.overview, name="overview"),
]
