"""Assisted sessions: a clerk acting for a person present at the window."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AssistedSession(models.Model):
    """One visit at the window (窗口代办): who served whom, why, from when to when.

    While it is open, what the clerk does for the person is marked as assisted,
    shows the clerk's name to the person and goes to the person's access log.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="assisted_sessions"
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("assisted session")
