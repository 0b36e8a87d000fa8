"""The app's side-navigation links (apps.core.menu)."""

from apps.core.menu import Link, register

register(
    "工会组织",
    [
        Link("组织树", "unions:union_tree", "unions.view_union", "diagram-3"),
        Link("基层工会台帐", "unions:union_list", "unions.view_union", "building"),
    ],
)
register(
    "单位",
    [
        Link("单位台帐", "unions:employer_list", "unions.view_employer", "buildings"),
        Link(
            "未建会单位台帐",
            "unions:employer_unorganized",
            "unions.view_employer",
            "exclamation-diamond",
        ),
        Link("双措并举", "unions:employer_dual_measures", "unions.view_employer", "bullseye"),
        Link("筹备金缴纳", "unions:fundpayment_list", "unions.view_fundpayment", "cash-coin"),
    ],
)
register(
    "数据交换",
    [Link("数据问题", "unions:data_problems", "unions.view_union", "exclamation-triangle")],
    weight=10,
)
register("设置", [Link("年度参数", "unions:parameters", "unions.view_yearlyparameter", "sliders")])
