"""Background work. An import is checked, and after the user confirms written, by a task
worker (`manage.py db_worker`), so a 100,000-row roster does not hold a request open; the
page follows its progress on the ImportRecord."""

from __future__ import annotations

import dataclasses
import datetime
import logging

from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from ..models import ImportRecord
from .engine import LedgerImporter
from .excel import write_xlsx
from .results import ImportCommitError, ImportFileError, ImportResult

logger = logging.getLogger(__name__)

SHOWN_ROWS = 500  # errors and conflicts kept for the page; the errors file has them all
SHOWN_CHANGES = 300  # rows of the preview on the page; the file has every one
# A check of the largest allowed file takes a few minutes; a task running this long has lost
# its worker (killed for memory, server restarted) and will never finish its record.
STALE_AFTER = datetime.timedelta(minutes=30)
UNEXPECTED = "导入时发生意外错误，未导入任何数据。请重试；如仍失败，请联系系统管理员。"
INTERRUPTED = "处理中断（服务器重启或文件过大），请重新上传"


@task()
def run_import(record_id: int, commit: bool) -> None:
    record = ImportRecord.objects.select_related("user", "user__union").get(pk=record_id)
    importer = LedgerImporter.registry[record.ledger](record.user)

    def progress(stage: str, done: int, total: int) -> None:
        ImportRecord.objects.filter(pk=record.pk).update(stage=stage, done=done, total=total)

    try:
        with default_storage.open(record.stored_name, "rb") as fileobj:
            result = importer.run(fileobj, record.filename, commit=commit, progress=progress)
    except ImportCommitError as exc:
        record.status, record.message = ImportRecord.Status.FAILED, str(exc)
        record.created = record.updated = record.unchanged = 0  # nothing was written
    except ImportFileError as exc:
        record.status, record.message = ImportRecord.Status.INVALID, str(exc)
    except FileNotFoundError:
        record.status, record.message = ImportRecord.Status.INVALID, "导入文件已失效，请重新上传。"
    except Exception:
        logger.exception("import %s failed", record.pk)
        record.status, record.message = ImportRecord.Status.FAILED, UNEXPECTED
    else:
        try:
            keep_result(record, result)
        except Exception:
            # The record must leave 校验中/写入中 whatever happens, or its page waits forever.
            logger.exception("keeping the result of import %s failed", record.pk)
            record.status = ImportRecord.Status.FAILED
            record.message = (
                "数据已导入，但保存导入结果时出错，请在台帐中核对。"
                if result.committed
                else UNEXPECTED
            )
    record.finished_at = timezone.now()
    if record.status != ImportRecord.Status.READY:  # the file is kept only for the commit
        default_storage.delete(record.stored_name)
    record.save()


def fail_stale_imports(records: QuerySet[ImportRecord]) -> None:
    """Mark 失败 the running records among `records` whose task will never finish them.

    Called where records are shown: a worker killed mid-task (a file too large for memory, a
    restart) leaves its task row "running" and its record 校验中/写入中 for good. The other
    workers' queue is not held by it; this only tells the clerk to upload again.
    """
    now = timezone.now()
    running = records.filter(status__in=ImportRecord.RUNNING).select_related(None)
    for record in running.only("status", "started_at", "finished_at", "stored_name"):
        if task_lost(record, now - STALE_AFTER):
            failed = ImportRecord.objects.filter(pk=record.pk, status=record.status).update(
                status=ImportRecord.Status.FAILED, message=INTERRUPTED, finished_at=now
            )
            if failed:
                default_storage.delete(record.stored_name)


def task_lost(record: ImportRecord, cutoff: datetime.datetime) -> bool:
    """Whether the record's latest task ended without it, or has run since before `cutoff`.

    Without the database task backend (tests run tasks inline) the record's own times tell:
    checking starts at the upload, writing when the check finished.
    """
    from django_tasks_db.models import DBTaskResult

    commit = record.status == ImportRecord.Status.WRITING
    tasks = DBTaskResult.objects.filter(
        task_path=run_import.module_path, args_kwargs__args__0=record.pk
    ).order_by("-enqueued_at")
    found = next((t for t in tasks[:4] if t.args_kwargs["args"][1:] == [commit]), None)
    if found is None:
        since = record.finished_at if commit else record.started_at
        return since is None or since < cutoff
    if found.status == TaskResultStatus.READY:  # waiting for a worker: not lost
        return False
    if found.status == TaskResultStatus.RUNNING:
        return found.started_at is None or found.started_at < cutoff
    return True  # the task ended and left the record running


def keep_result(record: ImportRecord, result: ImportResult) -> None:
    if result.committed:
        record.status = ImportRecord.Status.DONE
    elif result.errors:
        record.status = ImportRecord.Status.INVALID
    else:
        record.status = ImportRecord.Status.READY
    record.header_row, record.rows = result.header_row, result.rows
    if not result.errors:  # a refused file creates and updates nothing
        record.created, record.updated, record.unchanged = (
            result.created,
            result.updated,
            result.unchanged,
        )
    record.error_count, record.conflicts = len(result.errors), len(result.conflicts)
    record.done = record.total = result.rows
    record.details = {
        "notes": result.notes,
        "errors": [dataclasses.asdict(e) for e in result.errors[:SHOWN_ROWS]],
        "conflicts": [dataclasses.asdict(e) for e in result.conflicts[:SHOWN_ROWS]],
        # A refused file changes nothing: its preview would promise what will not happen.
        "changes": []
        if result.errors
        else [dataclasses.asdict(c) for c in result.changes[:SHOWN_CHANGES]],
    }
    if result.errors or result.conflicts or result.ignored_columns or result.changes:
        record.errors_name = errors_file(record, result)


def errors_file(record: ImportRecord, result: ImportResult) -> str:
    """Every error, conflict and ignored column as a spreadsheet the clerk can work through,
    and for a file without errors every row it creates or changes (the whole preview)."""
    headers = ["类别", "行号", "列", "填写的内容", "问题或变动"]
    rows = (
        [
            [kind, e.row, e.column, e.value, e.message]
            for kind, found in (("错误", result.errors), ("冲突（未导入）", result.conflicts))
            for e in found
        ]
        + [
            ["未识别的列", result.header_row, column, "", "不是本台帐的列，其中的数据没有导入"]
            for column in result.ignored_columns
        ]
        + [
            [c.kind, c.row, "", c.key, c.detail]
            for c in ([] if result.errors else result.changes)  # a refused file changes nothing
        ]
    )
    with write_xlsx(headers, rows, sheet_name="错误清单") as out:
        name = record.stored_name.rsplit(".", 1)[0] + "-errors.xlsx"
        default_storage.delete(name)
        return default_storage.save(name, out)
