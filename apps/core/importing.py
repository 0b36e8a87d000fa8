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
import logging
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from operator import itemgetter
from typing import IO, Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from . import foreign
from .closing import ClosedPeriod, closed_periods, closing_error
from .db import default_row, insert_with_history, refresh_statistics
from .excel import SpreadsheetError, TemplateColumn, read_sheets
from .lifecycle import date_errors, instance_values, merged_values
from .validators import (
    normalize_code,
    normalize_mobile,
    validate_id_number,
    validate_uscc,
)

logger = logging.getLogger(__name__)

HEADER_SCAN_ROWS = 20
LOOKUP_CHUNK = 500
WRITE_BATCH = 1000
STATISTICS_AFTER_ROWS = 1000  # imports at least this large refresh the planner's statistics
EXCEL_EPOCH = datetime.date(1899, 12, 30)
FIRST_SERIAL = 3653  # 1910-01-01 as an Excel serial number


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


_SCIENTIFIC = re.compile(r"\d(\.\d+)?[eE]\+?\d+")
EXCEL_NUMBER_DAMAGE = (
    "Excel把这个号码存成了数字（如 4.21002E+17），最后几位已经丢失，无法从文件还原。"
    "请把这一列设为“文本”格式，再对照证件重新录入（或在号码前加英文单引号 '）"
)


def excel_damaged(value: Any) -> bool:
    """Whether a long code reached us as Excel keeps a number: a double has 15–17 significant
    digits, so an 18-character ID number or USCC stored as one has lost its tail."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return len(f"{value:.0f}") >= 16
    return isinstance(value, str) and bool(_SCIENTIFIC.fullmatch(value.strip()))


def parse_code(validator: Callable[[str], None]) -> Callable[[Any], str]:
    """A code such as a USCC: full-width characters, spaces and lowercase letters normalized."""

    def parse(value: Any) -> str:
        if excel_damaged(value):
            raise ValueError(EXCEL_NUMBER_DAMAGE)
        code = normalize_code(clean_text(value))
        try:
            validator(code)
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from None
        return code

    return parse


parse_uscc = parse_code(validate_uscc)
parse_uscc.note = "18位统一社会信用代码，按文本格式填写"
parse_id_number = parse_code(validate_id_number)
parse_id_number.note = "18位居民身份证号，按文本格式填写，末位X大小写均可"


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
        # A serial before 1910 is a year (1985) or a year and month (1985.03) Excel kept as a
        # number, never a day any ledger records.
        if FIRST_SERIAL <= value < 80000:
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        if value < FIRST_SERIAL:
            raise ValueError("日期格式无法识别，请写成 2021-03-05 或 2021年3月5日")
        text = str(int(value))
    else:
        text = unicodedata.normalize("NFKC", clean_text(value))
    match = _DATE_PATTERN.fullmatch(text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if not match and re.fullmatch(r"\d{4,5}(\.0+)?", text):
        return parse_date(float(text))
    if not match:
        raise ValueError("日期格式无法识别，请写成 2021-03-05 或 2021年3月5日")
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValueError("不是有效的日期") from None


_YEAR_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?|(\d{4})(\d{2})")


def parse_year_month(value: Any) -> tuple[int, int]:
    """A year and month typed without a day: 1985.03 (which Excel keeps as the number
    1985.03), 1985-03, 1985/3, 1985年3月, 198503."""
    if isinstance(value, float) and 1900 <= value < 2100 and not value.is_integer():
        text = repr(value)  # 1985.03 → "1985.03", 1985.1 → "1985.1" (January)
    elif isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    else:
        text = unicodedata.normalize("NFKC", clean_text(value))
    match = _YEAR_MONTH.fullmatch(text)
    if not match:
        raise ValueError("年月格式无法识别，请写成 1985-03 或 1985年3月")
    year, month = (int(g) for g in (match[1] or match[3], match[2] or match[4]))
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        raise ValueError("不是有效的年月")
    return year, month


def parse_date_or_month(value: Any) -> datetime.date | tuple[int, int]:
    """A day, or (year, month) where only the month is typed (出生年月)."""
    try:
        return parse_year_month(value)
    except ValueError:
        return parse_date(value)


def parse_day_or_month_start(value: Any) -> datetime.date:
    """A day; a month typed alone (入会时间 1998.07) is read as its first day."""
    parsed = parse_date_or_month(value)
    return datetime.date(*parsed, 1) if isinstance(parsed, tuple) else parsed


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


parse_bool.choices = ["是", "否"]


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

    parse.choices = [str(label) for label in choices.labels]  # the template's drop-down
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
class RowChange:
    """What the commit does with one row (the preview): 新增, 修改 (with field: old → new),
    or an importer's own kind (a member moved between unions, re-admitted)."""

    row: int
    key: str
    kind: str
    detail: str = ""


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    header_row: int = 0
    committed: bool = False
    notes: list[str] = field(default_factory=list)  # shown on the preview, e.g. side effects
    ignored_columns: list[str] = field(default_factory=list)  # header cells naming no column
    errors: list[RowError] = field(default_factory=list)
    # Rows left out because they need another action first (e.g. a transfer); not errors.
    conflicts: list[RowError] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)  # every new or changed row

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFileError(Exception):
    """The whole file is unusable (unreadable, no header, missing columns)."""


