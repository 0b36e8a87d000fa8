"""会籍接转."""

import django_filters

from apps.core.filtersets import LedgerFilterSet

from ..models import Transfer


class TransferFilterSet(LedgerFilterSet):
    search_fields = ("member__name__startswith",)
    q = django_filters.CharFilter(label="搜索（姓名）", method="search")
    status = django_filters.ChoiceFilter(
        label="状态", choices=Transfer.Status.choices, empty_label="全部"
    )

    class Meta:
        model = Transfer
        fields = ["q", "status"]
