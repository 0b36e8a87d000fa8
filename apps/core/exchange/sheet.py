"""Reading a ledger's sheet: the header row below title rows and across merged header cells,
the total and note rows that are not data, and each column parsed once per distinct cell."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import IO, Any

from .columns import Column, normalize_header
from .excel import read_sheets
from .results import PROGRESS_EVERY, ImportFileError, ImportResult, Progress, RowError

HEADER_SCAN_ROWS = 20


def cell_display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_blank_row(row: list[Any]) -> bool:
    return all(map(is_blank, row))


_TOTAL = re.compile(r".{0,8}(合计|总计|小计)|共计|累计|总数")
_FOOTER = re.compile(
    r"\s*(填表人|制表人|填报人|审核人|负责人|单位负责人|联系电话|填报单位|填表单位|填表日期|"
    r"制表日期|填报日期|填表说明|说明|备注|注)\s*[:：]"
)


def not_data(row: list[Any], *, footer: bool) -> str:
    """'total' for a 合计 / 小计 row, 'footer' for the signature and notes lines under a table
    (「填表人：」「说明：」, and the short lines after the first of them), '' for a data row."""
    cells = [c for c in row if not is_blank(c)]
    if any(_TOTAL.fullmatch(normalize_header(c)) for c in cells[:3] if isinstance(c, str)):
        return "total"
    first = unicodedata.normalize("NFKC", cells[0]) if isinstance(cells[0], str) else ""
    if _FOOTER.match(first) or footer and len(cells) <= 2:
        return "footer"
    return ""


def row_list(rows: list[int]) -> str:
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
    if is_blank(value):
        return _Invalid("必填项为空") if column.required else None
    try:
        return column.parse(value)
    except ValueError as exc:
        return _Invalid(str(exc))


_TEXT_TYPES = {str, type(None)}


def parse_column(
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
                shown = "" if is_blank(value) else cell_display(value)
                errors.append(RowError(numbered[i], column.header, shown, outcome.reason))
    return parsed


class Record(Mapping):
    """A row of the file: its parsed values by column key, read like a dict, with its row
    number and its cells as typed (for messages). The file's rows share one index of the
    keys; a value may be replaced (`merge` adds up amounts), no key added. About half a
    dict's memory, and the row needs no more objects for its number and cells."""

    __slots__ = ("index", "values", "row", "cells")

    def __init__(self, index: dict[str, int], values: list[Any], row: int, cells: tuple) -> None:
        self.index, self.values, self.row, self.cells = index, values, row, cells

    def cell(self, key: str, default: str = "") -> str:
        """The cell of this column as the file shows it, turned into text only when asked:
        a file of 100,000 rows has nearly two million cells."""
        position = self.index.get(key)
        return default if position is None else cell_display(self.cells[position])

    def __getitem__(self, key: str) -> Any:
        return self.values[self.index[key]]

    def get(self, key: str, default: Any = None) -> Any:
        position = self.index.get(key)
        return default if position is None else self.values[position]

    def __setitem__(self, key: str, value: Any) -> None:
        self.values[self.index[key]] = value

    def __contains__(self, key: object) -> bool:
        return key in self.index

    def __iter__(self) -> Iterator[str]:
        return iter(self.index)

    def __len__(self) -> int:
        return len(self.index)

    def __repr__(self) -> str:
        return f"Record({dict(self)!r})"


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
        (col, f"{_column_letter(col)}列“{cell_display(cell).strip()}”")
        for col, cell in enumerate(header)
        if col not in mapping
        and not is_blank(cell)
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


def _shared(texts: dict[str, str], value: Any) -> Any:
    """The one object of this text in its column (`texts`); other cells as they are."""
    return texts.setdefault(value, value) if value.__class__ is str else value


def read_table(
    fileobj: IO[bytes],
    filename: str,
    columns: Sequence[Column],
    kept_elsewhere: dict[str, str],
    result: ImportResult,
    progress: Progress,
) -> tuple[list[Record], set[str]]:
    """Parse every row of the first sheet that has the ledger's header: (the records, the
    ledger's columns the file does not have); parse errors, the ignored header cells and
    the skipped rows go to `result`."""
    header_error: ImportFileError | None = None
    sheets = read_sheets(fileobj, filename)  # held: the sheet read below is still open
    for sheet in sheets:
        try:
            index, mapping, rest, scanned, header = locate_header(sheet, columns)
        except ImportFileError as exc:
            header_error = header_error or exc
            continue
        break
    else:
        raise header_error or ImportFileError("文件中没有工作表。")
    found = {c.key for c in mapping.values()}
    # Columns of the ledger the file does not have: a stored row keeps those values (a
    # sheet of names and headcounts must not blank every address and phone).
    absent = {c.key for c in columns} - found
    missing = [c.header for c in columns if c.required and c.key not in found]
    if missing:
        raise ImportFileError(
            f"缺少必填列：{'、'.join(missing)}。请在表头行（第{index + 1}行）补上这些列。"
        )
    result.header_row = index + 1
    if ignored := unmatched_headers(header, mapping):
        result.ignored_columns = [text for _, text in ignored]
        others = []
        for col, text in ignored:
            if place := kept_elsewhere.get(normalize_header(header[col])):
                result.notes.append(f"{text}没有导入：{place}")
            else:
                others.append(text)
        if others:
            result.notes.append(
                f"以下{len(others)}列不是本台帐的列，其中的数据没有导入：{'、'.join(others)}。"
                "如其中有要导入的数据，请把列名改成模板中的列名。"
            )
    # Each row keeps only the ledger's cells, and a text a column repeats (民族, the union's
    # name) is one object for all its rows: held as read, a large roster's rows took three
    # times the memory (docs/benchmarks.md).
    picked = list(mapping)
    positions = {column.key: i for i, column in enumerate(mapping.values())}
    width = max(mapping) + 1
    texts: list[dict[str, str]] = [{} for _ in picked]
    numbered, rows = [], []
    skipped: dict[str, list[int]] = {"total": [], "footer": []}
    for offset, row in enumerate(itertools.chain(scanned, rest)):
        if offset % PROGRESS_EVERY == 0:
            progress("读取", offset, 0)
        if is_blank_row(row):
            continue
        kind = not_data(row, footer=bool(skipped["footer"]))
        if kind:
            skipped[kind].append(index + 2 + offset)
            continue
        numbered.append(index + 2 + offset)
        if len(row) < width:
            row = [*row, *[None] * (width - len(row))]
        rows.append(tuple(map(_shared, texts, [row[col] for col in picked])))
    for kind, label in (("total", "合计（小计）行"), ("footer", "表下的签名、说明行")):
        if skipped[kind]:
            result.notes.append(f"第{row_list(skipped[kind])}行是{label}，不是数据，没有导入。")
    # Parsed a column at a time into each row's own list: never all columns at once.
    values = [list(row) for row in rows]
    for i, column in enumerate(mapping.values()):
        parsed = parse_column(column, list(map(itemgetter(i), rows)), numbered, result.errors)
        for row_values, value in zip(values, parsed, strict=True):
            row_values[i] = value
    records = [
        Record(positions, row_values, row_no, row)
        for row_no, row_values, row in zip(numbered, values, rows, strict=True)
    ]
    return records, absent