class ImportCommitError(ImportFileError):
    """The database refused the checked rows at commit; the transaction wrote nothing."""


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


# What real sheets add around a header: 「其中：女职工」, 「#农民工」, 「含劳务派遣工」, units
# and required marks in brackets 「职工人数（人）」 「金额(元)」 「姓名（必填）」, colons, spaces,
# line breaks.
_HEADER_MARKS = re.compile(
    r"[(（]\s*(必填|选填|可选|人|名|个|家|户|元|万元|岁|次|小时|学时|%|％)\s*[)）]|[\s*＊:：#]"
)
_HEADER_PREFIX = re.compile(r"^(其中|含)")


def normalize_header(text: Any) -> str:
    text = unicodedata.normalize("NFKC", str(text or ""))
    return _HEADER_PREFIX.sub("", _HEADER_MARKS.sub("", text))


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


_TOTAL = re.compile(r".{0,8}(合计|总计|小计)|共计|累计|总数")
_FOOTER = re.compile(
    r"\s*(填表人|制表人|填报人|审核人|负责人|单位负责人|联系电话|填报单位|填表单位|填表日期|"
    r"制表日期|填报日期|填表说明|说明|备注|注)\s*[:：]"
)


def _not_data(row: list[Any], *, footer: bool) -> str:
    """'total' for a 合计 / 小计 row, 'footer' for the signature and notes lines under a table
    (「填表人：」「说明：」, and the short lines after the first of them), '' for a data row."""
    cells = [c for c in row if not _is_blank(c)]
    if any(_TOTAL.fullmatch(normalize_header(c)) for c in cells[:3] if isinstance(c, str)):
        return "total"
    first = unicodedata.normalize("NFKC", cells[0]) if isinstance(cells[0], str) else ""
    if _FOOTER.match(first) or footer and len(cells) <= 2:
        return "footer"
    return ""


def _row_list(rows: list[int]) -> str:
    shown = "、".join(map(str, rows[:10]))
    return shown + (f"等{len(rows)}" if len(rows) > 10 else "")


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
) -> tuple[int, dict[int, Column], Iterator[list[Any]], list[list[Any]], list[Any]]:
    """Find the header row among the first rows; return (index, column map, rest, the
    scanned rows below the header, the header row).

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
    header, above = scanned[index], scanned[index - 1] if index else []
    repeated = _repeated_columns(header, above, by_name, mapping)
    if repeated:
        raise ImportFileError(
            "；".join(
                f"“{column.header}”列出现了两次（第{_column_letter(first)}列和第"
                f"{_column_letter(second)}列）"
                for column, first, second in repeated
            )
            + "。请删去多余的一列，以免导入错误的那一列。"
        )
    return index, mapping, rows, scanned[index + 1 :], header


def _column_letter(col: int) -> str:
    """The letters Excel shows for a column (0 → A, 26 → AA)."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


ROW_NUMBER_HEADERS = {"序号", "序", "行号", "No.", "NO", "No"}  # numbering, not data


def unmatched_headers(header: list[Any], mapping: dict[int, Column]) -> list[tuple[int, str]]:
    """The header row's cells that name no column of the ledger (their data is not read):
    (column index, "E列“…”")."""
    return [
        (col, f"{_column_letter(col)}列“{_cell_display(cell).strip()}”")
        for col, cell in enumerate(header)
        if col not in mapping
        and not _is_blank(cell)
        and normalize_header(cell) not in ROW_NUMBER_HEADERS
    ]


