from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "apps.members"
    verbose_name = "会员"

    def ready(self) -> None:
        # Register the model views and demo data; connect the receivers that keep paths.
        from . import demo, signals, views  # noqa: F401
