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

import datetime
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from operator import itemgetter
from typing import IO, Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .db import default_row, insert_with_history, refresh_statistics
from .excel import SpreadsheetError, read_sheets
from .lifecycle import date_errors, merged_values
from .validators import (
    normalize_code,
    normalize_mobile,
    validate_id_number,
    validate_uscc,
)

HEADER_SCAN_ROWS = 20
LOOKUP_CHUNK = 500
WRITE_BATCH = 1000
STATISTICS_AFTER_ROWS = 1000  # imports at least this large refresh the planner's statistics
EXCEL_EPOCH = datetime.date(1899, 12, 30)


# ---------------------------------------------------------------- parsers
# A parser turns one cell into a Python value or raises ValueError with a Chinese reason.
# Empty cells never reach a parser: they become None (or a required-column error).


def clean_text(value: Any) -> str:
    """Cell → text without the spaces people leave around it (U+3000 and NBSP included)."""
    if isinstance(value, str) and value.isprintable() and "  " not in value:
        return value.strip()  # the common case: nothing to collapse
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\u3000", " ").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip()


def parse_text(value: Any) -> str:
    return clean_text(value)


def text_max(length: int) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = clean_text(value)
        if len(text) > length:
            raise ValueError(f"内容过长，最多{length}个字")
        return text

    return parse


def parse_code(validator: Callable[[str], None]) -> Callable[[Any], str]:
    """A code such as a USCC: full-width characters, spaces and lowercase letters normalized."""

    def parse(value: Any) -> str:
        code = normalize_code(clean_text(value))
        try:
            validator(code)
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from None
        return code

    return parse


parse_uscc = parse_code(validate_uscc)
parse_id_number = parse_code(validate_id_number)


def parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("应为整数")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("应为整数")
        value = int(value)
    if not isinstance(value, int):
        text = unicodedata.normalize("NFKC", clean_text(value)).replace(",", "").replace(" ", "")
        text = text.removesuffix("人")
        if not re.fullmatch(r"-?\d+(\.0+)?", text):
            raise ValueError("应为整数")
        value = int(float(text))
    if value < 0:
        raise ValueError("不能为负数")
    return value


def parse_decimal(value: Any) -> Decimal:
    text = unicodedata.normalize("NFKC", clean_text(value)).replace(",", "").replace(" ", "")
    text = text.removesuffix("元")
    try:
        amount = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError("应为金额数字") from None
    if amount < 0:
        raise ValueError("不能为负数")
    return amount


_DATE_PATTERN = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_date(value: Any) -> datetime.date:
    """The date forms people type: 2021-03-05, 2021/3/5, 2021.3.5, 2021年3月5日, 20210305,
    and Excel serial numbers (days since 1899-12-30)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 80000:
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        text = str(int(value))
    else:
        text = unicodedata.normalize("NFKC", clean_text(value))
    match = _DATE_PATTERN.fullmatch(text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if not match and re.fullmatch(r"\d{1,5}(\.0+)?", text):
        return parse_date(float(text))
    if not match:
        raise ValueError("日期格式无法识别，请写成 2021-03-05 或 2021年3月5日")
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValueError("不是有效的日期") from None


_TRUE = {"是", "有", "√", "✓", "Y", "YES", "TRUE", "1", "已", "已建立", "齐全"}
_FALSE = {"否", "无", "×", "✗", "N", "NO", "FALSE", "0", "未", "没有", "不齐全"}


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = normalize_code(clean_text(value))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError("请填写“是”或“否”")


def parse_choice(choices: type[models.Choices], aliases: dict[str, str] | None = None):
    """Accept a choice's Chinese label, its stored code, or an alias people use."""
    lookup = {str(label): value for value, label in choices.choices}
    lookup.update({value: value for value in choices.values})
    lookup.update(aliases or {})
    labels = "、".join(str(label) for label in choices.labels)

    def parse(value: Any) -> str:
        text = clean_text(value)
        if text in lookup:
            return lookup[text]
        raise ValueError(f"应为以下之一：{labels}")

    return parse


_LANDLINE = re.compile(r"(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?")


