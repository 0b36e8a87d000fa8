"""Chair elections (工会主席直选) and their candidates."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.exchange.uploads import RandomName, UploadValidator
from apps.core.lifecycle import DateRulesMixin, InLife, NotBefore, NotFuture
from apps.core.scoping import ScopedQuerySet
from apps.unions.models import Union


@dataclass(frozen=True)
class ElectionResult:
    """Who was elected, or why nobody was; `text` is what pages show."""

    winner: Candidate | None
    text: str


class Election(DateRulesMixin, models.Model):
    """One election of a union's chair, with its numbers and the upper union's approval."""

    class Kind(models.TextChoices):
        NEW = "new", "新建工会选举"
        RE_ELECTION = "re_election", "换届选举"

    class Method(models.TextChoices):
        DIRECT = "direct", "会员大会直接选举"
        CONGRESS = "congress", "会员代表大会选举"

    scope_path = "union__path"
    date_rules = (
        NotFuture("held_on"),
        InLife("held_on", "union"),
        NotFuture("approved_on"),
        NotBefore("approved_on", "held_on"),
        NotBefore("term_end", "held_on"),
    )

    union = models.ForeignKey(
        Union, verbose_name="工会", on_delete=models.PROTECT, related_name="elections"
    )
    kind = models.CharField(
        "选举类型", max_length=20, choices=Kind.choices, default=Kind.RE_ELECTION
    )
    held_on = models.DateField("选举日期")
    method = models.CharField(
        "选举方式", max_length=20, choices=Method.choices, default=Method.DIRECT
    )
    rules_document = models.FileField(
        "选举办法",
        upload_to=RandomName("cadres/elections"),
        blank=True,
        validators=[UploadValidator("document")],
        help_text="经会员（代表）大会通过的选举办法文件：PDF、Word 或图片",
    )
    eligible_voters = models.PositiveIntegerField(
        "应参加选举人数", help_text="有选举权的会员（代表）人数"
    )
    votes_cast = models.PositiveIntegerField("实际投票人数")
    approved_on = models.DateField("上级工会批复日期", null=True, blank=True)
    approval_number = models.CharField("批复文号", max_length=60, blank=True)
    term_end = models.DateField("任期届满日期", null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "主席选举"
        ordering = ["-held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(votes_cast__lte=F("eligible_voters")),
                name="election_votes_within_voters",
            ),
            NotBefore("approved_on", "held_on").constraint("election_approved_after_held"),
            NotBefore("term_end", "held_on").constraint("election_term_after_held"),
        ]
        indexes = [models.Index(fields=["union", "held_on"], name="election_union_date")]

    def __str__(self) -> str:
        return f"{self.union} {self.held_on:%Y-%m-%d} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("cadres:election_detail", args=[self.pk])

    @property
    def votes_needed(self) -> int:
        """Fewest votes that are more than half of the eligible voters."""
        return self.eligible_voters // 2 + 1

    def result(self) -> ElectionResult:
        """Elected: the candidate with the most votes, if more than half of the eligible voters
        voted for them (one seat: the chair). Reads `candidates` (prefetch them for lists)."""
        candidates = sorted(self.candidates.all(), key=lambda c: (-c.votes, c.order, c.pk or 0))
        if not candidates:
            return ElectionResult(None, "未登记候选人")
        top = candidates[0]
        tied = len(candidates) > 1 and candidates[1].votes == top.votes
        if top.votes >= self.votes_needed and not tied:
            return ElectionResult(top, f"{top.name}当选（得票{top.votes}，超过应参加选举人数半数）")
        return ElectionResult(
            None,
            f"无人当选：没有候选人得票超过应参加选举人数（{self.eligible_voters}）的半数，"
            f"当选须得票{self.votes_needed}以上",
        )

    @property
    def is_approved(self) -> bool:
        return self.approved_on is not None


class Candidate(models.Model):
    """A candidate on an election's ballot."""

    scope_path = "election__union__path"

    election = models.ForeignKey(
        Election, verbose_name="选举", on_delete=models.CASCADE, related_name="candidates"
    )
    name = models.CharField("候选人姓名", max_length=30)
    cadre = models.ForeignKey(
        "cadres.Cadre",
        verbose_name="干部台帐",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidacies",
    )
    nominated_by_members = models.BooleanField(
        "经会员民主推荐", default=True, help_text="候选人由会员（代表）民主推荐产生"
    )
    votes = models.PositiveIntegerField("得票数", default=0)
    order = models.PositiveSmallIntegerField("选票排序", default=0)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "候选人"
        ordering = ["election", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["election", "name"], name="candidate_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
