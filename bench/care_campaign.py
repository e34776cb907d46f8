"""Benchmark: a campaign for 10,000 recipients — selection, amounts and signing-sheet data, target < 5 s together.

    python bench/care_campaign.py                                                   # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_care python bench/care_campaign.py  # PostgreSQL

A union with 10,000 members on high-temperature posts (and 5,000 others) runs 夏送清凉 with goods per person:
select by criteria (岗位含“高温”: the rows get the campaign's goods and amount in the same bulk insert), adjust
the amount of 500 of them, build the signing-sheet rows (the data the export writes). Counted apart: re-pricing all
10,000 rows at once, approving, delivering to all (10,000 assistance records) and clicking deliver again.
Everything goes through the real services and selectors, one audit entry per row included (audit.record_bulk).
"""
from __future__ import annotations

import datetime
import os
import random
import time

from care_metrics import analyze, bench_database, bulk_people, make_tree


def main() -> None:
    with bench_database() as vendor:
        from gonghui.accounts.models import User
        from gonghui.care import selectors, services
        from gonghui.care.models import Assistance, Campaign
        from gonghui.core.context import acting_as
        from gonghui.core.models import AuditEntry

        fed, leaves = make_tree(unions=2, branches=4)
        union = leaves[0]
        inside = [o for o in leaves if o.path.startswith(union.path)]
        rng = random.Random(7)
        bulk_people(inside, 10_000, rng=rng, prefix="高温", post="高温炉前岗")
        bulk_people(inside, 5_000, rng=rng, prefix="办公", post="办公室")
        user = User.objects.create(username="bench", is_superuser=True)
        analyze()
        rows: list[tuple[str, float, float, str]] = []

        def step(label, fn, counted=True):
            start, cpu = time.perf_counter(), time.process_time()
            result = fn()
            rows.append((label, time.perf_counter() - start, time.process_time() - cpu, "计入" if counted else ""))
            return result

        with acting_as(user, source="command"):
            goods = [{"name": "绿豆", "quantity": 2, "unit": "斤", "value": "20"},
                     {"name": "藿香正气水", "quantity": 1, "unit": "盒", "value": "15"}]
            campaign = services.campaign_create(actor=user, org=union, kind=Campaign.Kind.SUMMER, title="2025年夏送清凉",
                                                planned_on=datetime.date(2025, 7, 10), form="goods",
                                                default_goods=goods)
            added = step("按条件选取名单（含每人物品、金额）", lambda: services.campaign_select(
                actor=user, campaign=campaign, criteria=services.Criteria(post_contains="高温")))
            some = list(campaign.recipients.order_by("id").values_list("pk", flat=True)[:500])
            step("个别调整金额（500人）", lambda: services.campaign_set_amounts(
                actor=user, campaign=campaign, amount="50", recipient_ids=some))
            sheet = step("签收表数据（按单位、部门、姓名排序）", lambda: selectors.campaign_signing_sheet(user, campaign.pk))
            target = sum(t for _, t, _, c in rows if c)
            target_cpu = sum(t for _, _, t, c in rows if c)
            changed = step("全部重新定价（10,000人，另计）", lambda: services.campaign_set_amounts(
                actor=user, campaign=campaign, goods=goods), counted=False)
            step("审批", lambda: services.campaign_approve(actor=user, campaign=campaign), counted=False)
            delivered = step("发放（生成救助记录并审计）", lambda: services.campaign_deliver(
                actor=user, campaign=campaign, delivered_on=datetime.date(2025, 7, 12)), counted=False)
            again = step("再次点击发放（幂等）", lambda: services.campaign_deliver(
                actor=user, campaign=campaign, delivered_on=datetime.date(2025, 7, 12)), counted=False)

        assert added == changed == len(sheet) == delivered == 10_000 and again == 0
        assert Assistance.objects.filter(campaign_recipient__campaign=campaign).count() == 10_000
        print(f"\n{vendor}: campaign for {added:,} recipients "
              f"({AuditEntry.objects.count():,} audit entries written in all)\n")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"{'step':<34} {'wall s':>7} {'cpu s':>7}  target")
        print("-" * 60)
        for label, seconds, cpu, counted in rows:
            print(f"{label:<34} {seconds:>7.2f} {cpu:>7.2f}  {counted}")
        print("-" * 60)
        print(f"selection + amounts + signing sheet: {target:.2f} s wall, {target_cpu:.2f} s CPU of this process "
              f"(target < 5 s) — {'OK' if target < 5 else 'TOO SLOW'}; load average {load:.1f} on {os.cpu_count()} CPUs\n")


if __name__ == "__main__":
    main()
