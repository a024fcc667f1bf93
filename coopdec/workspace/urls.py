from django.urls import path

from .views import affiliations, dashboard, delegates, history

app_name = "workspace"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("affiliations/", affiliations.affiliation_list, name="affiliations"),
    path("affiliations/new/", affiliations.affiliation_create, name="affiliation_create"),
    path("affiliations/<int:pk>/", affiliations.affiliation_detail, name="affiliation"),
    path("affiliations/<int:pk>/edit/", affiliations.affiliation_edit, name="affiliation_edit"),
    path("affiliations/<int:pk>/delete/", affiliations.affiliation_delete, name="affiliation_delete"),
    path(
        "affiliations/contributions/<int:pk>/delete/",
        affiliations.contribution_delete,
        name="contribution_delete",
    ),
    path("delegates/", delegates.delegate_list, name="delegates"),
    path("delegates/new/", delegates.delegate_create, name="delegate_create"),
    path("delegates/<int:pk>/edit/", delegates.delegate_edit, name="delegate_edit"),
    path("delegates/<int:pk>/delete/", delegates.delegate_delete, name="delegate_delete"),
    path("history/<slug:model>/<int:pk>/", history.versions, name="history"),
    path("history/<slug:model>/<int:pk>/revert/<int:history_id>/", history.revert, name="revert"),
]