def _candidates(row: list[Any], above: list[Any]) -> Iterator[tuple[int, list[str]]]:
    """Each header cell's names to look up: alone, under its group (a merged cell above), or
    the cell above it when it is empty (a header merged vertically)."""
    group = ""
    for col, cell in enumerate(row):
        upper = normalize_header(above[col]) if col < len(above) else ""
        group = upper or group
        own = normalize_header(cell)
        yield col, [own, group + own] if own else [upper]


def _match_row(row: list[Any], above: list[Any], by_name: dict[str, Column]) -> dict[int, Column]:
    mapping: dict[int, Column] = {}
    used: set[str] = set()
    for col, names in _candidates(row, above):
        for name in names:
            column = by_name.get(name)
            if column and column.key not in used:
                mapping[col] = column
                used.add(column.key)
                break
    return mapping


def _repeated_columns(
    row: list[Any], above: list[Any], by_name: dict[str, Column], mapping: dict[int, Column]
) -> list[tuple[Column, int, int]]:
    """Columns of the ledger that a second header cell names by the same words: which of the
    two holds the data cannot be told (a cell matched only under its group is another
    column of the sheet, e.g. 女职工 under 会员人数, and is not counted)."""
    first = {column.key: col for col, column in mapping.items()}
    repeated = []
    for col, names in _candidates(row, above):
        column = by_name.get(names[0])
        if col not in mapping and column is not None and column.key in first:
            repeated.append((column, first[column.key], col))
    return repeated


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
        keys = {c.header: c.key for c in self.columns}
        self.unreadable_cells: dict[int, set[str]] = {}
        for e in result.errors:
            self.unreadable_cells.setdefault(e.row, set()).add(keys.get(e.column, e.column))
        self.closed_periods = closed_periods()  # once per file, for check_closing
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

    def _read(self, fileobj: IO[bytes], filename: str, result: ImportResult, progress: Progress):
        """Parse every row: [(row number, record, raw values)]; parse errors go to result."""
        header_error: ImportFileError | None = None
        for sheet in read_sheets(fileobj, filename):
            try:
                index, mapping, rest, scanned, header = locate_header(sheet, self.columns)
            except ImportFileError as exc:
                header_error = header_error or exc
                continue
            break
        else:
            raise header_error or ImportFileError("文件中没有工作表。")
        found = {c.key for c in mapping.values()}
        # Columns of the ledger the file does not have: a stored row keeps those values (a
        # sheet of names and headcounts must not blank every address and phone).
        self.absent_columns = {c.key for c in self.columns} - found
        missing = [c.header for c in self.columns if c.required and c.key not in found]
        if missing:
            raise ImportFileError(
                f"缺少必填列：{'、'.join(missing)}。请在表头行（第{index + 1}行）补上这些列。"
            )
        result.header_row = index + 1
        if ignored := unmatched_headers(header, mapping):
            result.ignored_columns = [text for _, text in ignored]
            others = []
            for col, text in ignored:
                if place := self.kept_elsewhere.get(normalize_header(header[col])):
                    result.notes.append(f"{text}没有导入：{place}")
                else:
                    others.append(text)
            if others:
                result.notes.append(
                    f"以下{len(others)}列不是本台帐的列，其中的数据没有导入：{'、'.join(others)}。"
                    "如其中有要导入的数据，请把列名改成模板中的列名。"
                )
        positions = {column.key: col for col, column in mapping.items()}
        width = max(mapping) + 1
        numbered, rows = [], []
        skipped: dict[str, list[int]] = {"total": [], "footer": []}
        for offset, row in enumerate(itertools.chain(scanned, rest)):
            if offset % PROGRESS_EVERY == 0:
                progress("读取", offset, 0)
            if _is_blank_row(row):
                continue
            kind = _not_data(row, footer=bool(skipped["footer"]))
            if kind:
                skipped[kind].append(index + 2 + offset)
                continue
            numbered.append(index + 2 + offset)
            rows.append(row if len(row) >= width else [*row, *[None] * (width - len(row))])
        for kind, label in (("total", "合计（小计）行"), ("footer", "表下的签名、说明行")):
            if skipped[kind]:
                result.notes.append(
                    f"第{_row_list(skipped[kind])}行是{label}，不是数据，没有导入。"
                )
        parsed = [
            _parse_column(column, list(map(itemgetter(col), rows)), numbered, result.errors)
            for col, column in mapping.items()
        ]
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
        # Rows of the file that name rows outside the scope: logged for the city, and the
        # answer for them never shows what is stored (apps.core.foreign).
        outside = [k for k in existing if k not in in_scope and isinstance(k, str)]
        self.foreign_allowed = foreign.note(self.user, outside, f"{self.label}导入")
        may_add = self.user.has_perm(self._perm("add"))
        new, changed, changed_fields = [], [], set()
        olds: list[tuple[int, list[tuple[str, Any, Any]]]] = []  # changes to describe
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
            self.unreadable = self.unreadable_cells.get(row_no, set())
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
                    RowError(
                        row_no, headers[conflict.key], raw.get(conflict.key, ""), conflict.message
                    )
                )
                continue
            if obj is not None and self.absent_columns:
                fields = {k: v for k, v in fields.items() if k not in self.absent_columns}
            if len(result.errors) == errors_before:
                self.check_dates(self.model, fields, obj, error)
            if len(result.errors) > errors_before:
                continue
            if obj is None:
                new.append(self._new_row(fields) if self.insert_by_key else self.model(**fields))
                result.created += 1
                result.changes.append(RowChange(row_no, str(key), "新增"))
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
                result.changes.append(RowChange(row_no, str(key), self.change_kind(obj)))
                for name in diff:
                    setattr(obj, name, fields[name])
                changed.append(obj)
                changed_fields.update(diff)
                result.updated += 1
            else:
                result.unchanged += 1
        self._describe(result.changes, olds)
        return new, changed, sorted(changed_fields)

    def change_kind(self, obj: models.Model) -> str:
        """The preview's word for a changed row (an importer may say more: 转入, 重新入会)."""
        return "修改"

    def _describe(
        self, changes: list[RowChange], olds: list[tuple[int, list[tuple[str, Any, Any]]]]
    ) -> None:
        """Each changed row's fields as 「名称：old → new」, related rows by their names (the
        old ones looked up together, one query per related model); the fields derived from
        them (a member's union path, pinyin initials) are left out."""
        wanted: dict[type, set[Any]] = {}
        for _, diffs in olds:
            for name, old, _new in diffs:
                field = self.model._meta.get_field(name)
                if field.is_relation and old is not None:
                    wanted.setdefault(field.related_model, set()).add(old)
        names = {m: m._default_manager.in_bulk(list(ids)) for m, ids in wanted.items()}
        for index, diffs in olds:
            parts = []
            for name, old, new in diffs:
                field = self.model._meta.get_field(name)
                if not field.editable:
                    continue
                if field.is_relation:
                    old = names[field.related_model].get(old, old) if old is not None else None
                parts.append(f"{field.verbose_name}：{_shown(field, old)} → {_shown(field, new)}")
            changes[index].detail = "；".join(parts)

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

    def template(self) -> list[TemplateColumn]:
        """The template's columns, with what each takes (from its parser)."""
        return [_template_column(c) for c in self.columns]

    def export_row(self, obj: models.Model) -> list[Any]:
        return [read(obj) for read in self._readers]

    @cached_property
    def _readers(self) -> list[Callable[[models.Model], Any]]:
        """One function per column, worked out once: an export calls them a million times."""
        return [column.export or _display_reader(self.model, column.key) for column in self.columns]


