"""Roles are Django groups; their permissions are kept in step after every migrate."""

from django.contrib.auth.models import Group, Permission

# The apps whose ledgers the roles act on; later apps add themselves here.
LEDGER_APPS = ("unions", "members", "cadres", "campaigns", "targets", "reports")

CITY_ADMIN = "市总管理员"
REVIEWER = "审核员"
CLERK = "录入员"
READ_ONLY = "只读"

ROLE_ACTIONS = {
    CITY_ADMIN: ("view", "add", "change", "delete"),
    REVIEWER: ("view", "change"),
    CLERK: ("view", "add", "change", "delete"),
    READ_ONLY: ("view",),
}
# Shared records in apps.core: everyone sees the imports of their scope; only the city admin
# reads the logs of exports that contain personal data and of lookups outside the scope.
CORE_PERMISSIONS = {
    CITY_ADMIN: ("view_importrecord", "view_exportlog", "view_foreignlookup"),
    REVIEWER: ("view_importrecord",),
    CLERK: ("view_importrecord",),
    READ_ONLY: ("view_importrecord",),
}
# Reference tables (industries, categories) and the yearly parameters only the city changes.
REFERENCE_MODELS = ("industry", "employercategory", "yearlyparameter")
# Apps whose rows only the city writes (target letters, their templates and contact points);
# every other role may only view them, within its scope.
CITY_APPS = ("targets",)


def role_permissions(role: str):
    perms = Permission.objects.filter(content_type__app_label__in=LEDGER_APPS).select_related(
        "content_type"
    )
    for perm in perms:
        action = perm.codename.split("_", 1)[0]
        model = perm.content_type.model
        if model.startswith("historical"):
            continue
        city_only = model in REFERENCE_MODELS or perm.content_type.app_label in CITY_APPS
        if city_only and action != "view" and role != CITY_ADMIN:
            continue
        if action in ROLE_ACTIONS[role]:
            yield perm
    yield from Permission.objects.filter(
        content_type__app_label="core", codename__in=CORE_PERMISSIONS[role]
    )


def sync_role_groups(**kwargs) -> None:
    for role in ROLE_ACTIONS:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(list(role_permissions(role)))
