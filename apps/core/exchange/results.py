"""What an import reports: the result of a file, its rows' errors and changes, and the
errors that stop a whole file."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models


@dataclass(slots=True)
class RowError:
    row: int  # the row number Excel shows
    column: str
    value: str
    message: str


@dataclass(slots=True)
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


def no_progress(stage: str, done: int, total: int) -> None:
    pass


def describe_changes(
    model: type[models.Model],
    changes: list[RowChange],
    olds: list[tuple[int, list[tuple[str, Any, Any]]]],
) -> None:
    """Each changed row's fields as 「名称：old → new」, related rows by their names (the
    old ones looked up together, one query per related model); the fields derived from
    them (a member's union path, pinyin initials) are left out."""
    wanted: dict[type, set[Any]] = {}
    for _, diffs in olds:
        for name, old, _new in diffs:
            field = model._meta.get_field(name)
            if field.is_relation and old is not None:
                wanted.setdefault(field.related_model, set()).add(old)
    names = {m: m._default_manager.in_bulk(list(ids)) for m, ids in wanted.items()}
    for index, diffs in olds:
        parts = []
        for name, old, new in diffs:
            field = model._meta.get_field(name)
            if not field.editable:
                continue
            if field.is_relation:
                old = names[field.related_model].get(old, old) if old is not None else None
            parts.append(f"{field.verbose_name}：{_shown(field, old)} → {_shown(field, new)}")
        changes[index].detail = "；".join(parts)


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
