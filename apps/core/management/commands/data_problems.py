from django.core.management.base import BaseCommand, CommandError

from apps.core.problems import broken_rules, problems, subtree_rows


class Command(BaseCommand):
    help = "列出违反日期规则的已存记录（数据问题），与“数据问题”页面同一规则；有问题时退出码为1。"

    def add_arguments(self, parser):
        parser.add_argument("--path", default="", help="只查该工会组织路径之下（默认全市）")
        parser.add_argument("--limit", type=int, default=20, help="每条规则最多列出的记录数")

    def handle(self, *args, path, limit, **options):
        total = 0
        for broken in broken_rules(subtree_rows(path)):
            count = broken.rows.count()
            if not count:
                continue
            total += count
            self.stdout.write(f"{broken.label} · {broken.field_label}：{count}条")
            for problem in problems(broken, limit=limit):
                self.stdout.write(f"  {problem.row}（#{problem.row.pk}）：{problem.message}")
        if total:
            raise CommandError(f"共{total}条记录违反日期规则，请逐条核对修改。")
        self.stdout.write("没有违反日期规则的记录。")
