"""The union tree, employers (单位), coverage by joint unions (涵盖), fund payments and the
yearly parameters, by family."""

from .employers import (
    EMPLOYEE_PARTS,
    Coverage,
    CoverageQuerySet,
    Employer,
    EmployerQuerySet,
    FollowUp,
    FundPayment,
    OrganizingStatus,
    operating_on,
    parts_over_employees,
)
from .parameters import YearlyParameter
from .reference import (
    KIND_NATURES,
    NEW_SOCIAL_ORG_NATURES,
    NON_PUBLIC_NATURES,
    EmployerCategory,
    EmployerKind,
    Industry,
    Nature,
)
from .unions import Union, UnionQuerySet

__all__ = [
    "EMPLOYEE_PARTS",
    "KIND_NATURES",
    "NEW_SOCIAL_ORG_NATURES",
    "NON_PUBLIC_NATURES",
    "Coverage",
    "CoverageQuerySet",
    "Employer",
    "EmployerCategory",
    "EmployerKind",
    "EmployerQuerySet",
    "FollowUp",
    "FundPayment",
    "Industry",
    "Nature",
    "OrganizingStatus",
    "Union",
    "UnionQuerySet",
    "YearlyParameter",
    "operating_on",
    "parts_over_employees",
]
