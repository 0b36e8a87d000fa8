"""County A's clerk imports a member roster: the first file has a wrong ID number and is
refused whole; the corrected file is checked in the background (the page follows the task),
confirmed and written, except one person who is an active member in county B. From the
conflict the clerk asks for a transfer, and county B's clerk accepts it.

The roster keeps `# fmt: skip`: a spreadsheet row a line, it reads as the sheet."""

from __future__ import annotations

import openpyxl
import pytest
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import Page, expect

from apps.core.validators import make_id_number
from apps.members.models import Member, MemberConflict

pytestmark = pytest.mark.e2e

HEADER = ["序号", "姓名", "性别", "身份证号码", "出生年月", "户籍类型", "所在工会", "入会时间",
          "是否递交入会申请书", "会员证号"]  # fmt: skip


def roster(path, world, *, wrong_id: bool):
    """The national form as a county keeps it: a title, the reporting unit, then the table."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["沙市区工会会员实名制信息采集表"])
    sheet.append(["填报单位：沙市区总工会"])
    sheet.append(HEADER)
    for i in range(3):
        number = make_id_number(300 + i, region="421002", female=i == 1)
        if wrong_id and i == 1:
            number = number[:-1] + ("0" if number[-1] != "0" else "1")
        name, sex = ["周杰", "吴敏", "郑强"][i], "女" if i == 1 else "男"
        sheet.append([i + 1, name, sex, number, "1985.01", "农业户口", world.a.union.name,
                      "2023-04-01", "是", ""])  # fmt: skip
    b = world.b.member
    sheet.append([4, b.name, "男", b.id_number, "", "", world.a.union.name, "2023-04-01", "是", ""])
    book.save(path)
    return path


def run_queued_tasks():
    """What `manage.py db_worker` does, here in the test's thread: run the queued tasks."""
    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
           startup_delay=False, max_tasks=None, worker_id="e2e",
           excluded_queue_names=[]).run()  # fmt: skip


def test_roster_import_with_errors_then_conflict_then_transfer(
    page: Page, world, log_in, screenshot, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    world.b_transfer.delete()
    log_in("clerk_a")
    page.get_by_role("link", name="会员台帐").click()
    page.get_by_role("link", name="导入", exact=True).click()
    page.get_by_label("选择文件").set_input_files(roster(tmp_path / "花名册.xlsx", world,
                                                         wrong_id=True))  # fmt: skip
    page.get_by_role("button", name="上传并检查").click()
    # The check runs in the background; the page shows it waiting, then the outcome.
    expect(page.get_by_role("progressbar", name="导入进度")).to_be_visible()
    run_queued_tasks()
    expect(page.get_by_text("发现1处错误，未导入任何数据。")).to_be_visible()
    expect(page.locator(".import-errors")).to_contain_text("第5行")
    expect(page.locator(".import-errors")).to_contain_text("身份证号校验位错误")
    screenshot("11-roster-errors")
    assert Member.objects.count() == 2

    # The clerk corrects the number and uploads the file again.
    page.get_by_role("link", name="重新上传").click()
    page.get_by_label("选择文件").set_input_files(roster(tmp_path / "花名册（改）.xlsx", world,
                                                         wrong_id=False))  # fmt: skip
    page.get_by_role("button", name="上传并检查").click()
    run_queued_tasks()
    expect(page.locator(".import-summary")).to_contain_text("将新增3条")
    # The other county's member is named as a case for a transfer, nothing of her told.
    conflicts = page.locator(".import-conflicts")
    expect(conflicts).to_contain_text(
        "该人员已在其他工会组织登记，不在您的管辖范围内；如属实，请办理会籍接转"
    )
    expect(conflicts).not_to_contain_text(world.b.member.name)
    expect(conflicts).not_to_contain_text(world.b.union.name)
    page.get_by_role("button", name="确认导入").click()
    run_queued_tasks()
    expect(page.locator(".import-summary")).to_contain_text("导入完成：共4行，新增3条")
    screenshot("12-roster-imported")
    assert Member.objects.count() == 5
    assert Member.objects.get(pk=world.b.member.pk).union == world.b.union

    # The conflict is listed on 会员核查, with the transfer request that resolves it.
    page.get_by_role("link", name="会员核查").click()
    page.get_by_role("link", name="发起接转").click()
    expect(page.get_by_label("会员身份证号")).to_have_value(world.b.member.id_number)
    page.get_by_label("接转日期").fill("2026-03-01")
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_text("已提交接转申请，待转出工会确认。")).to_be_visible()

    # County B's clerk lets the member go; the conflict is settled with it.
    page.get_by_role("button", name="clerk_a").click()
    page.get_by_role("button", name="退出登录").click()
    log_in("clerk_b")
    page.get_by_role("link", name="会籍接转").click()
    page.get_by_role("link", name="2026-03-01").click()
    page.get_by_role("link", name="同意转出").click()
    page.get_by_role("button", name="确认").click()
    expect(page.get_by_text("已同意接转。")).to_be_visible()
    assert Member.objects.get(pk=world.b.member.pk).union == world.a.union
    assert MemberConflict.objects.get().resolution == "已办理会籍接转"
