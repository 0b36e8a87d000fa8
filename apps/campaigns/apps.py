from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "apps.campaigns"
    verbose_name = "规范化与载体"

    def ready(self) -> None:
        # Register the importers, model views and demo data; add the union's standardization
        # findings to its detail page (unions may not import this app).
        from apps.unions.panels import register_union_panel

        from . import demo, importers, views  # noqa: F401

        register_union_panel(views.union_panels)
