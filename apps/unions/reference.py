"""Loading the reference tables and the Jingzhou union tree from fixtures/ (idempotent)."""

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import EmployerCategory, Industry, Union

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def read_csv(name: str) -> list[dict[str, str]]:
    with open(FIXTURES / name, encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


@transaction.atomic
def load_reference() -> None:
    for row in read_csv("industries.csv"):
        Industry.objects.update_or_create(code=row["code"], defaults=row)
    for row in read_csv("employer_categories.csv"):
        EmployerCategory.objects.update_or_create(code=row["code"], defaults=row)


@transaction.atomic
def load_union_tree() -> int:
    """Create the organization tree's nodes that are missing, matched on region code.

    Returns how many were created; a second run creates none.
    """
    existing = {u.region_code: u for u in Union.objects.exclude(region_code="")}
    created = 0
    for row in read_csv("jingzhou_tree.csv"):
        if row["code"] in existing:
            continue
        parent = existing.get(row["parent_code"]) if row["parent_code"] else None
        union = Union(name=row["name"], level=row["level"], region_code=row["code"], parent=parent)
        union.save()
        existing[row["code"]] = union
        created += 1
    return created
