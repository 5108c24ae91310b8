from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message to a person, shown in the site and sent by SMS or e-mail."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(max_length=120)  # one notification per situation
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "key"], name="notification_once_per_situation"
            )
        ]

    def __str__(self) -> str:
        return self.title
