"""Workspace URLs for the declaration campaigns (coordinators), under /workspace/campaigns/."""

from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/export.<str:fmt>", views.campaign_export, name="export"),
    path("<int:pk>/ask/", views.campaign_ask, name="ask"),
    path("<int:pk>/extend/<int:authority_pk>/", views.campaign_extend, name="extend"),
]