# What a column's parser takes, for the template's 填写说明 (parsers may also carry their own
# `note` and `choices`).
_PARSER_NOTES = {
    parse_int: "整数",
    parse_decimal: "金额（元），可带两位小数",
    parse_date: "日期，如 2021-03-05、2021/3/5 或 2021年3月5日",
    parse_date_or_month: "日期或年月，如 1985-03-05 或 1985-03",
    parse_day_or_month_start: "日期，如 2021-03-05；只填年月（2021-03）时按该月1日",
    parse_phone: "11位手机号或固定电话（如 0716-8123456），按文本格式填写",
}
_NUMBER_PARSERS = {parse_int, parse_decimal}
_DATE_PARSERS = {parse_date, parse_date_or_month, parse_day_or_month_start}


def _template_column(column: Column) -> TemplateColumn:
    choices = getattr(column.parse, "choices", ())
    note = getattr(column.parse, "note", "") or _PARSER_NOTES.get(column.parse, "")
    if choices and not note:
        note = "从下拉列表中选择：" + "、".join(choices)
    return TemplateColumn(
        header=column.header,
        required=column.required,
        example=column.example,
        text=column.parse not in _NUMBER_PARSERS | _DATE_PARSERS,
        choices=choices,
        note=note or "文字",
    )


def _shown(field: models.Field, value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    return str(value)


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
