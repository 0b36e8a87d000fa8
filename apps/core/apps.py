from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = "公共"

    def ready(self) -> None:
        from .menu import discover

        discover()
