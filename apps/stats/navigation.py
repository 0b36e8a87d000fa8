"""The app's side-navigation links (apps.core.menu)."""

from apps.core.menu import Link, register

register(
    "统计", [Link("数据看板", "stats:dashboard", "unions.view_union", "bar-chart-line")], weight=10
)
