"""Demo data steps: each app registers how it fills a demo database (`manage.py setup_demo`).

A registry, so the command in `accounts` runs the steps of apps above it without importing
them (DESIGN.md: nothing imports up the chain of apps).
"""

from collections.abc import Callable

_steps: list[tuple[int, Callable[[], dict[str, int]]]] = []


def demo_step(order: int):
    """Register a function that writes demo rows and returns what it made, by kind."""

    def register(step: Callable[[], dict[str, int]]) -> Callable[[], dict[str, int]]:
        _steps.append((order, step))
        return step

    return register


def run_demo_steps() -> dict[str, int]:
    made: dict[str, int] = {}
    for _, step in sorted(_steps, key=lambda item: item[0]):
        made.update(step())
    return made
