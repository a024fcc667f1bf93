"""Workspace URLs of the national view (coordinators), under /workspace/national/."""

from django.urls import path

from . import views

app_name = "national"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<int:year>/lines.<str:fmt>", views.lines_export, name="lines_export"),
    path("<int:year>/crs.csv", views.crs_export, name="crs_export"),
]
