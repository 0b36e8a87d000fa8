"""The layout of 《基层工会组织建设基本情况统计表》 (DOMAIN.md "The statistics table"): its
column groups, headers and units, each column naming the stats figure that fills it."""

from __future__ import annotations

from dataclasses import dataclass

from apps.stats.figures import Figure, figures

TITLE = "基层工会组织建设基本情况统计表"
NOTE = (
    "注：建会率 = 已建会单位数 ÷ 单位总数；入会率 = 会员人数 ÷ 已建会单位职工人数。"
    "基层工会按所在单位的性质分列，联合基层工会没有单一的所在单位，另列。"
)
SIGNATURES = ("填表人：", "审核人：", "负责人：")


@dataclass(frozen=True)
class Column:
    """One column: its header path (group, then sub-headers, the last being its own label),
    its unit, and the figure key that fills it."""

    headers: tuple[str, ...]
    unit: str
    key: str

    @property
    def figure(self) -> Figure:
        return figures()[self.key]

    @property
    def is_rate(self) -> bool:
        return self.figure.rate is not None

    @property
    def label(self) -> str:
        """The column's full name as one line (logic checks, correction form)."""
        parts = [h for h in self.headers[1:] if h not in ("其中", "合计")]
        name = "·".join(parts) or self.headers[-1]
        return f"{self.headers[0]}·{name}"


def C(*headers: str, unit: str, key: str) -> Column:  # noqa: N802 (reads as a table)
    return Column(headers, unit, key)


COLUMNS: tuple[Column, ...] = (
    C("单位", "单位总数", unit="个", key="employers"),
    C("单位", "其中", "非公企业", unit="个", key="non_public"),
    C("单位", "其中", "新社会组织", unit="个", key="new_social"),
    C("单位", "已建会单位数", "合计", unit="个", key="unionized"),
    C("单位", "已建会单位数", "单独建会", unit="个", key="own"),
    C("单位", "已建会单位数", "联合工会涵盖", unit="个", key="covered"),
    C("单位", "建会率", unit="%", key="establishment_rate"),
    C("基层工会", "基层工会数", unit="个", key="unions"),
    C("基层工会", "其中", "企业（内资）", unit="个", key="unions_domestic_enterprise"),
    C("基层工会", "其中", "企业（港澳台）", unit="个", key="unions_hmt_enterprise"),
    C("基层工会", "其中", "企业（外商）", unit="个", key="unions_foreign_enterprise"),
    C("基层工会", "其中", "事业单位", unit="个", key="unions_institution"),
    C("基层工会", "其中", "机关", unit="个", key="unions_government"),
    C("基层工会", "其中", "个体经济组织", unit="个", key="unions_individual"),
    C("基层工会", "其中", "新社会组织", unit="个", key="unions_new_social"),
    C("基层工会", "其中", "联合基层工会", unit="个", key="joint"),
    C("基层工会", "联合工会涵盖单位数", unit="个", key="covered"),
    C("职工与会员", "职工人数", "合计", unit="人", key="employees"),
    C("职工与会员", "职工人数", "女职工", unit="人", key="women_employees"),
    C("职工与会员", "职工人数", "农民工", unit="人", key="migrant_workers"),
    C("职工与会员", "已建会单位职工人数", unit="人", key="unionized_employees"),
    C("职工与会员", "会员人数", "合计", unit="人", key="members"),
    C("职工与会员", "会员人数", "女会员", unit="人", key="women_members"),
    C("职工与会员", "会员人数", "农民工会员", unit="人", key="migrant_members"),
    C("职工与会员", "会员人数", "劳务派遣工会员", unit="人", key="dispatched_members"),
    C("职工与会员", "联合工会会员人数", unit="人", key="joint_members"),
    C("职工与会员", "入会率", unit="%", key="membership_rate"),
    C("本年新增", "新建基层工会", unit="个", key="new_unions"),
    C("本年新增", "新增涵盖单位", unit="个", key="new_covered"),
    C("本年新增", "新发展会员", "合计", unit="人", key="new_members"),
    C("本年新增", "新发展会员", "农民工", unit="人", key="new_migrant_members"),
    C("双措并举", "已缴筹备金未建会单位", "年初数", unit="个", key="fund_at_start"),
    C("双措并举", "已缴筹备金未建会单位", "本年单独建会", unit="个", key="fund_own"),
    C("双措并举", "已缴筹备金未建会单位", "本年涵盖", unit="个", key="fund_covered"),
    C("双措并举", "已缴筹备金未建会单位", "未建会已注销", unit="个", key="fund_closed"),
    C("双措并举", "已缴筹备金未建会单位", "尚未建会", unit="个", key="fund_open"),
    C("队伍", "专职工会工作人员", unit="人", key="full_time_cadres"),
    C("队伍", "兼职工会工作人员", unit="人", key="part_time_cadres"),
    C("队伍", "工会协理员", unit="人", key="assistants"),
    C("队伍", "女职工委员会数", unit="个", key="women_committees"),
    C("队伍", "经费审查委员会数", unit="个", key="funds_audit_committees"),
    C("规范化与载体", "规范化达标", "一级", unit="个", key="reviews_one"),
    C("规范化与载体", "规范化达标", "二级", unit="个", key="reviews_two"),
    C("规范化与载体", "规范化达标", "三级", unit="个", key="reviews_three"),
    C("规范化与载体", "规范化达标", "未达标", unit="个", key="reviews_below"),
    C("规范化与载体", "示范工会", unit="个", key="model_unions"),
    C("规范化与载体", "模范职工之家", unit="个", key="homes"),
)

HEADER_DEPTH = max(len(c.headers) for c in COLUMNS)


def count_keys() -> list[str]:
    """The count figures of the table (each stored once, though a figure such as `covered`
    may head two columns); rates are recomputed from counts."""
    keys: list[str] = []
    for column in COLUMNS:
        if not column.is_rate and column.key not in keys:
            keys.append(column.key)
    return keys


@dataclass(frozen=True)
class HeaderCell:
    """A cell of the multi-level header: its text and the block it spans (0-based, within
    the header rows and the figure columns)."""

    text: str
    row: int
    col: int
    rows: int
    cols: int


def header_cells() -> list[HeaderCell]:
    """The merged header: consecutive columns sharing a header prefix share its cell; a
    column whose headers end above the last header row spans down to it."""
    cells = []
    for level in range(HEADER_DEPTH):
        col = 0
        while col < len(COLUMNS):
            headers = COLUMNS[col].headers
            if len(headers) <= level:
                col += 1
                continue
            end = col + 1
            while (
                end < len(COLUMNS)
                and len(COLUMNS[end].headers) > level
                and COLUMNS[end].headers[: level + 1] == headers[: level + 1]
            ):
                end += 1
            text = headers[level]
            if len(headers) == level + 1:  # a column's own label spans down to the units
                cells.append(HeaderCell(text, level, col, HEADER_DEPTH - level, 1))
            else:
                cells.append(HeaderCell(text, level, col, 1, end - col))
            col = end
    return cells


def column_label(key: str) -> str:
    return next((c.label for c in COLUMNS if c.key == key), key)
