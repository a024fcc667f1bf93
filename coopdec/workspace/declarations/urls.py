"""Workspace URLs for an authority's yearly declarations, under /workspace/declarations/."""

from django.urls import path

from . import views

app_name = "declarations"

urlpatterns = [
    path("", views.declaration_list, name="mine"),
    path("start/", views.declaration_start, name="start"),
    path("<int:pk>/", views.declaration_detail, name="detail"),
]
