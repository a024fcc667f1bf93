"""Workspace URLs for projects, under /workspace/projects/."""

from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/participants/add/", views.participant_add, name="participant_add"),
    path("<int:pk>/participants/<int:participant_pk>/remove/", views.participant_remove, name="participant_remove"),
    path("<int:pk>/places/add/", views.place_add, name="place_add"),
    path("<int:pk>/places/<int:place_pk>/remove/", views.place_remove, name="place_remove"),
    path("<int:pk>/fundings/add/", views.funding_add, name="funding_add"),
    path("<int:pk>/fundings/<int:funding_pk>/edit/", views.funding_edit, name="funding_edit"),
    path("<int:pk>/fundings/<int:funding_pk>/delete/", views.funding_remove, name="funding_remove"),
    path("<int:pk>/disbursements/add/", views.disbursement_add, name="disbursement_add"),
    path("<int:pk>/results/add/", views.result_edit, name="result_add"),
    path("<int:pk>/results/<int:result_pk>/edit/", views.result_edit, name="result_edit"),
    path("<int:pk>/results/<int:result_pk>/delete/", views.result_delete, name="result_delete"),
    path("<int:pk>/documents/add/", views.document_upload, name="document_upload"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document_download"),
    path("<int:pk>/documents/<int:document_pk>/delete/", views.document_delete, name="document_delete"),
]
