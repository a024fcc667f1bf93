"""The officers' matchmaking pages, under /matchmaking/.

config/urls.py mounts them with the public economic-fabric pages (coopdec.atlas.views.fabric) as one
``matchmaking`` namespace.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.profile_list, name="profiles"),
    path("profiles/new/", views.profile_create, name="profile_create"),
    path("profiles/<int:pk>/", views.profile_detail, name="profile"),
    path("profiles/<int:pk>/edit/", views.profile_edit, name="profile_edit"),
    path("profiles/<int:pk>/publish/", views.profile_publish, name="profile_publish"),
    path("profiles/<int:pk>/withdraw/", views.profile_expire, name="profile_expire"),
    path("profiles/<int:pk>/interest/", views.interest_send, name="interest_send"),
    path("sectors/suggest/", views.sector_suggest, name="sector_suggest"),
    path("interests/", views.interest_list, name="interests"),
    path("interests/<int:pk>/", views.interest_detail, name="interest"),
    path("interests/<int:pk>/<str:decision>/", views.interest_decide, name="interest_decide"),
    path("pairings/<int:pk>/", views.pairing_detail, name="pairing"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
