from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory

from apps.core.forms import BulkEditForm, ScopedModelForm, bulk_boolean, style_widgets
from apps.core.validators import normalize_code, normalize_mobile, validate_id_number
from apps.members.models import Member

from .models import Cadre, Candidate, Election, Position
from .services import order_candidates


def linked_member(user, id_number: str | None):
    """The real-name member with this ID number, if the user may see one."""
    if not id_number:
        return None
    return Member.objects.visible_to(user).filter(id_number=id_number).first()


class CadreForm(ScopedModelForm):
    """A cadre; the member record is linked by the ID number when there is one."""

    class Meta:
        model = Cadre
        fields = ["name", "id_number", "sex", "mobile", "union", "note"]

    def clean_id_number(self):
        number = normalize_code(self.cleaned_data.get("id_number") or "")
        if not number:
            return None
        validate_id_number(number)
        if Cadre.objects.filter(id_number=number).exclude(pk=self.instance.pk).exists():
            raise ValidationError("该身份证号的干部已在台帐中登记，请勿重复添加")
        return number

    def clean_mobile(self):
        mobile = self.cleaned_data.get("mobile", "")
        return normalize_mobile(mobile) if mobile else mobile

    def clean(self):
        data = super().clean()
        if not data.get("id_number") and not data.get("sex") and "sex" not in self.errors:
            self.add_error("sex", "未填写身份证号时请选择性别")
        return data

    def save(self, commit: bool = True) -> Cadre:
        member = linked_member(self.user, self.cleaned_data.get("id_number"))
        if member is not None:
            self.instance.member = member
        return super().save(commit)


class PositionForm(ScopedModelForm):
    class Meta:
        model = Position
        fields = ["cadre", "union", "role", "full_time", "came_by", "start_on", "end_on",
                  "employer_post", "election"]  # fmt: skip

    def clean(self):
        data = super().clean()
        start, end = data.get("start_on"), data.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", "离任日期不能早于任职日期")
        election, union = data.get("election"), data.get("union")
        if election and union and election.union_id != union.pk:
            self.add_error("election", f"所选选举是“{election.union}”的，不是本工会的选举")
        if (
            election
            and start
            and data.get("role") == Position.Role.CHAIR
            and start < election.held_on
            and data.get("came_by") != Position.CameBy.APPOINTED
        ):
            self.add_error(
                "start_on",
                f"主席任职日期（{start:%Y-%m-%d}）早于产生该职务的选举（{election.held_on:%Y-%m-%d}）。"
                "若确系选举前委派任职，请将产生方式选为“委派（任命）”，系统将按“先任后选”标记。",
            )
        return data


class PositionBulkEditForm(BulkEditForm):
    """What clerks set for many positions at once: the end date when a committee leaves at a
    re-election, full-time or part-time, the post held in the employer. An end date before
    any selected position's start is refused, naming the position."""

    end_on = forms.DateField(label="离任日期", required=False)
    full_time = bulk_boolean("专职")
    employer_post = forms.ChoiceField(
        label="在单位所任职务", required=False,
        choices=[("", "不修改"), *Position.EmployerPost.choices],
    )  # fmt: skip

    def __init__(self, *args, positions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.positions = list(positions)

    def clean_end_on(self):
        end = self.cleaned_data.get("end_on")
        early = [p for p in self.positions if end and end < p.start_on]
        if early:
            first = min(early, key=lambda p: p.start_on)
            raise ValidationError(
                f"离任日期（{end:%Y-%m-%d}）早于所选{len(early)}条任职的任职日期，"
                f"如“{first}”任职于{first.start_on:%Y-%m-%d}；请只勾选已到任的记录"
            )
        return end


class CandidateForm(forms.ModelForm):
    class Meta:
        model = Candidate
        fields = ["name", "nominated_by_members", "votes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["votes"].required = False
        style_widgets(self)

    def clean_votes(self):
        return self.cleaned_data.get("votes") or 0

    def has_changed(self) -> bool:
        # A blank extra row is left out even though its tick box defaults to ticked.
        if self.instance.pk is None and not self.data.get(self.add_prefix("name"), "").strip():
            return False
        return super().has_changed()


class BaseCandidateFormSet(forms.BaseInlineFormSet):
    """Candidates of one election; `votes_cast` is set by the election form before validating."""

    votes_cast: int | None = None

    def clean(self):
        super().clean()
        kept = [f for f in self.forms
                if f.cleaned_data.get("name") and not f.cleaned_data.get("DELETE")]  # fmt: skip
        if not kept:
            raise ValidationError("请至少登记一名候选人。")
        if self.votes_cast is None:
            return
        for form in kept:
            votes = form.cleaned_data.get("votes") or 0
            if votes > self.votes_cast:
                form.add_error(
                    "votes", f"得票数（{votes}）不能超过实际投票人数（{self.votes_cast}）"
                )


CandidateFormSet = inlineformset_factory(
    Election, Candidate, form=CandidateForm, formset=BaseCandidateFormSet, extra=3,
    can_delete=True,
)  # fmt: skip


class ElectionForm(ScopedModelForm):
    """An election and, in the same form, its candidates (an inline formset)."""

    class Meta:
        model = Election
        fields = ["union", "kind", "held_on", "method", "rules_document", "eligible_voters",
                  "votes_cast", "term_end"]  # fmt: skip
        # Uploading replaces the file; the page links the scoped download, not the storage
        # path (ClearableFileInput's link), which nothing serves.
        widgets = {"rules_document": forms.FileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = CandidateFormSet(
            self.data if self.is_bound else None, instance=self.instance, prefix="candidates"
        )

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        self.candidates.votes_cast = (self.cleaned_data or {}).get("votes_cast")
        if not self.candidates.is_valid():
            self.add_error(None, "候选人信息有误，请查看候选人表中标红的内容。")

    def clean(self):
        data = super().clean()
        voters, cast = data.get("eligible_voters"), data.get("votes_cast")
        if voters is not None and cast is not None and cast > voters:
            self.add_error(
                "votes_cast", f"实际投票人数（{cast}）不能超过应参加选举人数（{voters}）"
            )
        held, term_end = data.get("held_on"), data.get("term_end")
        if held and term_end and term_end <= held:
            self.add_error("term_end", "任期届满日期应晚于选举日期")
        return data

    def save(self, commit: bool = True) -> Election:
        election = super().save(commit)
        self.candidates.instance = election
        self.candidates.save()
        order_candidates(election)
        return election


class ApprovalForm(forms.ModelForm):
    """The upper union's approval of an election's result (批复)."""

    class Meta:
        model = Election
        fields = ["approved_on", "approval_number", "term_end"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_on"].required = True
        self.fields["approval_number"].required = True
        style_widgets(self)

    def clean_approved_on(self):
        approved = self.cleaned_data["approved_on"]
        if approved < self.instance.held_on:
            raise ValidationError(f"批复日期不能早于选举日期（{self.instance.held_on:%Y-%m-%d}）")
        return approved

    def full_clean(self):
        super().full_clean()
        style_widgets(self)
