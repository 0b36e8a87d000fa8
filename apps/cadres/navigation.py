"""The app's side-navigation links (apps.core.menu)."""

from apps.core.menu import Link, register

register(
    "工会干部",
    [
        Link("干部台帐", "cadres:cadre_list", "cadres.view_cadre", "person-badge"),
        Link("任职台帐", "cadres:position_list", "cadres.view_position", "diagram-2"),
        Link("主席选举", "cadres:election_list", "cadres.view_election", "check2-square"),
        Link("问题清单", "cadres:finding_list", "cadres.view_position", "exclamation-triangle"),
        Link("工会协理员", "cadres:assistant_list", "cadres.view_assistant", "person-workspace"),
        Link(
            "协理员工资发放",
            "cadres:assistantpayment_list",
            "cadres.view_assistantpayment",
            "wallet2",
        ),
        Link(
            "协理员待遇核查", "cadres:assistant_check", "cadres.view_assistant", "clipboard2-pulse"
        ),
        Link(
            "主席协议管理",
            "cadres:chairagreement_list",
            "cadres.view_chairagreement",
            "file-earmark-text",
        ),
        Link(
            "协议试点进度",
            "cadres:chairagreement_progress",
            "cadres.view_chairagreement",
            "bar-chart",
        ),
        Link("教育培训", "cadres:trainingcourse_list", "cadres.view_trainingcourse", "mortarboard"),
        Link(
            "年度培训情况",
            "cadres:trainingcourse_progress",
            "cadres.view_trainingcourse",
            "graph-up",
        ),
    ],
)
