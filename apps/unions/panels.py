"""Sections that apps above `unions` add to a union's detail page.

`unions` may not import those apps (DESIGN.md's layers), so they register here instead, in
their AppConfig.ready(): a function (user, union) → [(title, django-tables2 table)], whose
rows it gets through `visible_to(user)` like any view. The detail page shows them after its
own related lists, in registration order.
"""

from collections.abc import Callable
from typing import Any

Panel = Callable[[Any, Any], list[tuple[str, Any]]]

_panels: list[Panel] = []


def register_union_panel(panel: Panel) -> Panel:
    if panel not in _panels:
        _panels.append(panel)
    return panel


def union_panels(user: Any, union: Any) -> list[tuple[str, Any]]:
    return [section for panel in _panels for section in panel(user, union)]
