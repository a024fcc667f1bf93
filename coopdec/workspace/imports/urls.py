"""The officers' IATI and spreadsheet import pages, under /interop/.

config/urls.py mounts them with the public IATI downloads (coopdec.atlas.views.iati) as one ``interop`` namespace.
"""

from django.urls import URLPattern, URLResolver, include, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("iati/import/", views.import_upload, name="import_upload"),
    path("iati/import/<int:pk>/", views.import_job, name="import_job"),
    path("iati/import/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("spreadsheets/", include("coopdec.workspace.imports.spreadsheets.urls")),
]
