"""The app's side-navigation links (apps.core.menu)."""

from apps.core.menu import Link, register

register(
    "目标管理",
    [
        Link(
            "目标责任书",
            "targets:targetletter_list",
            "targets.view_targetletter",
            "file-earmark-check",
        ),
        Link("目标考核", "targets:scoring", "targets.view_targetletter", "trophy"),
        Link("定期通报", "targets:bulletin_list", "targets.view_bulletin", "megaphone"),
        Link(
            "专项考核验收",
            "targets:acceptancerecord_list",
            "targets.view_acceptancerecord",
            "clipboard-check",
        ),
        Link("年底考核", "targets:assessment", "targets.view_assessment", "award"),
    ],
)
