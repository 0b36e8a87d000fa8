"""Core's own side-navigation links: the exchange records."""

from .menu import Link, register

register(
    "数据交换",
    [
        Link("导入记录", "core:importrecord_list", "core.view_importrecord", "upload"),
        Link("导出记录", "core:exportlog_list", "core.view_exportlog", "shield-lock"),
        Link("范围外查询", "core:foreignlookup_list", "core.view_foreignlookup", "eye"),
    ],
    weight=20,
)
