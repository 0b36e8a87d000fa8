"""Table pieces shared by every ledger list (django-tables2)."""

import django_tables2 as tables

from .exchange.engine import LedgerImporter
from .models import ExportLog, ForeignLookup, ImportRecord
from .validators import PERSONAL_MASKS


class SelectColumn(tables.CheckBoxColumn):
    """The tick box of bulk actions; its header ticks the whole page."""

    def __init__(self, **kwargs):
        super().__init__(
            accessor="pk",
            orderable=False,
            exclude_from_export=True,
            attrs={
                "th__input": {"data-select-all": "1", "aria-label": "全选"},
                "td__input": {"form": "bulk-form", "aria-label": "选择"},
            },
            **kwargs,
        )


class LedgerTable(tables.Table):
    """Base table: Bootstrap look, Chinese empty state, a tick box per row.

    Subclasses list every available column in Meta.fields and the ones shown until the user
    chooses otherwise in `default_columns`.
    """

    pk = SelectColumn()
    default_columns: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Personal data (身份证号, 手机号: PERSONAL_MASKS, by name, whatever the row it is
        # reached through) is masked in every list, for every role.
        for column in self.columns.all():
            mask = PERSONAL_MASKS.get(str(column.accessor).replace(".", "__").split("__")[-1])
            if mask and not hasattr(self, f"render_{column.name}"):
                column.column.render = lambda value, mask=mask: mask(value) if value else value

    def choosable_columns(self) -> list[tuple[str, str]]:
        return [(c.name, str(c.header)) for c in self.columns.all() if c.name != "pk"]

    def show_only(self, names: list[str]) -> None:
        for column in self.columns.all():
            if column.name != "pk" and column.name not in names:
                self.columns.hide(column.name)

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle ledger-table"}
        empty_text = "没有符合条件的记录。"
        template_name = "generic/_table.html"


class EditColumn(tables.LinkColumn):
    """A 编辑 link per row; hidden for users whose role may not change the model."""

    def __init__(self, url_name: str, **kwargs):
        super().__init__(
            url_name,
            args=[tables.A("pk")],
            text="编辑",
            verbose_name="",
            orderable=False,
            exclude_from_export=True,
            **kwargs,
        )


def hide_edit_links(table: tables.Table, user) -> tables.Table:
    opts = table._meta.model._meta
    if "edit" in table.columns.names() and not user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    ):
        table.columns.hide("edit")
    return table


def related_table(table_class: type[tables.Table], queryset, user, **kwargs) -> tables.Table:
    """A table of related rows on a detail page: not sortable, its default columns, edit links
    per the user's role."""
    table = table_class(queryset, orderable=False, **kwargs)
    if isinstance(table, LedgerTable) and table.default_columns:
        table.show_only(list(table.default_columns))
    return hide_edit_links(table, user)


class ImportRecordTable(LedgerTable):
    filename = tables.Column(linkify=True)
    ledger = tables.Column(verbose_name="台帐", accessor="ledger")
    user = tables.Column(verbose_name="导入人")

    def render_ledger(self, value):
        importer = LedgerImporter.registry.get(value)
        return importer.model._meta.verbose_name if importer else value

    class Meta(LedgerTable.Meta):
        model = ImportRecord
        exclude = ("pk",)
        fields = (
            "started_at",
            "ledger",
            "filename",
            "user",
            "status",
            "rows",
            "created",
            "updated",
            "unchanged",
            "conflicts",
            "error_count",
        )


class ExportLogTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = ExportLog
        exclude = ("pk",)
        fields = ("exported_at", "user", "ledger", "filters", "rows", "masked")


class ForeignLookupTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = ForeignLookup
        exclude = ("pk",)
        fields = ("at", "user", "source", "key", "over_bound")
