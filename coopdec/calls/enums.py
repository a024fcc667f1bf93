"""Choices for calls for projects, their rules, applications and budgets."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CallKind(models.TextChoices):
    """What kind of call: the ministry's yearly, biennial or triennial calls, a thematic one, a joint fund."""

    YEARLY = "yearly", _("Yearly call")
    BIENNIAL = "biennial", _("Biennial call")
    TRIENNIAL = "triennial", _("Triennial call")
    THEMATIC = "thematic", _("Thematic call")
    JOINT_FUND = "joint_fund", _("Joint fund with a partner country")
    TURNKEY = "turnkey", _("Turnkey programme")


class Step(models.TextChoices):
    """A two-step call asks first for an expression of interest, then for a full application on invitation."""

    EXPRESSION_OF_INTEREST = "interest", _("Expression of interest")
    FULL_APPLICATION = "full", _("Full application")


class DocumentKind(models.TextChoices):
    """A document a call asks for."""

    CONVENTION = "convention", _("Convention signed with the foreign authority")
    COUNCIL_DECISION = "council_decision", _("Council decision (délibération)")
    LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")
    BUDGET = "budget", _("Detailed budget")
    PROJECT_SHEET = "project_sheet", _("Project sheet")
    OTHER = "other", _("Other document")


class GroupRule(models.TextChoices):
    """What a call makes of a group of at least two French authorities applying together."""

    NONE = "none", _("No rule")
    BONUS = "bonus", _("A bonus")
    REQUIRED = "required", _("A requirement")


class TrancheCondition(models.TextChoices):
    """When a tranche of the grant is released."""

    ON_DATE = "on_date", _("On a date")
    INTERMEDIATE_REPORT = "intermediate_report", _("On the intermediate report")
    FINAL_REPORT = "final_report", _("On the final report")


class ApplicationStatus(models.TextChoices):
    """Where an application stands (``workflow.py`` holds the transitions)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    AWARDED = "awarded", _("Awarded")
    REFUSED = "refused", _("Refused")
    WAITING_LIST = "waiting_list", _("Waiting list")


class Source(models.TextChoices):
    """Who brings a resource line of an application's budget."""

    CALL = "call", _("This call (amount asked)")
    FRENCH_AUTHORITY = "french_authority", _("French authority")
    PARTNER = "partner", _("Foreign partner")
    OTHER = "other", _("Other co-financer")


class ExpenseKind(models.TextChoices):
    """What an expense line of an application's budget pays for."""

    ACTIVITIES = "activities", _("Activities")
    EQUIPMENT = "equipment", _("Equipment and works")
    STAFF = "staff", _("Staff")
    TRAVEL = "travel", _("Travel and missions")
    MONITORING = "monitoring", _("Monitoring and evaluation")
    OVERHEADS = "overheads", _("Overheads")


class ReportKind(models.TextChoices):
    INTERMEDIATE = "intermediate", _("Intermediate report")
    FINAL = "final", _("Final report")


class ReportStatus(models.TextChoices):
    """Where a report stands (``workflow.REPORT_TRANSITIONS``)."""

    DUE = "due", _("Due")
    FILED = "filed", _("Filed")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for changes")
