from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory

from apps.core.forms import (
    ScopedModelForm,
    style_widgets,
)

from ..models import Candidate, Election
from ..services import order_candidates


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
        kept = [
            f for f in self.forms if f.cleaned_data.get("name") and not f.cleaned_data.get("DELETE")
        ]
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
    Election,
    Candidate,
    form=CandidateForm,
    formset=BaseCandidateFormSet,
    extra=3,
    can_delete=True,
)


class ElectionForm(ScopedModelForm):
    """An election and, in the same form, its candidates (an inline formset)."""

    class Meta:
        model = Election
        fields = [
            "union",
            "kind",
            "held_on",
            "method",
            "rules_document",
            "eligible_voters",
            "votes_cast",
            "term_end",
        ]
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
