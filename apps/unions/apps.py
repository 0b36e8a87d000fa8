from django.apps import AppConfig


class UnionsConfig(AppConfig):
    name = "apps.unions"
    verbose_name = "工会组织与单位"

    def ready(self) -> None:
        from . import importers  # noqa: F401  (registers the ledgers' importers)
