from django.apps import AppConfig


class CadresConfig(AppConfig):
    name = "apps.cadres"
    verbose_name = "工会干部"

    def ready(self) -> None:
        # Register the model views, importers, yearly parameters and demo data.
        from . import agreements, assistants, demo_assistants, training  # noqa: F401
