from django.urls import path

from portal.personal_data import views, views_erasure, views_export

app_name = "personal_data"

urlpatterns = [
    path("me/data/", views.overview, name="overview"),
    # Export ids are taken as text and checked in the view, so a mangled address gets
    # the export's own "not found" page, not the site's generic one.
    path("me/data/export/", views_export.export_request, name="export_request"),
    path("me/data/export/<str:pk>/", views_export.export_detail, name="export"),
    path("me/data/export/<str:pk>/status/", views_export.export_status, name="export_status"),
    path("me/data/export/<str:pk>/download/", views_export.export_download, name="export_download"),
    path("me/data/erase/", views_erasure.erase, name="erase"),
    path("me/data/erased/", views_erasure.erased, name="erased"),
]
