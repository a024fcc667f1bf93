"""Spreadsheet templates, exports and imports, mounted under /interop/spreadsheets/."""

from django.urls import path

from . import views

app_name = "tabular"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/template.<str:fmt>", views.template, name="template"),
    path("<slug:kind>/export.<str:fmt>", views.export, name="export"),
    path("<slug:kind>/import/", views.upload, name="upload"),
    path("<slug:kind>/import/confirm/", views.confirm, name="confirm"),
]
