from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "onewindow.people"
    default_auto_field = "django.db.models.BigAutoField"
