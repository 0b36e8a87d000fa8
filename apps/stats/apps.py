from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "apps.stats"
    verbose_name = "统计"

    def ready(self) -> None:
        from . import families  # noqa: F401  (registers the figure families)
