from django.apps import AppConfig
from django.db.models.signals import post_migrate


class RulesConfig(AppConfig):
    name = "onewindow.rules"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .services import rule_packs_load

        post_migrate.connect(rule_packs_load, sender=self)
