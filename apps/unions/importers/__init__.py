"""Spreadsheet layouts of the unions app's ledgers (import, export and template alike)."""

from .employers import EmployerImporter
from .fund_payments import FundPaymentImporter
from .lookups import ReferenceLookup, UnionNameResolver
from .unions import UnionImporter

__all__ = [
    "EmployerImporter",
    "FundPaymentImporter",
    "ReferenceLookup",
    "UnionImporter",
    "UnionNameResolver",
]
