from django.apps import AppConfig


class CadresConfig(AppConfig):
    name = "apps.cadres"
    verbose_name = "工会干部"