def parse_phone(value: Any) -> str:
    """A mobile (validated as 手机号) or a landline such as 0716-8123456."""
    text = normalize_code(clean_text(value)).replace("－", "-")
    digits = re.sub(r"\D", "", text)
    if digits.startswith("1") or text.startswith("+"):
        try:
            return normalize_mobile(text)
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from None
    if _LANDLINE.fullmatch(text):
        return text
    raise ValueError("应为11位手机号或固定电话（如 0716-8123456）")


# ---------------------------------------------------------------- engine


@dataclass(frozen=True)
class Column:
    """One column of a ledger's spreadsheet."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    parse: Callable[[Any], Any] = parse_text
    required: bool = False
    example: Any = ""
    # How the export writes the value; default: the model attribute named `key`.
    export: Callable[[Any], Any] | None = None

    def names(self) -> set[str]:
        return {normalize_header(name) for name in (self.header, *self.aliases)}


@dataclass
class RowError:
    row: int  # the row number Excel shows
    column: str
    value: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    header_row: int = 0
    committed: bool = False
    notes: list[str] = field(default_factory=list)  # shown on the preview, e.g. side effects
    errors: list[RowError] = field(default_factory=list)
    # Rows left out because they need another action first (e.g. a transfer); not errors.
    conflicts: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFileError(Exception):
    """The whole file is unusable (unreadable, no header, missing columns)."""


class RowConflict(Exception):
    """Raised by `to_fields`: the row is valid but is left out and listed as a conflict."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key, self.message = key, message


# progress(stage, done, total): how far a long import is, for the page's progress bar.
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 2000  # rows between two progress reports


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def normalize_header(text: Any) -> str:
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub(r"[（(]\s*(必填|选填|可选)\s*[)）]", "", text)
    return re.sub(r"[\s*＊:：]", "", text)


def _cell_display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_blank_row(row: list[Any]) -> bool:
    return all(map(_is_blank, row))


# A column's cells repeat (民族, 学历, the union's name…) and a parser is a function of the cell
# alone, so the file is read column by column and each distinct cell of a column is parsed
# once: the benchmark's roster of 100,000 rows parses one cell in five, and the loops over
# its 1.7 million cells run in C (map, zip, dict) rather than in Python.


@dataclass(frozen=True, slots=True)
class _Invalid:
    reason: str


def _parse_cell(column: Column, value: Any) -> Any:
    """The parsed value of one cell, or _Invalid(reason)."""
    if _is_blank(value):
        return _Invalid("必填项为空") if column.required else None
    try:
        return column.parse(value)
    except ValueError as exc:
        return _Invalid(str(exc))


_TEXT_TYPES = {str, type(None)}


def _parse_column(
    column: Column, values: list[Any], numbered: list[int], errors: list[RowError]
) -> list[Any]:
    """A column's parsed values, each distinct cell parsed once; bad cells become None and
    their errors go to `errors` (`numbered`: the row number of each value)."""
    # 1, 1.0 and True are equal dict keys but not to every parser: numbers are keyed by type
    text = set(map(type, values)) <= _TEXT_TYPES
    keys = values if text else list(zip(map(type, values), values, strict=True))
    distinct = dict(zip(keys, values, strict=True))
    outcomes = {key: _parse_cell(column, value) for key, value in distinct.items()}
    parsed = list(map(outcomes.__getitem__, keys))
    if any(outcome.__class__ is _Invalid for outcome in outcomes.values()):
        for i, outcome in enumerate(parsed):
            if outcome.__class__ is _Invalid:
                parsed[i], value = None, values[i]
                shown = "" if _is_blank(value) else _cell_display(value)
                errors.append(RowError(numbered[i], column.header, shown, outcome.reason))
    return parsed


class RowCells:
    """A row's cells by column key as the file shows them (for error messages), each turned
    into text only when asked: a file of 100,000 rows has nearly two million cells."""

    __slots__ = ("row", "positions")

    def __init__(self, row: list[Any], positions: dict[str, int]) -> None:
        self.row, self.positions = row, positions

    def get(self, key: str, default: str = "") -> str:
        col = self.positions.get(key)
        if col is None or col >= len(self.row):
            return default
        return _cell_display(self.row[col])

    def __getitem__(self, key: str) -> str:
        return self.get(key)


