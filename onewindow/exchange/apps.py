from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ExchangeConfig(AppConfig):
    name = "onewindow.exchange"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .formats import formats_load

        post_migrate.connect(formats_load, sender=self)
