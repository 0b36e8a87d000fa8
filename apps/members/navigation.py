"""The app's side-navigation links (apps.core.menu)."""

from apps.core.menu import Link, register

register(
    "会员",
    [
        Link("会员台帐", "members:member_list", "members.view_member", "person-vcard"),
        Link("会籍接转", "members:transfer_list", "members.view_transfer", "arrow-left-right"),
        Link(
            "年度更新",
            "members:rosterconfirmation_list",
            "members.view_rosterconfirmation",
            "calendar-check",
        ),
        Link("会员核查", "members:memberconflict_list", "members.view_member", "clipboard-check"),
    ],
)
