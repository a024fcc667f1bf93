"""API tokens: a secret key per client, kept only as its SHA-256 hash."""

import hashlib
import secrets
from datetime import timedelta
from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX = "cdk_"
# Written at most once a minute per token, so that a busy client does not write on every read.
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_key(key: str) -> str:
    """The stored form of a key; a random 256-bit key needs no slow hash, SHA-256 is enough."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> Self:
        return self.filter(revoked=False, user__is_active=True)

    def issue(self, *, user, name: str) -> tuple["ApiToken", str]:
        """A new token for ``user`` and its key — the only time the key exists in clear."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        token = self.model(user=user, name=name, prefix=key[: len(KEY_PREFIX) + 8], key_hash=hash_key(key))
        token.full_clean()
        token.save()
        return token, key

    def find(self, key: str) -> "ApiToken | None":
        """The active token whose key is ``key``, with its user, or None."""
        return self.active().select_related("user").filter(key_hash=hash_key(key)).first()


class ApiToken(models.Model):
    """A key that lets a program act as a user through the API (jeton d'API)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. the client's name."))
    prefix = models.CharField(
        _("prefix"), max_length=12, editable=False, help_text=_("The key's first characters, to recognise it.")
    )
    key_hash = models.CharField(_("key hash (SHA-256)"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked = models.BooleanField(_("revoked"), default=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def record_use(self) -> None:
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
