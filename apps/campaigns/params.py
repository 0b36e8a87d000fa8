"""The yearly parameters of standardization and campaigns (the city edits them per year on
unions:parameters; DOMAIN.md writes them as `*`)."""

from apps.unions import parameters

LEVEL_ONE_MIN = parameters.register(
    "campaigns.level_one_min",
    "规范化一级最低得分",
    default=90,
    unit="分",
    help_text="规范化检查得分达到此分数为一级",
)
LEVEL_TWO_MIN = parameters.register(
    "campaigns.level_two_min", "规范化二级最低得分", default=75, unit="分"
)
LEVEL_THREE_MIN = parameters.register(
    "campaigns.level_three_min",
    "规范化三级最低得分",
    default=60,
    unit="分",
    help_text="低于此分数为未达标",
)
REVIEW_EMPLOYEES = parameters.register(
    "campaigns.review_employees",
    "规范化达标须检查的企业职工人数",
    default=100,
    unit="人",
    help_text="职工人数达到此数的企业工会须参加企业工会工作规范化达标检查",
)
LEVEL_ONE_SHARE_MIN = parameters.register(
    "campaigns.level_one_share_min", "规范化达标一级企业最低占比", default=30, unit="%"
)
MODEL_UNION_QUOTA = parameters.register(
    "campaigns.model_union_quota",
    "树千家示范工会任务数",
    default=10,
    unit="个",
    per_county=True,
    help_text="各县市区（开发区）当年应验收的示范工会数",
)
SATISFACTION_MIN = parameters.register(
    "campaigns.satisfaction_min",
    "会员评家满意率合格线",
    default=80,
    unit="%",
    help_text="满意与基本满意票数占总票数的比例达到此值为满意",
)

LEVEL_KEYS = (LEVEL_ONE_MIN, LEVEL_TWO_MIN, LEVEL_THREE_MIN)
