"""Workspace URLs for the calls for projects (coordinators and a call's reviewers), under /workspace/calls/."""

from django.urls import path

from . import review, rules, views

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="list"),
    path("new/", views.call_new, name="new"),
    path("<int:pk>/", views.call_detail, name="detail"),
    path("<int:pk>/rules/", rules.call_rules, name="rules"),
    path("<int:pk>/copy/", views.call_copy, name="copy"),
    path("<int:pk>/reviewers/", review.call_reviewers, name="reviewers"),
    path("<int:pk>/applications/", review.call_applications, name="applications"),
    path(
        "<int:pk>/applications/<int:application_pk>/changes/",
        review.application_request_changes,
        name="request_changes",
    ),
    path("<int:pk>/applications/<int:application_pk>/score/", review.application_score, name="score"),
]
