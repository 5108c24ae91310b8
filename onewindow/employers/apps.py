from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "onewindow.employers"
    default_auto_field = "django.db.models.BigAutoField"
