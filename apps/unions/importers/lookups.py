"""Names typed in a sheet resolved to rows: unions in the user's scope (with the nearest
names suggested), and the reference tables (categories, industries)."""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q

from apps.core.exchange.columns import (
    clean_text,
)
from apps.core.exchange.engine import LOOKUP_CHUNK

from ..models import (
    Union,
)

ErrorFn = Callable[[str, str], None]


class UnionNameResolver:
    """Finds unions in the user's scope by name, full name or region code: only the unions
    `names` can mean, loaded once (not the city's 31,000 unions for a roster that names
    50)."""

    def __init__(self, user: Any, levels: tuple[str, ...], names: Iterable[str | None]) -> None:
        self.by_name: dict[str, list[Union]] = defaultdict(list)
        self.default = getattr(user, "union", None)
        scope = (
            Union.objects.visible_to(user)
            .filter(level__in=levels)
            .only("pk", "name", "region_code", "path", "level")
        )
        self.scope = scope
        self._bigrams: dict[str, set[str]] | None = None
        self._suggested: dict[str, list[str]] = {}
        wanted = sorted({name for name in names if name})
        found: dict[int, Union] = {}  # by pk: one union may be named twice (name, code)
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start : start + LOOKUP_CHUNK]
            # "X" also means "X工会"; a code only when it is digits (no index on region_code)
            named = Q(name__in=chunk + [f"{name}工会" for name in chunk])
            codes = [name for name in chunk if name.isdigit()]
            found.update((u.pk, u) for u in scope.filter(named | Q(region_code__in=codes)))
        for union in found.values():
            for name in {union.name, union.name.removesuffix("工会"), union.region_code}:
                if name:
                    self.by_name[name].append(union)

    def resolve(self, name: str | None, key: str, error: ErrorFn) -> Union | None:
        if not name:
            if self.default is None:
                error(key, "请填写所属工会组织")
            return self.default
        found = self.by_name.get(name, [])
        if len(found) == 1:
            return found[0]
        if found:
            error(key, f"“{name}”有{len(found)}个同名组织，请填写区划代码")
        elif near := self.nearest(name):
            shown = "、".join(f"“{n}”" for n in near)
            error(key, f"“{name}”不存在或不在您的管辖范围内；您要填的是不是：{shown}？")
        else:
            error(key, f"“{name}”不存在或不在您的管辖范围内")
        return None

    def nearest(self, name: str) -> list[str]:
        """Up to three names in scope that look like a mistyped `name`: the unions sharing most
        two-character pieces of it (one pass over the scope's names, on the first miss),
        ranked by difflib's similarity."""
        if name not in self._suggested:
            if self._bigrams is None:
                self._bigrams = defaultdict(set)
                for known in self.scope.values_list("name", flat=True).iterator(chunk_size=5000):
                    for piece in _bigrams(known):
                        self._bigrams[piece].add(known)
            shared = Counter(n for piece in _bigrams(name) for n in self._bigrams.get(piece, ()))
            candidates = [n for n, _ in shared.most_common(30)]
            self._suggested[name] = difflib.get_close_matches(name, candidates, n=3, cutoff=0.5)
        return self._suggested[name]


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


class ReferenceLookup:
    """Reference rows (industries, categories) by code, letter or name."""

    def __init__(self, model: type, *attrs: str) -> None:
        self.rows: dict[str, Any] = {}
        for row in model.objects.all():
            for attr in attrs:
                self.rows[str(getattr(row, attr))] = row
            self.rows[str(row)] = row

    def get(self, value: str | None, key: str, label: str, error: ErrorFn):
        if not value:
            return None
        text = clean_text(value)
        row = self.rows.get(text) or self.rows.get(text.zfill(2)) or self.rows.get(text[:1])
        if row is None:
            error(key, f"无法识别的{label}“{text}”")
        return row
