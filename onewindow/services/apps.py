from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ServicesConfig(AppConfig):
    name = "onewindow.services"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .catalog import catalog_load

        post_migrate.connect(catalog_load, sender=self)
