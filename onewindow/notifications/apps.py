from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "onewindow.notifications"
    default_auto_field = "django.db.models.BigAutoField"
