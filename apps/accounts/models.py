from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A user of one union node: they see and change rows of that node's subtree only."""

    union = models.ForeignKey(
        "unions.Union",
        verbose_name="所属工会组织",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="用户只能查看和维护本组织及下级组织的数据",
    )
    display_name = models.CharField("姓名", max_length=30, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def role_names(self) -> list[str]:
        return [g.name for g in self.groups.all()]
