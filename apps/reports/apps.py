from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "apps.reports"
    verbose_name = "统计报表"

    def ready(self) -> None:
        # An approved table closes its organization's ledgers through its 统计截止日期.
        from apps.core import closing

        from .services import approved_periods

        closing.register(approved_periods)
