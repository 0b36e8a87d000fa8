from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.dispatch import receiver

from apps.core.scoping import subtree_bounds
from apps.core.signals import subtree_moved

from .models import Member


@receiver(subtree_moved)
def move_member_paths(sender, *, old_path: str, new_path: str, **kwargs) -> None:
    """Members keep a copy of their union's path; a moved subtree takes its members along."""
    low, high = subtree_bounds(old_path)
    Member.objects.filter(union_path__gte=low, union_path__lt=high).update(
        union_path=Concat(Value(new_path), Substr("union_path", len(old_path) + 1))
    )
