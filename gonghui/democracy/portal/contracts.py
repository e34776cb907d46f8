"""Collective contracts on the officer's desk, in messages and on the member's phone.

To-dos (in the current organisation's subtree, through selectors/contracts.py):
  集体合同90日内到期待续签 (urgency 65), 集体合同逾期未报送备案 (70), 集体合同本年度未履约检查 (45).
Reminders (`gonghui remind`, once a day each, to the union's officers with DEMOCRACY_EDIT — desk.officers):
  a contract in force ending within 90 days and not renewed; a signed contract not submitted 10 days after signing;
  a contract in force for a year or more without a check in the last twelve months.
Member: 集体合同 in 服务 — the contracts in force of the member's union, to read on the phone.
"""
from __future__ import annotations

import datetime

from django.urls import reverse

from gonghui.accounts.scope import Perm
from gonghui.portal import desk, member, messaging

from ..selectors import contracts as selectors

EXPIRING = messaging.register_kind(messaging.MessageKind("democracy.contracts.expiring", "集体合同到期提醒"))
FILING = messaging.register_kind(messaging.MessageKind("democracy.contracts.filing", "集体合同备案提醒"))
CHECK = messaging.register_kind(messaging.MessageKind("democracy.contracts.check", "集体合同履约检查提醒"))

AREA = "民主管理"


def _list(state: str):
    return lambda org: reverse("democracy:contracts_list") + f"?state={state}"


desk.register(desk.TodoSource(
    key="democracy.contracts.filing_overdue", label="集体合同逾期未报送备案", area=AREA, perm=Perm.DEMOCRACY_EDIT,
    urgency=70, count=lambda user, org: selectors.filing_overdue(user, within=org), url=_list("filing_overdue")))
desk.register(desk.TodoSource(
    key="democracy.contracts.expiring", label="集体合同90日内到期待续签", area=AREA, perm=Perm.DEMOCRACY_EDIT,
    urgency=65, count=lambda user, org: selectors.expiring(user, within=org), url=_list("expiring")))
desk.register(desk.TodoSource(
    key="democracy.contracts.check_due", label="集体合同未按年度履约检查", area=AREA, perm=Perm.DEMOCRACY_EDIT,
    urgency=45, count=lambda user, org: selectors.checks_due(user, within=org),
    url=lambda org: reverse("democracy:contracts_list") + "?state=in_force"))


def _officers(cache: dict, org):
    if org.pk not in cache:
        cache[org.pk] = desk.officers(org, Perm.DEMOCRACY_EDIT)
    return cache[org.pk]


def _d(day: datetime.date) -> str:
    return f"{day:%Y年%-m月%-d日}"


def expiring(day: datetime.date):
    found: dict = {}
    for c in selectors.expiring(desk.SYSTEM, on=day).iterator(chunk_size=500):
        left = (c.ends_on - day).days
        for user in _officers(found, c.org):
            yield desk.Notice(user, f"contract:{c.pk}", f"集体合同将于{_d(c.ends_on)}到期：{c.title}",
                              f"{c.org.name}的{c.get_kind_display()}“{c.title}”将于{_d(c.ends_on)}到期（还有{left}日），"
                              "尚未续签。请及时提出续订要求、开展集体协商。", c.get_absolute_url())


def filing(day: datetime.date):
    found: dict = {}
    for c in selectors.filing_overdue(desk.SYSTEM, on=day).iterator(chunk_size=500):
        for user in _officers(found, c.org):
            yield desk.Notice(user, f"contract:{c.pk}", f"集体合同逾期未报送备案：{c.title}",
                              f"“{c.title}”于{_d(c.signed_on)}签订，应在10日内（{_d(c.filing_due_on)}前）报送劳动保障"
                              "行政部门审查，至今未报送。", c.get_absolute_url())


def checks(day: datetime.date):
    found: dict = {}
    for c in selectors.checks_due(desk.SYSTEM, on=day).iterator(chunk_size=500):
        for user in _officers(found, c.org):
            yield desk.Notice(user, f"contract:{c.pk}", f"集体合同履约检查未开展：{c.title}",
                              f"“{c.title}”近一年未进行履约检查，请组织开展并登记检查情况。", c.get_absolute_url())


desk.register_reminder(desk.Reminder("democracy.contracts.expiring", "集体合同到期", EXPIRING.key, expiring))
desk.register_reminder(desk.Reminder("democracy.contracts.filing", "集体合同逾期未备案", FILING.key, filing))
desk.register_reminder(desk.Reminder("democracy.contracts.check", "集体合同履约检查", CHECK.key, checks))

member.register_entry(member.MemberEntry(
    key="democracy.contracts", label="集体合同", icon="file-earmark-text", url_name="democracy:contracts_mine",
    section=member.SERVICES, order=60))
