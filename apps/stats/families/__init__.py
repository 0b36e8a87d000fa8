"""The figure families: each module registers its families with apps.stats.figures when
imported (StatsConfig.ready imports this package); the order here is the registry's order."""

from . import common, employers, unions, members, coverage, work  # noqa: F401, I001
