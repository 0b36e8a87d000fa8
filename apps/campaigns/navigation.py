"""The app's side-navigation links (apps.core.menu)."""

from apps.core.menu import Link, register

register(
    "规范化与载体",
    [
        Link(
            "规范化检查", "campaigns:results", "campaigns.view_standardreview", "clipboard2-pulse"
        ),
        Link("达标检查", "campaigns:review_progress", "campaigns.view_standardreview", "award"),
        Link("示范工会", "campaigns:modelunion_progress", "campaigns.view_modelunion", "star"),
        Link("职工之家", "campaigns:workershome_list", "campaigns.view_workershome", "house-heart"),
        Link(
            "会员评家",
            "campaigns:evaluationround_list",
            "campaigns.view_evaluationround",
            "hand-thumbs-up",
        ),
    ],
)
