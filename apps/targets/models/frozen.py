"""Rows written once. A snapshot is a record of what the ledgers said on a day: the
year-end assessment's rows and the published bulletins refuse to be changed or deleted once
written, whatever the code path (forms, admin, shell)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

__all__ = ["Frozen"]


class Frozen(models.Model):
    """A row written once: saving it again or deleting it raises."""

    class Meta:
        abstract = True

    frozen_message = "已冻结的考核结果不能修改或删除"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ValidationError(self.frozen_message)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(self.frozen_message)
