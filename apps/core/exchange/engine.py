"""The Excel import engine, written once for every ledger.

An importer declares its columns (Chinese header and aliases → key, parser) and how a parsed
record becomes model fields. The engine reads .xlsx / .xls / .csv, finds the header row below
title rows and across merged header cells, normalizes what people type, validates every row,
and lists every error (row, column, value, reason) before anything is written. Commit is all
or nothing and upserts on the natural key, so importing the same file twice changes nothing.
Rows whose key belongs to a row outside the user's scope are errors, never written.

    class EmployerImporter(LedgerImporter):
        name, model, key = "employers", Employer, "uscc"
        columns = [Column("uscc", "统一社会信用代码", parse=parse_uscc, required=True), ...]
        def to_fields(self, record, error): ...
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Sequence
from functools import cached_property
from typing import IO, Any, ClassVar

from django.db import DatabaseError, models, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .. import foreign
from ..closing import ClosedPeriod, closed_periods, closing_error
from ..lifecycle import date_errors, instance_values, merged_values
from .bulk import default_row, insert_with_history, refresh_statistics
from .columns import Column, display_reader, template_column
from .excel import SpreadsheetError, TemplateColumn
from .results import (
    PROGRESS_EVERY,
    ImportCommitError,
    ImportFileError,
    ImportResult,
    Progress,
    RowChange,
    RowConflict,
    RowError,
    describe_changes,
    no_progress,
)
from .sheet import Record, read_table

logger = logging.getLogger(__name__)

LOOKUP_CHUNK = 500
WRITE_BATCH = 1000
STATISTICS_AFTER_ROWS = 1000  # imports at least this large refresh the planner's statistics


class LedgerImporter:
    """Base of every ledger's importer. Subclasses set:

    name      -- the ledger's name on the command line and in URLs ("employers")
    model     -- the model written
    key       -- the natural key the import upserts on: a field ("uscc"), or a tuple of
                 columns for a composite key (("union", "year")), whose value per row is
                 `natural_key(record, error)` and whose stored rows `find_existing` finds
    columns   -- the Column specs; the first required ones form the template
    and implement `to_fields(record, error)`.
    """

    name: ClassVar[str]
    model: ClassVar[type[models.Model]]
    key: ClassVar[str | tuple[str, ...]]
    columns: ClassVar[Sequence[Column]]
    # Whether two rows of one file may share a one-column key (an error when True).
    unique_keys: ClassVar[bool] = True
    # A composite key repeated in one file, unless `merge` folds the rows into one: the error
    # at this column ("" → the key's last column); {row} is the earlier row's number.
    repeated_key_message: ClassVar[tuple[str, str]] = ("", "与第{row}行重复")
    # Whether `key` is unique in the table: new rows are then built as rows (attname → value)
    # rather than model instances, inserted with the driver's executemany or COPY, and their
    # pks read back by key (db.insert_with_history), for large files.
    insert_by_key: ClassVar[bool] = False
    # URL name of the page where the conflicts this importer records are worked through.
    conflicts_url_name: ClassVar[str] = ""
    # Headers of facts another ledger keeps (normalized header → where): named in the notes
    # with that place instead of as an unknown column.
    kept_elsewhere: ClassVar[dict[str, str]] = {}
    registry: ClassVar[dict[str, type[LedgerImporter]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        LedgerImporter.registry[cls.name] = cls

    def __init__(self, user: Any) -> None:
        self.user = user
        self.absent_columns: set[str] = set()
        # The keys of the row's cells that could not be read (already listed as errors),
        # for `to_fields` to leave them out of its own checks (set before each call).
        self.unreadable: set[str] = set()
        # Rows already stored, by key, for the rows of the file (set before `to_fields`).
        self.existing: dict[Any, models.Model] = {}
        self.closed_periods: list[ClosedPeriod] = []
        # Keys outside the scope the user may still be answered about today (foreign.note).
        self.foreign_allowed: set[str] = set()

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def composite(self) -> bool:
        return isinstance(self.key, tuple)

    @property
    def key_columns(self) -> tuple[str, ...]:
        return self.key if isinstance(self.key, tuple) else (self.key,)

    @property
    def key_header(self) -> str:
        """The key columns' headers: named by repeated-key errors and on the import page."""
        headers = {c.key: c.header for c in self.columns}
        return "、".join(headers[key] for key in self.key_columns)

    # -- hooks -----------------------------------------------------------

    def prepare(self, records: list[dict[str, Any]]) -> None:
        """Load in bulk what `to_fields` looks up (called once with all parsed records)."""

    def to_fields(
        self, record: dict[str, Any], error: Callable[[str, str], None]
    ) -> dict[str, Any]:
        """Model field values for one parsed record; report problems with error(key, reason),
        or raise RowConflict to leave a valid row out."""
        raise NotImplementedError

    def natural_key(
        self, record: dict[str, Any], error: Callable[[str, str], None]
    ) -> Hashable | None:
        """The row's natural key, matched with `stored_key` of the stored rows; None leaves
        the row out (its empty or unreadable cells are listed already; report any other
        reason with error(key, reason)). The default: the key column's value, or the tuple
        of the key columns' values (None when one is empty). A key with a None part is
        neither matched nor checked for repeats (the row has an error)."""
        if not self.composite:
            return record.get(self.key)
        values = tuple(record.get(key) for key in self.key)
        return None if None in values else values

    def merge(self, kept: dict[str, Any], record: dict[str, Any]) -> bool:
        """A row whose composite key an earlier row `kept` has: fold it into `kept` and return
        True (a tax list's payments of one payer and year add up), or False (the default) to
        refuse it with `repeated_key_message`."""
        return False

    def stored_key(self, obj: models.Model) -> Hashable:
        """A stored row's natural key (a related row by its pk)."""
        if not self.composite:
            return getattr(obj, self.key)
        return tuple(_field_value(obj, key) for key in self.key)

    def find_existing(self, keys: list[Hashable]) -> dict[Hashable, models.Model]:
        """The stored rows of these keys, by key. Unscoped on purpose: a key owned outside the
        scope must be refused, not duplicated. The default looks the key's (first) field up
        in chunks of LOOKUP_CHUNK."""
        first = self.key_columns[0]
        values = list(dict.fromkeys(k[0] for k in keys)) if self.composite else keys
        wanted = set(keys) if self.composite else None
        manager = self.model._default_manager
        found = {}
        for start in range(0, len(values), LOOKUP_CHUNK):
            for obj in manager.filter(**{f"{first}__in": values[start : start + LOOKUP_CHUNK]}):
                key = self.stored_key(obj)
                if wanted is None or key in wanted:
                    found[key] = obj
        return found

    def keys_in_scope(self, existing: dict[Hashable, models.Model]) -> set[Hashable]:
        """The keys of stored rows the user may change; the others are refused by
        `outside_scope`. Looked up by pk: the scope's own index would make the database walk
        the whole scope for each chunk. An importer whose scope is another row's (a payment's
        is its payer's) returns every key and checks that row in `to_fields`."""
        scoped = self.model._default_manager.visible_to(self.user, "change")
        by_pk = {obj.pk: key for key, obj in existing.items()}
        pks = list(by_pk)
        found: set[Hashable] = set()
        for start in range(0, len(pks), LOOKUP_CHUNK):
            chunk = scoped.filter(pk__in=pks[start : start + LOOKUP_CHUNK])
            found.update(by_pk[pk] for pk in chunk.values_list("pk", flat=True))
        return found

    def check_row(
        self, fields: dict[str, Any], obj: models.Model | None, error: Callable[[str, str], None]
    ) -> None:
        """The checks of a row `to_fields` found nothing wrong with: by default the model's
        date rules and closed years (`check_dates`)."""
        self.check_dates(self.model, fields, obj, error)

    def planned(self, result: ImportResult) -> None:
        """Called once every row is planned: add notes on what else the commit writes."""

    def check_dates(
        self,
        model: type[models.Model],
        fields: dict[str, Any],
        obj: models.Model | None,
        error: Callable[[str, str], None],
    ) -> None:
        """Report the date rules (apps.core.lifecycle) that a row of `model` with these
        values would break, and a change to an approved year (apps.core.closing): the check
        refuses what the form would refuse. `obj` is the stored row, None for a new one."""
        values = merged_values(fields, obj)
        for name, messages in date_errors(model, values).items():
            error(name, messages[0])
        self.check_closing(model, obj, values, error)

    def check_closing(
        self,
        model: type[models.Model],
        stored: models.Model | None,
        values: Callable[[str], Any] | None,
        error: Callable[[str, str], None],
    ) -> None:
        """Refuse a row (`values`; None: the stored row ends) that would change an approved
        year's figures."""
        before = instance_values(stored) if stored is not None else None
        if closed := closing_error(model, before, values, self.closed_periods):
            error(*closed)

    def outside_scope(self, obj: models.Model, error: Callable[[str, str], None]) -> bool:
        """A row's key names a row outside the user's scope: refuse it (the default), or
        return True to let `to_fields` decide (e.g. a member who left a union elsewhere)
        — without telling anything of the stored row."""
        error(self.key_columns[0], "该记录已由其他工会组织登记，不在您的管辖范围内，不能导入或修改")
        return False

    def write(
        self, new: list[Any], changed: list[models.Model], fields: list[str], reason: str
    ) -> None:
        """Write the rows; the default bulk-creates and bulk-updates with history. `new` holds
        model instances, or rows (attname → value) when the importer inserts by key."""
        if new and self.insert_by_key:
            insert_with_history(self.model, new, key=self.key, user=self.user, reason=reason)
        elif new:
            bulk_create_with_history(
                new,
                self.model,
                batch_size=WRITE_BATCH,
                default_user=self.user,
                default_change_reason=reason,
            )
        if changed:
            bulk_update_with_history(
                changed,
                self.model,
                fields=fields,
                batch_size=WRITE_BATCH,
                default_user=self.user,
                default_change_reason=reason,
            )

    # -- engine ----------------------------------------------------------

    def run(
        self,
        fileobj: IO[bytes],
        filename: str,
        *,
        commit: bool,
        progress: Progress = no_progress,
    ) -> ImportResult:
        """Validate the whole file; when `commit` and nothing is wrong, write it atomically."""
        result = ImportResult()
        self.filename = filename
        try:
            records = self._read(fileobj, filename, result, progress)
        except SpreadsheetError as exc:
            raise ImportFileError(str(exc)) from exc
        if not records and not result.errors:
            raise ImportFileError("文件中没有数据行：表头下面是空的。")
        keys = {c.header: c.key for c in self.columns}
        self.unreadable_cells: dict[int, set[str]] = {}
        for e in result.errors:
            self.unreadable_cells.setdefault(e.row, set()).add(keys.get(e.column, e.column))
        self.closed_periods = closed_periods()  # once per file, for check_closing
        self.prepare(records)
        plan = self._plan(records, result, progress, commit=commit)
        del records  # the write needs only the plan: a large file's rows are let go
        result.errors.sort(key=lambda e: e.row)
        if result.errors or not commit:
            return result
        new, changed, fields = plan
        # Progress is not reported inside the transaction: no other connection could see it.
        progress("写入", 0, len(new) + len(changed))
        try:
            with transaction.atomic():
                self.write(new, changed, fields, reason=f"Excel导入：{filename}")
        except DatabaseError as exc:
            # What the check passes the commit writes; if the database still refuses (a rule
            # the check does not know, another user's write in between), nothing is written.
            logger.exception("import of %s refused by the database", filename)
            raise ImportCommitError(
                "写入时数据库拒绝了文件中的数据，未导入任何数据。请重新上传文件再试一次；"
                "如仍失败，请把文件交给系统管理员核查。"
            ) from exc
        result.committed = True
        if len(new) + len(changed) >= STATISTICS_AFTER_ROWS:
            refresh_statistics(self.model)
        return result

    def _read(
        self, fileobj: IO[bytes], filename: str, result: ImportResult, progress: Progress
    ) -> list[Record]:
        """Parse every row; parse errors go to result. A
        one-column key repeated in the file is an error here (a row pasted twice is one row);
        a composite key is checked once the rows' keys are known (`_keyed`)."""
        records, self.absent_columns = read_table(
            fileobj, filename, self.columns, self.kept_elsewhere, result, progress
        )
        if self.composite or not self.unique_keys:
            result.rows = len(records)
            return records
        kept = []
        seen: dict[Any, Record] = {}
        repeated = 0
        key_header = self.key_header
        for record in records:
            key = record.get(self.key)
            if key is not None:
                if key in seen:
                    first = seen[key]
                    if first == record:  # the same row pasted twice: one row
                        repeated += 1
                        continue
                    result.errors.append(
                        RowError(
                            record.row, key_header, record.cell(self.key), f"与第{first.row}行重复"
                        )
                    )
                seen.setdefault(key, record)
            kept.append(record)
        result.rows = len(kept)
        if repeated:
            result.notes.append(f"文件中有{repeated}行与前面的行完全相同，按一行计。")
        return kept

    def _plan(self, records, result: ImportResult, progress: Progress, *, commit: bool):
        """Match rows to existing ones by key; return (new, changed, changed field names).
        A check only counts the new rows; only a commit builds them (memory)."""
        headers = self.headers
        keyed, row_keys, flagged = self._keyed(records, result)
        keys = [key for key in row_keys if not (self.composite and None in key)]
        existing = self.existing = self.find_existing(keys)
        in_scope = self.keys_in_scope(existing)
        # Rows of the file that name rows outside the scope: logged for the city, and the
        # answer for them never shows what is stored (apps.core.foreign).
        outside = [k for k in existing if k not in in_scope and isinstance(k, str)]
        self.foreign_allowed = foreign.note(self.user, outside, f"{self.label}导入")
        may_add = self.user.has_perm(self._perm("add"))
        new, changed, changed_fields = [], [], set()
        olds: list[tuple[int, list[tuple[str, Any, Any]]]] = []  # changes to describe
        for done, (record, key) in enumerate(zip(keyed, row_keys, strict=True)):
            if done % PROGRESS_EVERY == 0:
                progress("校验", done, len(keyed))
            row_no = record.row
            errors_before = len(result.errors)
            error = self._row_error(result, record)
            self.row_key = key
            self.unreadable = self.unreadable_cells.get(row_no, set())
            obj = existing.get(key)
            if obj is not None and key not in in_scope and not self.outside_scope(obj, error):
                continue
            if obj is None and not may_add:
                error(self.key_columns[0], "您没有新增记录的权限")
                continue
            try:
                fields = self.to_fields(record, error)
            except RowConflict as conflict:
                result.conflicts.append(
                    RowError(
                        row_no, headers[conflict.key], record.cell(conflict.key), conflict.message
                    )
                )
                continue
            if obj is not None and self.absent_columns:
                fields = {k: v for k, v in fields.items() if k not in self.absent_columns}
            if len(result.errors) == errors_before and row_no not in flagged:
                self.check_row(fields, obj, error)
            if len(result.errors) > errors_before or row_no in flagged:
                continue
            if obj is None:
                if commit:
                    new.append(
                        self._new_row(fields) if self.insert_by_key else self.model(**fields)
                    )
                result.created += 1
                result.changes.append(RowChange(row_no, self._key_label(key, record), "新增"))
                continue
            diff = [
                name
                for name, value in fields.items()
                if _field_value(obj, name) != _comparable(value)
            ]
            if diff:
                olds.append(
                    (len(result.changes), [(n, _field_value(obj, n), fields[n]) for n in diff])
                )
                label = self._key_label(key, record)
                result.changes.append(RowChange(row_no, label, self.change_kind(obj)))
                for name in diff:
                    setattr(obj, name, fields[name])
                changed.append(obj)
                changed_fields.update(diff)
                result.updated += 1
            else:
                result.unchanged += 1
        self.planned(result)
        describe_changes(self.model, result.changes, olds)
        return new, changed, sorted(changed_fields)

    def _keyed(
        self, records: list[Record], result: ImportResult
    ) -> tuple[list[Record], list[Hashable], set[int]]:
        """The rows that have a natural key, their keys, and the rows (numbers) where
        `natural_key` reported an error (still checked, never written); a composite key an
        earlier row has is merged into that row or refused (`repeated_key_message`)."""
        column, message = self.repeated_key_message
        column = column or self.key_columns[-1]
        seen: dict[Hashable, Record] = {}
        keyed, keys, flagged = [], [], set()
        for record in records:
            error = self._row_error(result, record)
            errors_before = len(result.errors)
            key = self.natural_key(record, error)
            if key is None:
                continue
            if self.composite and None not in key:
                if key in seen:
                    if not self.merge(seen[key], record):
                        error(column, message.format(row=seen[key].row))
                    continue
                seen[key] = record
            keyed.append(record)
            keys.append(key)
            if len(result.errors) > errors_before:
                flagged.add(record.row)
        return keyed, keys, flagged

    def _row_error(self, result: ImportResult, record: Record):
        """The `error(key, reason)` of one row: the column's header and the cell as typed."""
        headers = self.headers

        def error(key: str, message: str) -> None:
            result.errors.append(
                RowError(record.row, headers.get(key, key), record.cell(key), message)
            )

        return error

    def _key_label(self, key: Any, record: Record) -> str:
        """How the preview names a row: its key, the key's cells as typed when composite."""
        if not self.composite:
            return str(key)
        return " ".join(filter(None, (record.cell(column) for column in self.key)))

    def change_kind(self, obj: models.Model) -> str:
        """The preview's word for a changed row (an importer may say more: 转入, 重新入会)."""
        return "修改"

    def _new_row(self, fields: dict[str, Any]) -> dict[str, Any]:
        """A new row for insert_with_history: `fields` by attname (a related row by its pk),
        the model's defaults for the others. 100,000 model instances would cost seconds."""
        row = default_row(self.model, **fields)
        for name, attname in self._relations:
            if name in row:
                related = row.pop(name)
                row[attname] = getattr(related, "pk", related)
        return row

    @cached_property
    def _relations(self) -> list[tuple[str, str]]:
        """(name, attname) of the model's foreign keys ("union", "union_id")."""
        return [
            (f.name, f.attname) for f in self.model._meta.concrete_fields if f.name != f.attname
        ]

    @cached_property
    def headers(self) -> dict[str, str]:
        """The header an error names, by column key or model field (a date rule may be about
        a field no column has, such as a membership's union)."""
        names = {f.name: str(f.verbose_name) for f in self.model._meta.fields}
        return names | {c.key: c.header for c in self.columns}

    def _perm(self, action: str) -> str:
        opts = self.model._meta
        return f"{opts.app_label}.{action}_{opts.model_name}"

    # -- export and template ------------------------------------------------

    def template(self) -> list[TemplateColumn]:
        """The template's columns, with what each takes (from its parser)."""
        return [template_column(c) for c in self.columns]

    def export_row(self, obj: models.Model) -> list[Any]:
        return [read(obj) for read in self._readers]

    @cached_property
    def _readers(self) -> list[Callable[[models.Model], Any]]:
        """One function per column, worked out once: an export calls them a million times."""
        return [column.export or display_reader(self.model, column.key) for column in self.columns]


def _field_value(obj: models.Model, name: str) -> Any:
    """The value to compare with an imported one (FKs compared by id, not by fetching)."""
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname)
    return getattr(obj, name)


def _comparable(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value
