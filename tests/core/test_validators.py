"""Tests for apps.core.validators: USCC, resident ID numbers and mobile numbers (no database)."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.core.validators import (
    id_check_char,
    id_number_facts,
    make_id_number,
    make_uscc,
    normalize_code,
    normalize_mobile,
    uscc_check_char,
    validate_id_number,
    validate_mobile,
    validate_uscc,
)

# Published 统一社会信用代码 of well-known companies (public registration records).
PUBLISHED_USCCS = [
    pytest.param("91110000802100433B", id="北京百度网讯科技有限公司"),
    pytest.param("914403001922038216", id="华为技术有限公司"),
    pytest.param("91440300708461136T", id="深圳市腾讯计算机系统有限公司"),
    pytest.param("91110108551385082Q", id="小米科技有限责任公司"),
    pytest.param("91110000710925462X", id="中国石油天然气股份有限公司"),
]

# The examples printed in GB 11643-1999.
GB11643_EXAMPLE_1949 = "11010519491231002X"  # 北京市朝阳区, 1949-12-31, female
GB11643_EXAMPLE_1880 = "440524188001010014"  # 广东省汕头市潮阳县, 1880-01-01, male

FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def error_of(validator: Callable[[str], object], value: str) -> ValidationError:
    """Run *validator* on *value* and return the ValidationError it must raise."""
    with pytest.raises(ValidationError) as info:
        validator(value)
    return info.value


def with_id_check_char(first17: str) -> str:
    """Complete 17 digits with their correct check char (so only other parts can be wrong)."""
    return first17 + id_check_char(first17)


# --- normalize_code ------------------------------------------------------------------------


def test_normalize_code_turns_full_width_digits_and_letters_into_upper_case_ascii() -> None:
    assert normalize_code("９１４４０３ａｂｃ") == "914403ABC"


def test_normalize_code_removes_ideographic_space_nbsp_tabs_and_zero_width_space() -> None:
    assert normalize_code("\u3000 9111\u00a00000\t8021\u200b00433b \n") == "91110000802100433B"


def test_normalize_code_leaves_an_already_clean_code_unchanged() -> None:
    assert normalize_code("91110000802100433B") == "91110000802100433B"


# --- 统一社会信用代码 ----------------------------------------------------------------------


@pytest.mark.parametrize("uscc", PUBLISHED_USCCS)
def test_published_uscc_is_accepted(uscc: str) -> None:
    validate_uscc(uscc)


@pytest.mark.parametrize("uscc", PUBLISHED_USCCS)
def test_uscc_check_char_reproduces_the_published_check_char(uscc: str) -> None:
    assert uscc_check_char(uscc[:17]) == uscc[17]


def test_uscc_check_char_of_31_becomes_0() -> None:
    # 17 zeros sum to 0, so 31 - 0 % 31 = 31, which the standard maps to "0".
    assert uscc_check_char("0" * 17) == "0"


def test_uscc_in_full_width_characters_is_accepted() -> None:
    validate_uscc("９１４４０３００１９２２０３８２１６")
    validate_uscc("９１４４０３００７０８４６１１３６Ｔ")


def test_uscc_in_lower_case_with_surrounding_spaces_is_accepted() -> None:
    validate_uscc("  91110108551385082q\u3000")
    validate_uscc("\u00a091110000802100433b\t")


def test_uscc_with_spaces_between_groups_is_accepted() -> None:
    validate_uscc("9 1 440300 708461136 T")


USCC_TYPO = "统一社会信用代码校验位错误：有字符录错，请对照营业执照（登记证书）逐位核对"


def test_uscc_with_wrong_check_char_never_proposes_one() -> None:
    """Typing the proposed character in would make a valid-looking wrong code."""
    error = error_of(validate_uscc, "914403001922038217")
    assert error.messages == [USCC_TYPO]
    assert error.code == "invalid_uscc"


def test_uscc_with_wrong_letter_check_char_is_refused_without_a_hint() -> None:
    error = error_of(validate_uscc, "91110000802100433C")
    assert error.messages == [USCC_TYPO] and "B" not in error.messages[0]


def test_uscc_with_a_mistyped_body_char_fails_the_check() -> None:
    error = error_of(validate_uscc, "91110000802100434B")
    assert error.code == "invalid_uscc"
    assert error.messages[0].startswith("统一社会信用代码校验位错误")


@pytest.mark.parametrize(
    ("value", "length"),
    [
        ("91440300192203821", 17),
        ("9144030019220382166", 19),
        ("", 0),
        ("91110000802100433B91110000802100433B", 36),
    ],
)
def test_uscc_of_wrong_length_reports_the_length_found(value: str, length: int) -> None:
    error = error_of(validate_uscc, value)
    assert error.messages == [f"统一社会信用代码应为18位，当前为{length}位"]
    assert error.code == "invalid_uscc"


def test_uscc_length_is_counted_after_removing_spaces() -> None:
    error = error_of(validate_uscc, " 9144 0300 1922 0382 1 ")
    assert error.messages == ["统一社会信用代码应为18位，当前为17位"]


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_uscc_with_letter_outside_the_charset_names_the_letter(letter: str) -> None:
    error = error_of(validate_uscc, f"91110000{letter}02100433B")
    assert error.messages == [f"统一社会信用代码含有非法字符“{letter}”"]
    assert error.code == "invalid_uscc"


def test_uscc_with_lower_case_o_is_reported_as_upper_case_o() -> None:
    error = error_of(validate_uscc, "91110000802100o33B")
    assert error.messages == ["统一社会信用代码含有非法字符“O”"]


def test_uscc_with_several_illegal_chars_names_each_once() -> None:
    error = error_of(validate_uscc, "9111000O8I2100O33-")
    assert error.messages == ["统一社会信用代码含有非法字符“O”、“I”、“-”"]


def test_uscc_with_chinese_character_names_it() -> None:
    error = error_of(validate_uscc, "91110000802100433号")
    assert error.messages == ["统一社会信用代码含有非法字符“号”"]


@pytest.mark.parametrize("first17", ["9144030019220382", "914403001922038216", "9144030019220O821"])
def test_uscc_check_char_refuses_input_that_is_not_17_charset_chars(first17: str) -> None:
    with pytest.raises(ValueError):
        uscc_check_char(first17)


# --- 居民身份证号 --------------------------------------------------------------------------


def test_gb11643_example_id_number_is_accepted() -> None:
    validate_id_number(GB11643_EXAMPLE_1949)


@pytest.mark.parametrize("id_number", [GB11643_EXAMPLE_1949, GB11643_EXAMPLE_1880])
def test_id_check_char_reproduces_the_gb11643_examples(id_number: str) -> None:
    assert id_check_char(id_number[:17]) == id_number[17]


def test_gb11643_example_born_in_1880_is_rejected_because_the_birth_year_is_before_1900() -> None:
    error = error_of(validate_id_number, GB11643_EXAMPLE_1880)
    assert error.messages == ["身份证号中的出生日期无效：18800101"]


def test_id_number_with_lower_case_x_is_accepted() -> None:
    validate_id_number("11010519491231002x")


def test_id_number_in_full_width_with_surrounding_spaces_is_accepted() -> None:
    validate_id_number("\u3000" + GB11643_EXAMPLE_1949.translate(FULL_WIDTH_DIGITS) + " ")
    validate_id_number("１１０１０５１９４９１２３１００２ｘ")


def test_id_number_with_wrong_check_char_never_proposes_one() -> None:
    error = error_of(validate_id_number, "110105194912310021")
    assert error.messages == ["身份证号校验位错误：有数字录错，请对照身份证逐位核对"]
    assert error.code == "invalid_id_number"


def test_id_number_with_x_where_a_digit_belongs_is_refused_without_a_hint() -> None:
    error = error_of(validate_id_number, "44052419800101001X")
    assert error.messages == ["身份证号校验位错误：有数字录错，请对照身份证逐位核对"]
    assert id_check_char("44052419800101001") not in error.messages[0]


@pytest.mark.parametrize(
    ("value", "length"),
    [("11010519491231002", 17), ("11010519491231002X1", 19), ("110105491231002", 15), ("", 0)],
)
def test_id_number_of_wrong_length_reports_the_length_found(value: str, length: int) -> None:
    error = error_of(validate_id_number, value)
    assert error.messages == [f"身份证号应为18位，当前为{length}位"]
    assert error.code == "invalid_id_number"


@pytest.mark.parametrize(
    "value", ["1101051949123100XX", "A1010519491231002X", "110105194912-1002X"]
)
def test_id_number_with_non_digit_in_first_17_is_rejected(value: str) -> None:
    error = error_of(validate_id_number, value)
    assert error.messages == ["身份证号前17位应为数字"]
    assert error.code == "invalid_id_number"


@pytest.mark.parametrize("birth", ["19490230", "19491301", "19490000", "19900229", "18991231"])
def test_id_number_with_invalid_birth_date_names_the_date(birth: str) -> None:
    error = error_of(validate_id_number, with_id_check_char(f"110105{birth}002"))
    assert error.messages == [f"身份证号中的出生日期无效：{birth}"]
    assert error.code == "invalid_id_number"


def test_id_number_born_on_leap_day_is_accepted() -> None:
    validate_id_number(with_id_check_char("11010519920229002"))


def test_id_number_born_tomorrow_is_rejected() -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%Y%m%d")
    error = error_of(validate_id_number, with_id_check_char(f"110105{tomorrow}002"))
    assert error.messages == [f"身份证号中的出生日期无效：{tomorrow}"]


def test_id_number_facts_give_birth_date_and_sex_of_the_gb11643_example() -> None:
    assert id_number_facts(GB11643_EXAMPLE_1949) == (date(1949, 12, 31), "female")


def test_id_number_facts_read_an_odd_17th_digit_as_male() -> None:
    assert id_number_facts(with_id_check_char("44052419800101001")) == (date(1980, 1, 1), "male")


def test_id_number_facts_accept_full_width_input_with_lower_case_x() -> None:
    facts = id_number_facts(" １１０１０５１９４９１２３１００２ｘ ")
    assert facts == (date(1949, 12, 31), "female")


def test_id_number_facts_refuse_an_invalid_id_number() -> None:
    error = error_of(id_number_facts, "110105194912310021")
    assert error.code == "invalid_id_number"


@pytest.mark.parametrize("first17", ["1101051949123100", "11010519491231002X", "1101051949123100A"])
def test_id_check_char_refuses_input_that_is_not_17_digits(first17: str) -> None:
    with pytest.raises(ValueError):
        id_check_char(first17)


# --- 手机号 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "13800138000",
        "+8613800138000",
        "+86 138-0013-8000",
        "86-138-0013-8000",
        "8613800138000",
        "008613800138000",
        "138 0013 8000",
        " 199\u30001234\u00a05678 ",
        "１３８００１３８０００",
        "＋８６－１３８－００１３－８０００",
    ],
)
def test_mainland_mobile_with_prefix_hyphens_or_spaces_is_accepted(value: str) -> None:
    validate_mobile(value)


@pytest.mark.parametrize(
    ("value", "digits"),
    [
        ("+86 138-0013-8000", "13800138000"),
        ("86-19912345678", "19912345678"),
        ("１５９ ００００ ００００", "15900000000"),
        ("13800138000", "13800138000"),
    ],
)
def test_normalize_mobile_returns_the_11_digits(value: str, digits: str) -> None:
    assert normalize_mobile(value) == digits


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("1380013800", id="10 digits"),
        pytest.param("138001380001", id="12 digits"),
        pytest.param("12345678901", id="starts with 12"),
        pytest.param("10086100861", id="starts with 10"),
        pytest.param("23800138000", id="does not start with 1"),
        pytest.param("+861380013800", id="+86 and 10 digits"),
        pytest.param("+8612345678901", id="+86 and starts with 12"),
        pytest.param("1380013800O", id="letter O"),
        pytest.param("010-62345678", id="Beijing landline"),
        pytest.param("", id="empty"),
    ],
)
def test_mobile_that_is_not_11_digits_starting_13_to_19_is_rejected(value: str) -> None:
    error = error_of(validate_mobile, value)
    assert error.messages == ["手机号应为以1开头的11位数字"]
    assert error.code == "invalid_mobile"


def test_normalize_mobile_raises_the_same_error_as_validate_mobile() -> None:
    error = error_of(normalize_mobile, "12345678901")
    assert error.code == "invalid_mobile"


# --- make_uscc -----------------------------------------------------------------------------


@pytest.mark.parametrize("seq", [0, 1, 42, 123_456_789, 999_999_999])
def test_made_uscc_validates(seq: int) -> None:
    uscc = make_uscc(seq)
    validate_uscc(uscc)
    assert uscc.startswith("91421000")
    assert uscc[8:17] == f"{seq:09d}"


@pytest.mark.parametrize("prefix", ["91421000", "12420000", "51110108", "Y1440300", "93421002"])
def test_made_uscc_with_another_prefix_validates_and_keeps_the_prefix(prefix: str) -> None:
    uscc = make_uscc(7, prefix=prefix)
    validate_uscc(uscc)
    assert uscc[:8] == prefix


def test_made_usccs_for_different_seqs_are_different() -> None:
    assert len({make_uscc(seq) for seq in range(1000)}) == 1000


@pytest.mark.parametrize("prefix", ["9142100", "914210000", "9142100O"])
def test_make_uscc_refuses_a_prefix_that_is_not_8_charset_chars(prefix: str) -> None:
    with pytest.raises(ValueError):
        make_uscc(1, prefix=prefix)


@pytest.mark.parametrize("seq", [-1, 1_000_000_000])
def test_make_uscc_refuses_a_seq_that_does_not_fit_9_digits(seq: int) -> None:
    with pytest.raises(ValueError):
        make_uscc(seq)


# --- make_id_number ------------------------------------------------------------------------


@pytest.mark.parametrize("seq", [0, 1, 250, 498])
@pytest.mark.parametrize("female", [False, True])
def test_made_id_number_validates_and_gives_back_birth_and_sex(seq: int, female: bool) -> None:
    birth = date(1972, 2, 29)
    id_number = make_id_number(seq, birth=birth, female=female)
    validate_id_number(id_number)
    assert id_number_facts(id_number) == (birth, "female" if female else "male")


def test_made_id_number_defaults_to_a_man_from_shashi_born_1985() -> None:
    id_number = make_id_number(3)
    assert id_number.startswith("42100219850101")
    assert id_number_facts(id_number) == (date(1985, 1, 1), "male")


def test_made_id_number_keeps_the_region() -> None:
    id_number = make_id_number(5, region="110105", birth=date(2000, 12, 31), female=True)
    assert id_number[:6] == "110105"
    assert id_number_facts(id_number) == (date(2000, 12, 31), "female")


def test_made_id_number_can_end_in_x() -> None:
    ending_in_x = [make_id_number(seq) for seq in range(499) if make_id_number(seq).endswith("X")]
    assert ending_in_x
    for id_number in ending_in_x:
        validate_id_number(id_number)


def test_made_id_numbers_are_distinct_for_every_seq_and_sex() -> None:
    numbers = {make_id_number(seq, female=female) for seq in range(499) for female in (False, True)}
    assert len(numbers) == 2 * 499


@pytest.mark.parametrize("seq", [-1, 499])
def test_make_id_number_refuses_a_seq_outside_0_to_498(seq: int) -> None:
    with pytest.raises(ValueError):
        make_id_number(seq)


@pytest.mark.parametrize("region", ["42100", "4210021", "42100A"])
def test_make_id_number_refuses_a_region_that_is_not_6_digits(region: str) -> None:
    with pytest.raises(ValueError):
        make_id_number(1, region=region)


@pytest.mark.parametrize("birth", [date(1899, 12, 31), timezone.localdate() + timedelta(days=1)])
def test_make_id_number_refuses_a_birth_date_the_validator_would_reject(birth: date) -> None:
    with pytest.raises(ValueError):
        make_id_number(1, birth=birth)