def locate_header(
    rows: Iterator[list[Any]], columns: Sequence[Column]
) -> tuple[int, dict[int, Column], Iterator[list[Any]], list[list[Any]]]:
    """Find the header row among the first rows; return (index, column map, rest, scanned).

    A header may span two rows when cells are merged ("职工人数" over "女职工 | 农民工"):
    each cell is matched alone, then with the nearest non-empty cell to its left in the row
    above prefixed (a merged cell keeps its text only in its first cell), then — when the cell
    is empty — as the cell above (a header merged vertically).
    """
    scanned: list[list[Any]] = []
    for row in rows:
        scanned.append(row)
        if len(scanned) >= HEADER_SCAN_ROWS:
            break
    by_name: dict[str, Column] = {}
    for column in columns:
        for name in column.names():
            by_name[name] = column
    best: tuple[int, dict[int, Column]] = (-1, {})
    for index, row in enumerate(scanned):
        above = scanned[index - 1] if index else []
        mapping = _match_row(row, above, by_name)
        if len(mapping) > len(best[1]):
            best = (index, mapping)
    if len(best[1]) < min(2, len(columns)):
        raise ImportFileError(
            "找不到表头行：前20行中没有识别出本台帐的列名。请使用下载的导入模板，"
            "或确认列名与模板一致（如“统一社会信用代码”“单位名称”）。"
        )
    index, mapping = best
    return index, mapping, rows, scanned[index + 1 :]


def _match_row(row: list[Any], above: list[Any], by_name: dict[str, Column]) -> dict[int, Column]:
    mapping: dict[int, Column] = {}
    used: set[str] = set()
    group = ""
    for col, cell in enumerate(row):
        upper = normalize_header(above[col]) if col < len(above) else ""
        group = upper or group
        own = normalize_header(cell)
        candidates = [own, group + own] if own else [upper]
        for name in candidates:
            column = by_name.get(name)
            if column and column.key not in used:
                mapping[col] = column
                used.add(column.key)
                break
    return mapping


