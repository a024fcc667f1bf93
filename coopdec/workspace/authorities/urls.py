from django.urls import path

from . import views

app_name = "territories"

urlpatterns = [
    path("search", views.authority_search, name="authority_search"),
    path("propose/", views.propose_authority, name="propose_authority"),
    path("proposed/", views.proposed_authorities, name="proposed_authorities"),
    path("proposed/<int:pk>/validate/", views.validate_authority, name="validate_authority"),
    path("proposed/<int:pk>/reject/", views.reject_authority, name="reject_authority"),
]
