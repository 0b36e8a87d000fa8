"""Validators for Chinese identity codes: USCC, resident ID numbers and mobile numbers.

Pure Python: only Django's ``ValidationError`` and the standard library are used, so the
module can be imported (and tested) without Django settings.

* 统一社会信用代码 (USCC) follows GB 32100-2015.
* 居民身份证号 follows GB 11643-1999.
* 手机号 is a mainland mobile number (11 digits starting with 13–19).

Messages are Chinese and name what is wrong (the length found, the illegal character, the
expected check character) so that data-entry staff can fix the value without guessing.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

__all__ = [
    "id_check_char",
    "id_number_facts",
    "make_id_number",
    "make_uscc",
    "normalize_code",
    "normalize_mobile",
    "uscc_check_char",
    "validate_id_number",
    "validate_mobile",
    "validate_uscc",
]

# --- GB 32100-2015 统一社会信用代码 -------------------------------------------------------

USCC_LENGTH = 18
# 31 characters: digits and upper-case letters without I, O, Z, S, V.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_VALUES = {char: index for index, char in enumerate(USCC_CHARSET)}

# --- GB 11643-1999 居民身份证号 -----------------------------------------------------------

ID_NUMBER_LENGTH = 18
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_MAP = "10X98765432"
ID_MIN_BIRTH_YEAR = 1900
# Order codes are 2*seq+1 (men) or 2*seq+2 (women): 001–997 and 002–998.
ID_MAX_SEQ = 498

# --- 手机号 --------------------------------------------------------------------------------

MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
# Hyphen-like characters people type between digit groups (NFKC already maps U+FF0D).
_DASHES = str.maketrans("", "", "-\u2010\u2011\u2012\u2013\u2014\u2212")

_ASCII_DIGITS = frozenset("0123456789")
_DEFAULT_BIRTH = date(1985, 1, 1)


def normalize_code(value: str) -> str:
    """Return *value* NFKC-normalized, without whitespace or invisible format chars, upper-cased.

    NFKC turns full-width digits and letters (``９１Ａ``) into ASCII. All Unicode whitespace
    (including U+3000 ideographic space and NBSP) and format characters such as a zero-width
    space or a BOM pasted in from a spreadsheet are removed.
    """
    if value.isascii():  # the common case, and NFKC changes nothing in ASCII
        code = "".join(value.split()).upper()
        return value if code == value else code  # one string, not two, for a large import
    text = unicodedata.normalize("NFKC", value)
    kept = (ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")
    return "".join(kept).upper()


def _quote(chars: str) -> str:
    """Quote each character Chinese-style and join them with 、."""
    return "、".join(f"“{ch}”" for ch in chars)


# --- 统一社会信用代码 ----------------------------------------------------------------------


def uscc_check_char(first17: str) -> str:
    """Return the GB 32100-2015 check character for the first 17 characters of a USCC.

    Raises ``ValueError`` if *first17* is not 17 characters from the USCC character set.
    """
    if len(first17) != USCC_LENGTH - 1 or any(ch not in _USCC_VALUES for ch in first17):
        raise ValueError(f"expected 17 characters from {USCC_CHARSET!r}, got {first17!r}")
    total = sum(_USCC_VALUES[ch] * weight for ch, weight in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> None:
    """Raise ``ValidationError`` (code ``invalid_uscc``) unless *value* is a valid USCC.

    The value is normalized with :func:`normalize_code` first, so full-width characters,
    spaces and lower case are accepted.
    """
    code = normalize_code(value)
    if len(code) != USCC_LENGTH:
        raise ValidationError(
            "统一社会信用代码应为18位，当前为%(length)s位",
            code="invalid_uscc",
            params={"length": len(code)},
        )
    illegal = "".join(dict.fromkeys(ch for ch in code if ch not in _USCC_VALUES))
    if illegal:
        raise ValidationError(
            "统一社会信用代码含有非法字符%(chars)s",
            code="invalid_uscc",
            params={"chars": _quote(illegal)},
        )
    # No "right" check character is proposed: typing it in makes a valid-looking wrong code
    # out of a mistyped one; only the certificate can say which character is wrong.
    if code[17] != uscc_check_char(code[:17]):
        raise ValidationError(
            "统一社会信用代码校验位错误：有字符录错，请对照营业执照（登记证书）逐位核对",
            code="invalid_uscc",
        )


def make_uscc(seq: int, *, prefix: str = "91421000") -> str:
    """Build a valid USCC for test data from an 8-char *prefix* and a sequence number.

    *prefix* is the registration-department code, the organisation-type code and the 6-digit
    region code; *seq* (0–999999999) becomes the 9-digit zero-padded organisation-code body.
    """
    if len(prefix) != 8 or any(ch not in _USCC_VALUES for ch in prefix):
        raise ValueError(f"prefix must be 8 characters from {USCC_CHARSET!r}, got {prefix!r}")
    if not 0 <= seq <= 999_999_999:
        raise ValueError(f"seq must be between 0 and 999999999, got {seq}")
    first17 = f"{prefix}{seq:09d}"
    return first17 + uscc_check_char(first17)


# --- 居民身份证号 --------------------------------------------------------------------------


def id_check_char(first17: str) -> str:
    """Return the GB 11643-1999 check character (0–9 or X) for the first 17 digits.

    Raises ``ValueError`` if *first17* is not 17 ASCII digits.
    """
    if len(first17) != ID_NUMBER_LENGTH - 1 or not set(first17) <= _ASCII_DIGITS:
        raise ValueError(f"expected 17 digits, got {first17!r}")
    total = sum(map(operator.mul, map(int, first17), ID_WEIGHTS))
    return ID_CHECK_MAP[total % 11]


def _birth_date(digits: str) -> date | None:
    """Return the YYYYMMDD *digits* as a date, or ``None`` if it is not a plausible birth date."""
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    if born.year < ID_MIN_BIRTH_YEAR or born > timezone.localdate():
        return None
    return born


def validate_id_number(value: str) -> None:
    """Raise ``ValidationError`` (code ``invalid_id_number``) unless *value* is a valid ID number.

    Checks the length, the 17 leading digits, the birth date (a real date, year 1900 or later,
    not in the future) and the check character. Lower-case ``x`` is accepted.
    """
    number = normalize_code(value)
    if len(number) != ID_NUMBER_LENGTH:
        raise ValidationError(
            "身份证号应为18位，当前为%(length)s位",
            code="invalid_id_number",
            params={"length": len(number)},
        )
    if not set(number[:17]) <= _ASCII_DIGITS:
        raise ValidationError("身份证号前17位应为数字", code="invalid_id_number")
    if _birth_date(number[6:14]) is None:
        raise ValidationError(
            "身份证号中的出生日期无效：%(birth)s",
            code="invalid_id_number",
            params={"birth": number[6:14]},
        )
    # As for the USCC: the check character is never proposed (it would make a valid number
    # of another, real person out of a typo).
    if number[17] != id_check_char(number[:17]):
        raise ValidationError(
            "身份证号校验位错误：有数字录错，请对照身份证逐位核对", code="invalid_id_number"
        )


def id_number_facts(value: str, *, validated: bool = False) -> tuple[date, str]:
    """Return the birth date and sex (``"male"`` or ``"female"``) encoded in an ID number.

    The 17th digit is odd for men and even for women. Raises ``ValidationError`` if *value*
    is not a valid ID number (unchecked when the caller says it is `validated`).
    """
    if not validated:
        validate_id_number(value)
    number = normalize_code(value)
    born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    sex = "male" if int(number[16]) % 2 else "female"
    return born, sex


def make_id_number(
    seq: int,
    *,
    region: str = "421002",
    birth: date = _DEFAULT_BIRTH,
    female: bool = False,
) -> str:
    """Build a valid ID number for test data.

    The 3-digit order code is ``2*seq+1`` for men and ``2*seq+2`` for women, so *seq* runs
    from 0 to 498 and gives 499 distinct numbers per region, birth date and sex.
    """
    if len(region) != 6 or not set(region) <= _ASCII_DIGITS:
        raise ValueError(f"region must be 6 digits, got {region!r}")
    if not 0 <= seq <= ID_MAX_SEQ:
        raise ValueError(f"seq must be between 0 and {ID_MAX_SEQ}, got {seq}")
    birth_digits = f"{birth.year:04d}{birth.month:02d}{birth.day:02d}"
    if _birth_date(birth_digits) is None:
        raise ValueError(f"birth must be from {ID_MIN_BIRTH_YEAR} to today, got {birth}")
    order = 2 * seq + (2 if female else 1)
    first17 = f"{region}{birth_digits}{order:03d}"
    return first17 + id_check_char(first17)


# --- 手机号 --------------------------------------------------------------------------------


def normalize_mobile(value: str) -> str:
    """Return the 11 digits of a mainland mobile number.

    Whitespace and hyphens are removed and a leading ``+86``, ``0086`` or ``86`` country code
    is dropped. Raises ``ValidationError`` (code ``invalid_mobile``) if what remains is not
    11 digits starting with 13–19.
    """
    code = normalize_code(value)
    number = code.translate(_DASHES)
    number = code if number == code else number  # one string, not two, for a large import
    if number.startswith("+86"):
        number = number[3:]
    elif number.startswith("0086") and len(number) == 15:
        number = number[4:]
    elif number.startswith("86") and len(number) == 13:
        number = number[2:]
    if not MOBILE_RE.fullmatch(number):
        raise ValidationError("手机号应为以1开头的11位数字", code="invalid_mobile")
    return number


def validate_mobile(value: str) -> None:
    """Raise ``ValidationError`` (code ``invalid_mobile``) unless *value* is a mainland mobile."""
    normalize_mobile(value)


# A ledger year (缴纳年度, 评家年度, 命名年度): one rule for the model field, its form and importer.
LEDGER_YEARS = (2000, 2100)


def validate_ledger_year(year: int) -> None:
    if not LEDGER_YEARS[0] <= year <= LEDGER_YEARS[1]:
        raise ValidationError("年度应为四位年份，如 2026", code="year")


def mask_id_number(value: str) -> str:
    """4210**********123X: the region's first four and the last four, as every list shows
    ID numbers (members, cadres, assistants)."""
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}" if len(value) > 8 else value


def mask_mobile(value: str) -> str:
    """138****5678, as every list shows mobiles."""
    return f"{value[:3]}****{value[-4:]}" if len(value) == 11 else value


# What an export or a read-only view shows instead of personal data, by field name.
PERSONAL_MASKS = {"id_number": mask_id_number, "mobile": mask_mobile}
