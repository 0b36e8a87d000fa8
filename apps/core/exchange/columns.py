"""Column and the cell parsers: what people type in a ledger's spreadsheet, read as values.

A parser turns one cell into a Python value or raises ValueError with a Chinese reason. Empty
cells never reach a parser: they become None (or a required-column error). A parser may carry
a `note` (the template's 填写说明) and `choices` (the template's drop-down list).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from ..validators import (
    normalize_code,
    normalize_mobile,
    validate_id_number,
    validate_uscc,
)
from .excel import TemplateColumn

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


def template_column(column: Column) -> TemplateColumn:
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


def display_reader(model: type[models.Model], key: str) -> Callable[[models.Model], Any]:
    """How the export writes a field: a choice by its label, a related row by its name."""
    field = model._meta.get_field(key)
    labels = dict(field.flatchoices) if field.choices else None
    if labels is not None:
        return lambda obj: labels.get(value, value) if (value := getattr(obj, key)) else ""
    if field.is_relation:
        return lambda obj: "" if getattr(obj, field.attname) is None else str(getattr(obj, key))
    return lambda obj: getattr(obj, key)
