"""The app's side-navigation links (apps.core.menu)."""

from apps.core.menu import Link, register

register(
    "统计",
    [
        Link("统计表", "reports:table", "unions.view_union", "table"),
        Link("年度报送", "reports:annualreport_list", "reports.view_annualreport", "send-check"),
    ],
    weight=20,
)
