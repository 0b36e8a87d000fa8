from django.http import HttpRequest
from django.urls import reverse


def navigation(request: HttpRequest) -> dict:
    """The side navigation, by app; each entry shown only to users who may view it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    sections = [
        (
            "统计",
            [
                ("数据看板", "stats:dashboard", "unions.view_union", "bar-chart-line"),
                ("统计表", "reports:table", "unions.view_union", "table"),
                (
                    "年度报送",
                    "reports:annualreport_list",
                    "reports.view_annualreport",
                    "send-check",
                ),
            ],
        ),
        (
            "目标管理",
            [
                (
                    "目标责任书",
                    "targets:targetletter_list",
                    "targets.view_targetletter",
                    "file-earmark-check",
                ),
                ("目标考核", "targets:scoring", "targets.view_targetletter", "trophy"),
                ("定期通报", "targets:bulletin_list", "targets.view_bulletin", "megaphone"),
                (
                    "专项考核验收",
                    "targets:acceptancerecord_list",
                    "targets.view_acceptancerecord",
                    "clipboard-check",
                ),
                ("年底考核", "targets:assessment", "targets.view_assessment", "award"),
            ],
        ),
        (
            "工会组织",
            [
                ("组织树", "unions:union_tree", "unions.view_union", "diagram-3"),
                ("基层工会台帐", "unions:union_list", "unions.view_union", "building"),
            ],
        ),
        (
            "单位",
            [
                ("单位台帐", "unions:employer_list", "unions.view_employer", "buildings"),
                (
                    "未建会单位台帐",
                    "unions:employer_unorganized",
                    "unions.view_employer",
                    "exclamation-diamond",
                ),
                ("双措并举", "unions:employer_dual_measures", "unions.view_employer", "bullseye"),
                ("筹备金缴纳", "unions:fundpayment_list", "unions.view_fundpayment", "cash-coin"),
            ],
        ),
        (
            "会员",
            [
                ("会员台帐", "members:member_list", "members.view_member", "person-vcard"),
                ("会籍接转", "members:transfer_list", "members.view_transfer", "arrow-left-right"),
                (
                    "年度更新",
                    "members:rosterconfirmation_list",
                    "members.view_rosterconfirmation",
                    "calendar-check",
                ),
                (
                    "会员核查",
                    "members:memberconflict_list",
                    "members.view_member",
                    "clipboard-check",
                ),
            ],
        ),
        (
            "工会干部",
            [
                ("干部台帐", "cadres:cadre_list", "cadres.view_cadre", "person-badge"),
                ("任职台帐", "cadres:position_list", "cadres.view_position", "diagram-2"),
                ("主席选举", "cadres:election_list", "cadres.view_election", "check2-square"),
                ("问题清单", "cadres:finding_list", "cadres.view_position", "exclamation-triangle"),
                (
                    "工会协理员",
                    "cadres:assistant_list",
                    "cadres.view_assistant",
                    "person-workspace",
                ),
                (
                    "协理员工资发放",
                    "cadres:assistantpayment_list",
                    "cadres.view_assistantpayment",
                    "wallet2",
                ),
                (
                    "协理员待遇核查",
                    "cadres:assistant_check",
                    "cadres.view_assistant",
                    "clipboard2-pulse",
                ),
                (
                    "主席协议管理",
                    "cadres:chairagreement_list",
                    "cadres.view_chairagreement",
                    "file-earmark-text",
                ),
                (
                    "协议试点进度",
                    "cadres:chairagreement_progress",
                    "cadres.view_chairagreement",
                    "bar-chart",
                ),
                (
                    "教育培训",
                    "cadres:trainingcourse_list",
                    "cadres.view_trainingcourse",
                    "mortarboard",
                ),
                (
                    "年度培训情况",
                    "cadres:trainingcourse_progress",
                    "cadres.view_trainingcourse",
                    "graph-up",
                ),
            ],
        ),
        (
            "规范化与载体",
            [
                (
                    "规范化检查",
                    "campaigns:results",
                    "campaigns.view_standardreview",
                    "clipboard2-pulse",
                ),
                ("达标检查", "campaigns:review_progress", "campaigns.view_standardreview", "award"),
                ("示范工会", "campaigns:modelunion_progress", "campaigns.view_modelunion", "star"),
                (
                    "职工之家",
                    "campaigns:workershome_list",
                    "campaigns.view_workershome",
                    "house-heart",
                ),
                (
                    "会员评家",
                    "campaigns:evaluationround_list",
                    "campaigns.view_evaluationround",
                    "hand-thumbs-up",
                ),
            ],
        ),
        (
            "数据交换",
            [
                ("数据问题", "unions:data_problems", "unions.view_union", "exclamation-triangle"),
                ("导入记录", "core:importrecord_list", "core.view_importrecord", "upload"),
                ("导出记录", "core:exportlog_list", "core.view_exportlog", "shield-lock"),
                ("范围外查询", "core:foreignlookup_list", "core.view_foreignlookup", "eye"),
            ],
        ),
        (
            "设置",
            [("年度参数", "unions:parameters", "unions.view_yearlyparameter", "sliders")],
        ),
    ]
    nav = []
    for title, items in sections:
        links = [
            {"label": label, "url": reverse(name), "icon": icon}
            for label, name, perm, icon in items
            if user.has_perm(perm)
        ]
        if links:
            nav.append({"title": title, "links": links})
    # The active entry is the one whose URL is the longest prefix of the current page.
    matching = [
        link for section in nav for link in section["links"] if request.path.startswith(link["url"])
    ]
    if matching:
        max(matching, key=lambda link: len(link["url"]))["active"] = True
    return {"nav_sections": nav}
