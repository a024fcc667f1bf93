from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("register/sent/", views.register_sent, name="register_sent"),
    path("activate/resend/", views.resend_activation, name="resend_activation"),
    path("activate/done/", views.activation_done, name="activation_done"),
    path("activate/<str:token>/", views.activate, name="activate"),
    path("profile/", views.profile, name="profile"),
    path("profile/email-language/", views.email_language, name="email_language"),
    path("password/change/", views.password_change, name="password_change"),
    path("password/change/done/", views.password_change_done, name="password_change_done"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("password/reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("join/", views.request_membership, name="request_membership"),
    path("entities/search", views.entity_search, name="entity_search"),
    path("requests/", views.membership_requests, name="membership_requests"),
    path("requests/<int:pk>/approve/", views.approve_membership, name="approve_membership"),
    path("requests/<int:pk>/reject/", views.reject_membership, name="reject_membership"),
    path("authorities/<int:pk>/members/", views.members, {"kind": "authority"}, name="authority_members"),
    path("organizations/<int:pk>/members/", views.members, {"kind": "organization"}, name="organization_members"),
    path("members/<int:pk>/role/", views.change_member_role, name="change_member_role"),
    path("members/<int:pk>/remove/", views.remove_member, name="remove_member"),
]
