import secrets

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from apps.accounts.models import User
from apps.accounts.roles import CITY_ADMIN, CLERK, READ_ONLY, REVIEWER
from apps.core.demo import run_demo_steps
from apps.unions.models import Employer, Union
from apps.unions.reference import load_reference, load_union_tree

DEMO_USERS = [
    # username, display name, role, region code of the user's union node
    ("shizong", "市总组织部管理员", CITY_ADMIN, "421000"),
    ("shenhe", "市总审核员", REVIEWER, "421000"),
    ("lingdao", "市总领导（只读）", READ_ONLY, "421000"),
    ("shashi", "沙市区录入员", CLERK, "421002"),
    ("jingzhouqu", "荆州区录入员", CLERK, "421003"),
]


class Command(BaseCommand):
    help = "载入荆州组织树、参考表、演示数据和演示用户（可重复运行，不会重复创建）"

    def handle(self, *args, **options):
        load_reference()
        created = load_union_tree()
        self.stdout.write(f"组织树：新建{created}个节点，共{Union.objects.count()}个。")
        if not Employer.objects.exists():
            self.stdout.write(f"演示数据：{run_demo_steps()}")
        nodes = {u.region_code: u for u in Union.objects.exclude(region_code="")}
        new_users = []
        for username, name, role, region in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            password = secrets.token_urlsafe(9)
            user = User.objects.create_user(
                username,
                password=password,
                display_name=name,
                union=nodes[region],
                is_staff=role == CITY_ADMIN,
            )
            user.groups.add(Group.objects.get(name=role))
            new_users.append((username, password, role, nodes[region].name))
        if new_users:
            self.stdout.write(self.style.SUCCESS("演示用户（密码只显示这一次，请记下）："))
            for username, password, role, node in new_users:
                self.stdout.write(f"  {username:<12} 密码 {password:<14} {role}  {node}")
        else:
            self.stdout.write("演示用户已存在（忘记密码可运行 manage.py changepassword 用户名）。")
