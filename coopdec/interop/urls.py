"""IATI downloads and the coordinators' import pages, under /interop/."""

from django.urls import include, path

from . import views

app_name = "interop"

urlpatterns = [
    path("iati/authority/<str:code>/activities.xml", views.authority_activities, name="authority_activities"),
    path("iati/authority/<str:code>/organisation.xml", views.authority_organisation, name="authority_organisation"),
    path("iati/projects.xml", views.projects_activities, name="projects_activities"),
    path("iati/import/", views.import_upload, name="import_upload"),
    path("iati/import/<int:pk>/", views.import_job, name="import_job"),
    path("iati/import/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("spreadsheets/", include("coopdec.interop.tabular.urls")),
]
