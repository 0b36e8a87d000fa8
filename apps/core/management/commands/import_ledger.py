from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.core.exchange.engine import LedgerImporter
from apps.core.exchange.results import ImportFileError


class Command(BaseCommand):
    help = "从 Excel/CSV 导入台帐（与网页导入同一引擎）：先检查，加 --commit 才写入。"

    def add_arguments(self, parser):
        parser.add_argument("ledger", choices=sorted(LedgerImporter.registry))
        parser.add_argument("file")
        parser.add_argument(
            "--as", dest="username", required=True, help="以哪个用户的身份和管辖范围导入"
        )
        parser.add_argument("--commit", action="store_true", help="检查通过后写入数据库")

    def handle(self, *args, ledger, file, username, commit, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"用户“{username}”不存在") from None
        importer = LedgerImporter.registry[ledger](user)
        try:
            with open(file, "rb") as fileobj:
                result = importer.run(fileobj, file, commit=commit)
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{file}") from None
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None
        for error in result.errors:
            self.stdout.write(f"第{error.row}行 [{error.column}] “{error.value}”：{error.message}")
        for note in result.notes:
            self.stdout.write(note)
        summary = (
            f"共{result.rows}行：新增{result.created}，更新{result.updated}，"
            f"未变化{result.unchanged}"
        )
        if result.errors:
            raise CommandError(f"发现{len(result.errors)}处错误，未导入任何数据。")
        if result.committed:
            self.stdout.write(self.style.SUCCESS(f"已导入。{summary}"))
        else:
            self.stdout.write(f"检查通过（未写入，加 --commit 写入）。{summary}")
