from django.apps import AppConfig


class UnionsConfig(AppConfig):
    name = "apps.unions"
    verbose_name = "工会组织与单位"

    def ready(self) -> None:
        # Register the ledgers' importers, model views and demo data (forms ask the registry
        # whether a model has an autocomplete view, whatever was imported first).
        from . import demo, importers, views  # noqa: F401
