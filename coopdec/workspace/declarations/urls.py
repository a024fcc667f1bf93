"""Workspace URLs for an authority's yearly declarations, under /workspace/declarations/."""

from django.urls import path

from . import attachments, compare, lines, receipt, views, workflow

app_name = "declarations"

urlpatterns = [
    path("", views.declaration_list, name="mine"),
    path("start/", views.declaration_start, name="start"),
    path("<int:pk>/", views.declaration_detail, name="detail"),
    path("<int:pk>/lines/add/", lines.line_add, name="line_add"),
    path("<int:pk>/lines/<int:line_pk>/change/", lines.line_change, name="line_change"),
    path("<int:pk>/lines/<int:line_pk>/remove/", lines.line_remove, name="line_remove"),
    path("<int:pk>/lines/<int:line_pk>/restore/", lines.line_restore, name="line_restore"),
    path("<int:pk>/submit/", workflow.declaration_submit, name="submit"),
    path("<int:pk>/versions/<int:number>/receipt.pdf", receipt.version_receipt, name="receipt"),
    path("<int:pk>/return/", workflow.declaration_return, name="return"),
    path("<int:pk>/validate/", workflow.declaration_validate, name="validate"),
    path("<int:pk>/correct/", workflow.declaration_correct, name="correct"),
    path("<int:pk>/compare/", compare.declaration_compare, name="compare"),
    path("<int:pk>/attachments/add/", attachments.attachment_add, name="attachment_add"),
    path("<int:pk>/attachments/<int:attachment_pk>/", attachments.attachment_download, name="attachment"),
]
