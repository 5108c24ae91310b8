from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "onewindow.records"
    default_auto_field = "django.db.models.BigAutoField"
