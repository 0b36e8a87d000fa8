"""Drafting letters from the year's template, and signing (which fixes the items)."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from apps.targets import services
from apps.targets.models import LetterTemplate, TargetItem, TargetLetter
from apps.unions.models import YearlyParameter

from .conftest import YEAR, letter


def test_a_new_year_template_starts_from_the_indicators_defaults(db):
    template = services.default_template(YEAR)
    codes = [i.indicator for i in template.items.all()]
    assert codes[:4] == ["new_unions", "new_covered", "new_members", "new_migrant_members"]
    assert "agreements_regional" in codes
    assert sum(i.weight for i in template.items.all()) == 100


def test_the_next_year_template_copies_the_last(db):
    first = services.default_template(YEAR)
    first.items.filter(indicator="new_members").update(target=D(5000))
    first.items.filter(indicator="new_covered").delete()
    following = services.default_template(YEAR + 1)
    assert following.items.get(indicator="new_members").target == 5000
    assert not following.items.filter(indicator="new_covered").exists()
    assert services.default_template(YEAR + 1) == following  # asked again: the same


def test_drafting_makes_a_letter_per_county_with_quota_targets(world):
    YearlyParameter.objects.create(
        key="campaigns.model_union_quota", year=YEAR, county=world.b.county, value=D(4)
    )
    template = services.default_template(YEAR)
    template.deposit_amount = D(30000)
    template.save()
    made = services.draft_letters(template, services.county_units())
    assert {m.county for m in made} == {world.a.county, world.b.county}
    a = TargetLetter.objects.get(county=world.a.county, year=YEAR)
    b = TargetLetter.objects.get(county=world.b.county, year=YEAR)
    assert a.status == "draft" and a.deposit_amount == 30000
    assert a.items.count() == template.items.count()
    assert a.items.get(indicator="model_unions").target == 10
    assert b.items.get(indicator="model_unions").target == 4
    assert a.items.get(indicator="agreements_non_public").target == 2
    # Drafting again leaves the letters as they are.
    a.items.filter(indicator="new_unions").update(target=D(7))
    assert services.draft_letters(template, services.county_units()) == []
    assert a.items.get(indicator="new_unions").target == 7


def test_signing_records_the_parties_and_fixes_the_items(world):
    draft = letter(world.a.county, [("new_unions", 2, 100)], status=TargetLetter.Status.DRAFT)
    services.sign_letter(
        draft,
        city_signatory="王主席",
        county_signatory="李主席",
        signed_on=datetime.date(2026, 2, 28),
    )
    draft.refresh_from_db()
    assert (draft.status, draft.city_signatory) == ("signed", "王主席")
    assert draft.signed_on == datetime.date(2026, 2, 28)
    item = draft.items.get()
    item.target = D(1)
    with pytest.raises(ValidationError, match="已签订"):
        item.save()
    with pytest.raises(ValidationError, match="已签订"):
        item.delete()
    with pytest.raises(ValidationError, match="已签订"):
        TargetItem.objects.create(letter=draft, indicator="new_members", target=1, weight=1)
    with pytest.raises(ValidationError, match="不能再次签订"):
        services.sign_letter(
            draft, city_signatory="王", county_signatory="李", signed_on=datetime.date(2026, 3, 1)
        )
    assert draft.items.get().target == 2


def test_a_letter_without_items_cannot_be_signed(world):
    draft = letter(world.a.county, [], status=TargetLetter.Status.DRAFT)
    with pytest.raises(ValidationError, match="没有任何指标"):
        services.sign_letter(
            draft, city_signatory="王", county_signatory="李", signed_on=datetime.date(2026, 3, 1)
        )
    assert LetterTemplate.objects.count() == 0
