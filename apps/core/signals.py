"""Signals with which the union tree tells higher apps what changed (they import down only)."""

from django.dispatch import Signal

# A union moved under another parent: every path starting with `old_path` now starts with
# `new_path`. Apps that copy paths onto their rows (members) rewrite them.
subtree_moved = Signal()
