"""工会主席协议管理: the upper union and an employer's management sign an agreement about the
union chair (a Jingzhou model). Each county runs pilots in non-public enterprises and in
regional / industry unions, counted against two yearly quotas."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.exchange.uploads import RandomName, UploadValidator
from apps.core.lifecycle import DateRulesMixin, InLife, NotBefore, NotFuture
from apps.core.scoping import ScopedQuerySet
from apps.unions.models import NON_PUBLIC_NATURES, Nature, Union


def validate_agreement_file(upload) -> None:
    """Named by migration 0003; the field checks uploads with the upload policy now."""
    UploadValidator("document")(upload)


class ChairAgreement(DateRulesMixin, models.Model):
    """A chair agreement pilot (协议管理试点) of one union."""

    class Kind(models.TextChoices):
        NON_PUBLIC = "non_public", "非公企业"
        REGIONAL = "regional", "区域性、行业性工会"

    class Status(models.TextChoices):
        PREPARING = "preparing", "筹备中"
        SIGNED = "signed", "已签订"
        TERMINATED = "terminated", "已终止"

    UNION_LEVELS = (Union.Level.GRASSROOTS, Union.Level.JOINT)

    scope_path = "union__path"
    date_rules = (NotFuture("signed_on"), InLife("signed_on", "union"))

    union = models.ForeignKey(
        Union,
        verbose_name="试点工会",
        on_delete=models.PROTECT,
        related_name="chair_agreements",
        help_text="非公企业工会，或区域性、行业性（联合）工会",
    )
    kind = models.CharField(
        "试点类别",
        max_length=20,
        choices=Kind.choices,
        blank=True,
        help_text="按工会自动判断：联合工会为区域性、行业性，非公企业的工会为非公企业；"
        "无法判断时请选择",
    )
    upper_party = models.CharField("甲方（上级工会）", max_length=100)
    employer_party = models.CharField("乙方（企业或区域、行业方）", max_length=200)
    chair_name = models.CharField("工会主席", max_length=30)
    signed_on = models.DateField("签订日期", null=True, blank=True)
    term_start = models.DateField("协议期限起", null=True, blank=True)
    term_end = models.DateField("协议期限止", null=True, blank=True)
    file = models.FileField(
        "协议文本",
        upload_to=RandomName("agreements"),
        blank=True,
        validators=[UploadValidator("document")],
        help_text="PDF、Word 或图片",
    )
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.PREPARING
    )
    note = models.CharField("备注", max_length=300, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "主席协议管理试点"
        ordering = ["-signed_on", "-pk"]
        indexes = [models.Index(fields=["status", "signed_on"], name="chairagreement_status")]
        constraints = [NotBefore("term_end", "term_start").constraint("chairagreement_term")]

    def __str__(self) -> str:
        return f"{self.union}主席协议"

    def get_absolute_url(self) -> str:
        return reverse("cadres:chairagreement_detail", args=[self.pk])

    def row_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.union_id:
            derived, problem = kind_of_union(self.union)
            if problem:
                errors["union"] = problem
            elif derived and self.kind and self.kind != derived:
                errors["kind"] = (
                    f"“{self.union}”应为“{self.Kind(derived).label}”试点，与所选类别不符"
                )
            elif derived:
                self.kind = derived
            elif not self.kind:
                errors["kind"] = "无法从工会判断试点类别（未登记所在单位），请选择"
        if self.status == self.Status.SIGNED and not self.signed_on:
            errors["signed_on"] = "已签订的协议须填写签订日期"
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            errors["term_end"] = "协议期限止应晚于协议期限起"
        return errors


def kind_of_union(union: Union) -> tuple[str, str]:
    """(kind, problem): the pilot kind a union gives, '' when it cannot tell; a Chinese
    problem when the union cannot hold a pilot at all."""
    if union.level == Union.Level.JOINT:
        return ChairAgreement.Kind.REGIONAL, ""
    if union.level != Union.Level.GRASSROOTS:
        return "", "协议管理试点应为基层工会或区域性、行业性（联合）工会"
    employer = union.employer
    if employer is None:
        return "", ""
    if employer.nature in NON_PUBLIC_NATURES:
        return ChairAgreement.Kind.NON_PUBLIC, ""
    return "", (
        f"“{employer}”的单位性质为{Nature(employer.nature).label}，不是非公企业；"
        "协议管理试点限于非公企业工会和区域性、行业性工会"
    )
