from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "apps.stats"
    verbose_name = "统计"

    def ready(self) -> None:
        from . import (
            families,  # noqa: F401  (registers the built-in figure families)
            work_families,  # noqa: F401  (队伍, 规范化与载体: cadres and campaigns)
        )
