from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = "公共"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system check of the ledgers' views)
        from .menu import discover

        discover()
