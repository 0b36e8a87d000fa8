"""Migration helpers: operations the apps' migrations use (indexes per database, dates
cleared before a date-order constraint). The bulk writers are in apps.core.exchange.bulk."""

from django.db import migrations, models


def vendor_index(vendor: str, name: str, definition: str) -> migrations.RunPython:
    """A migration operation creating the index `name` (`CREATE INDEX name ON definition`) on
    one database only, for what Meta.indexes cannot say per database (INCLUDE columns on
    PostgreSQL, their key-column counterpart on SQLite); reversed by dropping it."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == vendor:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == vendor:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop, elidable=False)


def clear_dates_before(app_label: str, model_name: str, *rules: tuple[str, str, str]):
    """A migration operation run before it adds date-order constraints to stored rows: each
    rule (later, earlier, cleared) blanks the field `cleared` of the rows whose `later`
    lies before `earlier`, the one of the two whose loss changes the fewest figures (an
    unknown founding day rather than an undone dissolution), and prints how many."""

    def clear(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        for later, earlier, cleared in rules:
            broken = model.objects.filter(**{f"{later}__lt": models.F(earlier)})
            if count := broken.update(**{cleared: None}):
                print(f"\n  {model_name}: {count} rows had {later} < {earlier}; {cleared} cleared")

    return migrations.RunPython(clear, migrations.RunPython.noop, elidable=False)
