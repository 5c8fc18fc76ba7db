from django.urls import path

from portal.insights import views

app_name = "insights"

urlpatterns = [
    path("insights/", views.index, name="index"),
    path("insights/<slug:key>/", views.page, name="page"),
    path("insights/<slug:key>/<slug:table>.csv", views.table_csv, name="csv"),
]