class LedgerImporter:
    """Base of every ledger's importer. Subclasses set:

    name      -- the ledger's name on the command line and in URLs ("employers")
    model     -- the model written
    key       -- the natural key field the import upserts on ("uscc")
    columns   -- the Column specs; the first required ones form the template
    and implement `to_fields(record, error)`.
    """

    name: ClassVar[str]
    model: ClassVar[type[models.Model]]
    key: ClassVar[str]
    columns: ClassVar[Sequence[Column]]
    # Whether two rows of one file may share a key (an error when False).
    unique_keys: ClassVar[bool] = True
    # Whether `key` is unique in the table: new rows are then built as rows (attname → value)
    # rather than model instances, inserted with the driver's executemany or COPY, and their
    # pks read back by key (db.insert_with_history), for large files.
    insert_by_key: ClassVar[bool] = False
    # URL name of the page where the conflicts this importer records are worked through.
    conflicts_url_name: ClassVar[str] = ""
    registry: ClassVar[dict[str, type[LedgerImporter]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        LedgerImporter.registry[cls.name] = cls

    def __init__(self, user: Any) -> None:
        self.user = user
        # Rows already stored, by key, for the rows of the file (set before `to_fields`).
        self.existing: dict[Any, models.Model] = {}

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def key_header(self) -> str:
        """The key column's header: named by repeated-key errors and on the import page."""
        return next(c.header for c in self.columns if c.key == self.key)

    # -- hooks -----------------------------------------------------------

    def prepare(self, records: list[dict[str, Any]]) -> None:
        """Load in bulk what `to_fields` looks up (called once with all parsed records)."""

    def to_fields(
        self, record: dict[str, Any], error: Callable[[str, str], None]
    ) -> dict[str, Any]:
        """Model field values for one parsed record; report problems with error(key, reason),
        or raise RowConflict to leave a valid row out."""
        raise NotImplementedError

    def check_dates(
        self,
        model: type[models.Model],
        fields: dict[str, Any],
        obj: models.Model | None,
        error: Callable[[str, str], None],
    ) -> None:
        """Report the date rules (apps.core.lifecycle) that a row of `model` with these
        values would break: the check refuses what the form would refuse."""
        for name, messages in date_errors(model, merged_values(fields, obj)).items():
            error(name, messages[0])

    def outside_scope(self, obj: models.Model, error: Callable[[str, str], None]) -> bool:
        """A row's key names a row outside the user's scope: refuse it (the default), or
        return True to let `to_fields` decide (e.g. a member who left a union elsewhere)."""
        error(self.key, "该记录已由其他工会组织登记，不在您的管辖范围内，不能导入或修改")
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
        progress: Progress = _no_progress,
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
        self.prepare([r for _, r, _ in records])
        plan = self._plan(records, result, progress)
        result.errors.sort(key=lambda e: e.row)
        if result.errors or not commit:
            return result
        new, changed, fields = plan
        # Progress is not reported inside the transaction: no other connection could see it.
        progress("写入", 0, len(new) + len(changed))
        try:
            with transaction.atomic():
                self.write(new, changed, fields, reason=f"Excel导入：{filename}")
        except IntegrityError as exc:
            raise ImportFileError(f"写入数据库时发生冲突，未导入任何数据：{exc}") from exc
        result.committed = True
        if len(new) + len(changed) >= STATISTICS_AFTER_ROWS:
            refresh_statistics(self.model)
        return result

    def _read(self, fileobj: IO[bytes], filename: str, result: ImportResult, progress: Progress):
        """Parse every row: [(row number, record, raw values)]; parse errors go to result."""
        header_error: ImportFileError | None = None
        for sheet in read_sheets(fileobj, filename):
            try:
                index, mapping, rest, scanned = locate_header(sheet, self.columns)
            except ImportFileError as exc:
                header_error = header_error or exc
                continue
            break
        else:
            raise header_error or ImportFileError("文件中没有工作表。")
        found = {c.key for c in mapping.values()}
        missing = [c.header for c in self.columns if c.required and c.key not in found]
        if missing:
            raise ImportFileError(
                f"缺少必填列：{'、'.join(missing)}。请在表头行（第{index + 1}行）补上这些列。"
            )
        result.header_row = index + 1
        positions = {column.key: col for col, column in mapping.items()}
        width = max(mapping) + 1
        numbered, rows = [], []
        for offset, row in enumerate(itertools.chain(scanned, rest)):
            if offset % PROGRESS_EVERY == 0:
                progress("读取", offset, 0)
            if not _is_blank_row(row):
                numbered.append(index + 2 + offset)
                rows.append(row if len(row) >= width else [*row, *[None] * (width - len(row))])
        parsed = [_parse_column(column, list(map(itemgetter(col), rows)), numbered, result.errors)
                  for col, column in mapping.items()]  # fmt: skip
        keys = [column.key for column in mapping.values()]
        raws = [RowCells(row, positions) for row in rows]
        records = []
        seen: dict[Any, tuple[int, dict[str, Any]]] = {}
        repeated = 0
        key_header = self.key_header
        for row_no, raw, values in zip(numbered, raws, zip(*parsed, strict=True), strict=True):
            record = dict(zip(keys, values, strict=True))
            key = record.get(self.key)
            if key is not None and self.unique_keys:
                if key in seen:
                    first_row, first = seen[key]
                    if first == record:  # the same row pasted twice: one row
                        repeated += 1
                        continue
                    result.errors.append(
                        RowError(row_no, key_header, raw[self.key], f"与第{first_row}行重复")
                    )
                seen.setdefault(key, (row_no, record))
            records.append((row_no, record, raw))
        result.rows = len(records)
        if repeated:
            result.notes.append(f"文件中有{repeated}行与前面的行完全相同，按一行计。")
        return records

    def _plan(self, records, result: ImportResult, progress: Progress):
        """Match rows to existing ones by key; return (new, changed, changed field names)."""
        headers = self.headers
        keys = [r[self.key] for _, r, _ in records if r.get(self.key) is not None]
        existing = self.existing = self._existing(keys)
        in_scope = self._keys_in_scope(existing)
        may_add = self.user.has_perm(self._perm("add"))
        new, changed, changed_fields = [], [], set()
        for done, (row_no, record, raw) in enumerate(records):
            if done % PROGRESS_EVERY == 0:
                progress("校验", done, len(records))
            errors_before = len(result.errors)

            def error(key: str, message: str, row_no=row_no, raw=raw) -> None:
                result.errors.append(
                    RowError(row_no, headers.get(key, key), raw.get(key, ""), message)
                )

            key = record.get(self.key)
            if key is None:
                continue
            obj = existing.get(key)
            if obj is not None and key not in in_scope and not self.outside_scope(obj, error):
                continue
            if obj is None and not may_add:
                error(self.key, "您没有新增记录的权限")
                continue
            try:
                fields = self.to_fields(record, error)
            except RowConflict as conflict:
                result.conflicts.append(
                    RowError(row_no, headers[conflict.key], raw.get(conflict.key, ""),
                             conflict.message)
                )  # fmt: skip
                continue
            if len(result.errors) == errors_before:
                self.check_dates(self.model, fields, obj, error)
            if len(result.errors) > errors_before:
                continue
            if obj is None:
                new.append(self._new_row(fields) if self.insert_by_key else self.model(**fields))
                result.created += 1
                continue
            diff = [
                name
                for name, value in fields.items()
                if _field_value(obj, name) != _comparable(value)
            ]
            if diff:
                for name in diff:
                    setattr(obj, name, fields[name])
                changed.append(obj)
                changed_fields.update(diff)
                result.updated += 1
            else:
                result.unchanged += 1
        return new, changed, sorted(changed_fields)

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
        return [(f.name, f.attname) for f in self.model._meta.concrete_fields
                if f.name != f.attname]  # fmt: skip

    @cached_property
    def headers(self) -> dict[str, str]:
        """The header an error names, by column key or model field (a date rule may be about
        a field no column has, such as a membership's union)."""
        names = {f.name: str(f.verbose_name) for f in self.model._meta.fields}
        return names | {c.key: c.header for c in self.columns}

    def _perm(self, action: str) -> str:
        opts = self.model._meta
        return f"{opts.app_label}.{action}_{opts.model_name}"

    def _existing(self, keys: list[Any]) -> dict[Any, models.Model]:
        found = {}
        for start in range(0, len(keys), LOOKUP_CHUNK):
            chunk = keys[start : start + LOOKUP_CHUNK]
            # Unscoped on purpose: a key owned outside the scope must be refused, not duplicated.
            for obj in self.model._default_manager.filter(**{f"{self.key}__in": chunk}):
                found[getattr(obj, self.key)] = obj
        return found

    def _keys_in_scope(self, existing: dict[Any, models.Model]) -> set[Any]:
        """The keys of existing rows the user may change (looked up by pk: the scope's own
        index would make the database walk the whole scope for each chunk)."""
        scoped = self.model._default_manager.visible_to(self.user, "change")
        rows = list(existing.values())
        found: set[Any] = set()
        for start in range(0, len(rows), LOOKUP_CHUNK):
            pks = [obj.pk for obj in rows[start : start + LOOKUP_CHUNK]]
            found.update(scoped.filter(pk__in=pks).values_list(self.key, flat=True))
        return found

    # -- export and template ------------------------------------------------

    def export_row(self, obj: models.Model) -> list[Any]:
        return [read(obj) for read in self._readers]

    @cached_property
    def _readers(self) -> list[Callable[[models.Model], Any]]:
        """One function per column, worked out once: an export calls them a million times."""
        return [column.export or _display_reader(self.model, column.key) for column in self.columns]


def _field_value(obj: models.Model, name: str) -> Any:
    """The value to compare with an imported one (FKs compared by id, not by fetching)."""
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname)
    return getattr(obj, name)


def _comparable(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def _display_reader(model: type[models.Model], key: str) -> Callable[[models.Model], Any]:
    """How the export writes a field: a choice by its label, a related row by its name."""
    field = model._meta.get_field(key)
    labels = dict(field.flatchoices) if field.choices else None
    if labels is not None:
        return lambda obj: labels.get(value, value) if (value := getattr(obj, key)) else ""
    if field.is_relation:
        return lambda obj: "" if getattr(obj, field.attname) is None else str(getattr(obj, key))
    return lambda obj: getattr(obj, key)
