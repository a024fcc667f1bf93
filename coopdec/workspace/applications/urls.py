"""Workspace URLs for an authority's applications to calls for projects, under /workspace/applications/."""

from django.urls import path

from . import documents, submission, views

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="mine"),
    path("calls/<int:call_pk>/apply/", views.application_start, name="start"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/eligibility/", views.application_eligibility, name="eligibility"),
    path("<int:pk>/submit/", submission.application_submit, name="submit"),
    path("<int:pk>/documents/add/", documents.document_add, name="document_add"),
    path("<int:pk>/documents/<int:document_pk>/", documents.document_download, name="document"),
]
