"""Member accounts, notices and messages on a large demo federation, for bench/member_pages.py and member_load.py.

`prepare(accounts)` (after Django is set up and the federation is loaded with `gonghui demo --members N`) gives
`accounts` members spread over the unions a login each (`bench_member_0001` …, password `PASSWORD`, role 会员 on
their organisation, as an activated invitation does), publishes three notices (one to the whole federation, two to
the first union, one pinned) and sends every account three messages, two unread. Everything is kept: a second run
finds it and adds nothing (the accounts are made with one password hash, in bulk, since hashing 200 passwords would
take longer than the measurement).
"""
from __future__ import annotations

from dataclasses import dataclass

PASSWORD = "Bench-Member-2025"
PREFIX = "bench_member_"


@dataclass
class Prepared:
    usernames: list[str]
    notice_ids: list[int]  # the first goes to the whole federation (every account reads it), the others to one union


def prepare(accounts: int) -> Prepared:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from gonghui.accounts.models import RoleAssignment, User
    from gonghui.accounts.roles import Role
    from gonghui.demo import builder
    from gonghui.members.models import Person
    from gonghui.orgs.models import Organization
    from gonghui.portal import messaging
    from gonghui.core.context import acting_as

    existing = set(User.objects.filter(username__startswith=PREFIX).values_list("username", flat=True))
    wanted = [f"{PREFIX}{i:04d}" for i in range(1, accounts + 1)]
    missing = [u for u in wanted if u not in existing]
    if missing:
        members = Person.objects.filter(member_status=Person.MemberStatus.ACTIVE, user__isnull=True)
        total = members.count()
        step = max(1, total // (accounts + 1))
        # Every step-th member in id order: the accounts are spread over the unions, big and small.
        ids = list(members.order_by("id").values_list("id", flat=True)[::step][:len(missing)])
        people = Person.objects.in_bulk(ids)
        password = make_password(PASSWORD)
        with transaction.atomic():
            users = User.objects.bulk_create([
                User(username=name, password=password, display_name=people[pk].name, person_id=pk,
                     must_change_password=False) for name, pk in zip(missing, ids)])
            RoleAssignment.objects.bulk_create([
                RoleAssignment(user=user, org_id=people[user.person_id].org_id, role=Role.MEMBER) for user in users])
    usernames = wanted

    admin = User.objects.get(username="admin")
    fed = Organization.objects.get(code=builder.FED_CODE)
    first = Organization.objects.filter(parent=fed, kind=Organization.Kind.GRASSROOTS).order_by("code").first()
    specs = [
        (fed, "关于开展2026年度会员实名制数据核查的通知", True),
        (first, "工会职工书屋开放时间调整", False),
        (first, "夏季送清凉慰问活动安排", False),
    ]
    with acting_as(admin, source="command"):
        notice_ids = _publish(admin, specs)

    kind = "care.assistance"  # 救助申请, declared by care/portal.py
    now = timezone.now()
    for user in User.objects.filter(username__in=usernames):
        for i, title in enumerate(("您的入会申请已批准", "您的救助申请已受理", "您的救助申请已批准")):
            message = messaging.send(user, kind, title, "详情请在“我的”中查看。", dedupe_key=f"bench:{user.pk}:{i}")
            if message is not None and i == 0:
                type(message).objects.filter(pk=message.pk).update(read_at=now)
    return Prepared(usernames, notice_ids)


def _publish(admin, specs) -> list[int]:
    from gonghui.portal import notices
    from gonghui.portal.models_notices import Notice

    ids = []
    for org, title, pinned in specs:
        found = Notice.objects.filter(title=title, org=org).first()
        if found is None:
            found = notices.notice_save(actor=admin, org=org, title=title, pinned=pinned,
                                        body="各基层工会：\n\n请按要求做好相关工作。\n\n特此通知。")
            found = notices.notice_publish(actor=admin, notice=found)
        ids.append(found.pk)
    return ids
