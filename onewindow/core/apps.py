from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "onewindow.core"
