from django.apps import AppConfig


class CadresConfig(AppConfig):
    name = "apps.cadres"
    verbose_name = "工会干部"

    def ready(self) -> None:
        # Register the importers, model views, yearly parameters and demo data; add the
        # committee and the findings to the union detail page (unions may not import this app).
        from apps.unions.panels import register_union_panel

        from . import demo, importers, rules, views  # noqa: F401

        register_union_panel(views.union_panels)
