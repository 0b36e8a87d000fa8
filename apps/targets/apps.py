from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "apps.targets"
    verbose_name = "目标管理"
