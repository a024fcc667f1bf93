"""Users (log in with their e-mail) and their memberships of authorities and organisations."""

from typing import ClassVar, Self

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import MembershipStatus, Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account; the e-mail address is the login.

    Platform-wide roles are flags: ``is_coordinator`` (national commission's secretariat, regional
    network) and ``is_superuser`` (platform administrator). Roles within an authority or an
    organisation are memberships.
    """

    username = None  # type: ignore[assignment]  # the documented way to drop AbstractUser's field
    email = models.EmailField(_("e-mail address"), unique=True)
    is_coordinator = models.BooleanField(
        _("coordinator"), default=False, help_text=_("Sees and edits every authority's data; validates proposals.")
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("The e-mails the platform sends you are written in it."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # stubs want auth's UserManager

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class MembershipQuerySet(models.QuerySet["Membership"]):
    def approved(self) -> Self:
        return self.filter(status=MembershipStatus.APPROVED)

    def pending(self) -> Self:
        return self.filter(status=MembershipStatus.PENDING)

    def administrators(self) -> Self:
        return self.approved().filter(role=Role.ADMINISTRATOR)


class Membership(models.Model):
    """A user's place in one authority or one organisation (adhésion), asked for and then approved."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    authority = models.ForeignKey(
        "territories.Authority",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("authority"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.EDITOR)
    status = models.CharField(
        _("status"), max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    job_title = models.CharField(_("job title"), max_length=200)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(authority__isnull=False) & Q(organization__isnull=True))
                | (Q(authority__isnull=True) & Q(organization__isnull=False)),
                name="membership_exactly_one_entity",
            ),
            models.UniqueConstraint(
                fields=["user", "authority"], condition=Q(authority__isnull=False), name="membership_unique_authority"
            ),
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=Q(organization__isnull=False),
                name="membership_unique_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.entity} ({self.get_role_display()})"

    @property
    def entity(self):
        return self.authority or self.organization

    @property
    def is_approved(self) -> bool:
        return self.status == MembershipStatus.APPROVED

    @property
    def is_pending(self) -> bool:
        return self.status == MembershipStatus.PENDING
