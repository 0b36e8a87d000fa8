"""The election ledger as an Excel export (export only; see `ElectionExport`).

The column declarations keep `# fmt: skip`: a column a line, they read as the template."""

from __future__ import annotations

from apps.core.exchange.columns import Column

from ..models import Election


def _winner(attr: str):
    def read(election: Election):
        winner = election.result().winner
        return getattr(winner, attr) if winner is not None else ""

    return read


class ElectionExport:
    """The election ledger as an Excel export, one row per election with its result.

    Export only: an election is a document, not a row. It holds its candidates (a variable
    number, each with votes and nomination), the uploaded election rules, and numbers checked
    against one another (votes within voters, the majority of eligible voters); the import
    engine upserts one row into one model on a natural key, so elections are recorded in the
    browser, where the ballot is also printed.
    """

    model = Election
    columns = [
        Column("union", "工会", export=lambda e: str(e.union)),
        Column("kind", "选举类型", export=lambda e: e.get_kind_display()),
        Column("held_on", "选举日期", export=lambda e: e.held_on),
        Column("method", "选举方式", export=lambda e: e.get_method_display()),
        Column("eligible_voters", "应参加选举人数", export=lambda e: e.eligible_voters),
        Column("votes_cast", "实际投票人数", export=lambda e: e.votes_cast),
        Column("candidates", "候选人及得票",
               export=lambda e: "；".join(f"{c.name}（{c.votes}票）" for c in e.candidates.all())),
        Column("winner", "当选人", export=_winner("name")),
        Column("winner_votes", "当选人得票", export=_winner("votes")),
        Column("result", "选举结果", export=lambda e: e.result().text),
        Column("approved", "上级工会批复",
               export=lambda e: "已批复" if e.is_approved else "未批复"),
        Column("approved_on", "批复日期", export=lambda e: e.approved_on),
        Column("approval_number", "批复文号", export=lambda e: e.approval_number),
        Column("term_end", "任期届满日期", export=lambda e: e.term_end),
        Column("rules_document", "选举办法", export=lambda e: "已上传" if e.rules_document
               else "未上传"),
    ]  # fmt: skip

    def __init__(self, user) -> None:
        self.user = user

    def export_row(self, obj: Election) -> list:
        return [column.export(obj) for column in self.columns]
