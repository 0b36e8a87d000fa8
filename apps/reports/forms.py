from django import forms

from .layout import COLUMNS, count_keys

WHOLE_NUMBER = "请填写不小于 0 的整数。"


def text_area() -> forms.Textarea:
    return forms.Textarea(attrs={"rows": 2, "class": "form-control"})


class CorrectionForm(forms.Form):
    """更正一个数据: the row, the column, the reported figure and why."""

    row_key = forms.ChoiceField(label="单位", widget=forms.Select(attrs={"class": "form-select"}))
    key = forms.ChoiceField(label="栏目", widget=forms.Select(attrs={"class": "form-select"}))
    value = forms.IntegerField(
        label="填报数",
        min_value=0,
        max_value=100_000_000,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={
            "invalid": WHOLE_NUMBER,
            "required": "请填写填报数。",
            "min_value": WHOLE_NUMBER,
            "max_value": "数值过大，请核对。",
        },
    )
    reason = forms.CharField(
        label="更正理由",
        required=False,
        widget=text_area(),
        help_text="与台帐不一致的原因；改回台帐数即撤销更正。",
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["row_key"].choices = [(r["key"], r["label"]) for r in report.ledger["rows"]]
        labels = {c.key: c.label for c in COLUMNS}
        self.fields["key"].choices = [(k, labels[k]) for k in count_keys()]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核意见",
        choices=[("approve", "审核通过"), ("return", "退回修改")],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(
        label="意见说明", required=False, widget=text_area(), help_text="退回时必须填写。"
    )


class ReopenForm(forms.Form):
    comment = forms.CharField(
        label="重新打开的理由",
        widget=text_area(),
        help_text="重新打开后该县（市、区）可更正本年度台帐，须重新上报、审核；理由记入报表记录。",
    )
