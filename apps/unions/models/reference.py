"""Reference tables and choices: industries, employer natures and kinds, categories."""

from __future__ import annotations

from django.db import models


class Industry(models.Model):
    """GB/T 4754 国民经济行业分类 sections A–T (reference table, loaded from fixtures/)."""

    code = models.CharField("代码", max_length=2, unique=True)
    letter = models.CharField("门类", max_length=1, unique=True)
    name = models.CharField("名称", max_length=50)

    class Meta:
        verbose_name = verbose_name_plural = "行业门类"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.letter} {self.name}"


class Nature(models.TextChoices):
    """An employer's ownership / kind, as organizing work groups them (单位性质)."""

    STATE = "state", "国有"
    COLLECTIVE = "collective", "集体"
    PRIVATE = "private", "私营"
    FOREIGN = "foreign", "外资"
    HMT = "hmt", "港澳台"
    INSTITUTION = "institution", "事业单位"
    ORGAN = "organ", "机关"
    PRIVATE_NONENTERPRISE = "private_nonenterprise", "民办非企业单位"
    SOCIAL_GROUP = "social_group", "社会团体"
    INTERMEDIARY = "intermediary", "中介组织"
    INDIVIDUAL = "individual", "个体"


# 新社会组织: DOMAIN.md counts these natures as new social organizations.
NEW_SOCIAL_ORG_NATURES = (Nature.PRIVATE_NONENTERPRISE, Nature.SOCIAL_GROUP, Nature.INTERMEDIARY)
# 非公: enterprises not owned by the state or a collective.
NON_PUBLIC_NATURES = (Nature.PRIVATE, Nature.FOREIGN, Nature.HMT, Nature.INDIVIDUAL)


class EmployerKind(models.TextChoices):
    """单位类型 of the statistics table's 基层工会 columns: each nature falls in one kind."""

    DOMESTIC_ENTERPRISE = "domestic_enterprise", "企业（内资）"
    HMT_ENTERPRISE = "hmt_enterprise", "企业（港澳台）"
    FOREIGN_ENTERPRISE = "foreign_enterprise", "企业（外商）"
    INSTITUTION = "institution", "事业单位"
    GOVERNMENT = "government", "机关"
    INDIVIDUAL = "individual", "个体经济组织"
    NEW_SOCIAL = "new_social", "新社会组织"


KIND_NATURES = {
    EmployerKind.DOMESTIC_ENTERPRISE: (Nature.STATE, Nature.COLLECTIVE, Nature.PRIVATE),
    EmployerKind.HMT_ENTERPRISE: (Nature.HMT,),
    EmployerKind.FOREIGN_ENTERPRISE: (Nature.FOREIGN,),
    EmployerKind.INSTITUTION: (Nature.INSTITUTION,),
    EmployerKind.GOVERNMENT: (Nature.ORGAN,),
    EmployerKind.INDIVIDUAL: (Nature.INDIVIDUAL,),
    EmployerKind.NEW_SOCIAL: NEW_SOCIAL_ORG_NATURES,
}


class EmployerCategory(models.Model):
    """单位类别 of the national collection forms (110 国有 … 800 社会团体), reference table."""

    code = models.CharField("代码", max_length=3, unique=True)
    name = models.CharField("名称", max_length=30)
    nature = models.CharField("对应单位性质", max_length=30, choices=Nature.choices)

    class Meta:
        verbose_name = verbose_name_plural = "单位类别"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
