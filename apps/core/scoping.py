"""Scoping: the one way request-handling code gets rows.

Every ledger model declares `scope_path`, the lookup from the row to the materialized path of
the union (工会组织) that owns it: "path" for the union itself, "owner__path" for an employer,
"employer__owner__path" for a payment; a high-volume table may keep a copy of the path on the
row itself (DESIGN.md: members) and name that column; a row that concerns two unions (a
transfer) names both lookups as a tuple, and either side's users see it.
`Model.objects.visible_to(user)` keeps the rows whose owning union lies in the user's subtree
of the union tree, and none when the user lacks the Django permission for the action.
Subtrees are materialized paths queried as a range (see `subtree_bounds`), which uses the path
column's b-tree index on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models.lookups import GreaterThanOrEqual, LessThan

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

PATH_SEGMENT_WIDTH = 8


def path_segment(pk: int) -> str:
    """A node's own segment of the materialized path: its primary key, zero-padded."""
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}"


def subtree_bounds(path: str) -> tuple[str, str]:
    """Half-open range [path, next) of all paths in the subtree rooted at `path`.

    Paths are digits only, so the successor of a prefix is the prefix as a number plus one;
    no collation can order digit strings differently, unlike a `LIKE 'prefix%'` that SQLite
    runs case-insensitively without the index.
    """
    upper = str(int(path) + 1).zfill(len(path))
    return path, upper


def path_ancestors(path: str) -> list[str]:
    """Paths of a node and all nodes above it, root first."""
    width = PATH_SEGMENT_WIDTH
    return [path[: i + width] for i in range(0, len(path), width)]


def user_scope_path(user: AbstractBaseUser | AnonymousUser) -> str | None:
    """The path of the user's own union node; '' means the whole tree, None means nothing."""
    if not user.is_authenticated:
        return None
    union = getattr(user, "union", None)
    if union is None:
        return "" if user.is_superuser else None
    return union.path


class TrueOfNearlyEveryRow:
    """A scope bound of the root's subtree, which holds for (nearly) every row: on SQLite it
    is wrapped in `likelihood(…, 1.0)` to tell the planner so. This SQLite has no STAT4 and
    guesses that a two-sided range keeps 1/64 of the rows; for the city's scope it then reads
    the whole path index and sorts a million members for a page of 25 instead of walking
    the name index, and prefers the city's range to a township's. The
    condition itself is unchanged, and so is the SQL on other databases."""

    def as_sqlite(self, compiler, connection):
        sql, params = super().as_sql(compiler, connection)
        return f"likelihood({sql}, 1.0)", params


class RootFrom(TrueOfNearlyEveryRow, GreaterThanOrEqual):
    pass


class RootBelow(TrueOfNearlyEveryRow, LessThan):
    pass


class ScopedQuerySet(models.QuerySet):
    """QuerySet of a ledger model; the model sets `scope_path` (see module docstring)."""

    def in_subtree(self, path: str) -> ScopedQuerySet:
        lookups = self.model.scope_path
        if isinstance(lookups, str):
            lookups = (lookups,)
        low, high = subtree_bounds(path)
        condition = models.Q()
        for lookup in lookups:
            if len(path) == PATH_SEGMENT_WIDTH:  # the root of the tree
                column = models.F(lookup)
                condition |= models.Q(RootFrom(column, low), RootBelow(column, high))
            else:
                condition |= models.Q(**{f"{lookup}__gte": low, f"{lookup}__lt": high})
        return self.filter(condition)

    def visible_to(
        self, user: AbstractBaseUser | AnonymousUser, action: str = "view"
    ) -> ScopedQuerySet:
        opts = self.model._meta
        if not user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
            return self.none()
        path = user_scope_path(user)
        if path is None:
            return self.none()
        if path == "":
            return self.all()
        return self.in_subtree(path)
