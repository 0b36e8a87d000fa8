from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "apps.targets"
    verbose_name = "目标管理"

    def ready(self) -> None:
        from . import demo  # noqa: F401  (registers the demo data step)
