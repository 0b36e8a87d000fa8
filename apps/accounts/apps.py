from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = "账号与角色"

    def ready(self) -> None:
        from .roles import sync_role_groups

        # After every app's migrate, not only this one's: the permissions of the ledger apps
        # installed after accounts exist only once their own post_migrate has run.
        post_migrate.connect(sync_role_groups)
