"""Work injuries: the record and its checks, the union's visit and help through care (counted once, shown on the
injury), details for RIGHTS_SENSITIVE only (reveal audited, masked list and export), 404s, figures and wording."""
from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.reports import registry
from gonghui.rights.models import InjuryCare, WorkInjury
from gonghui.rights.services import injuries as services

TODAY = localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def worker(tree, make_person):
    return make_person(tree["branch"], "钱师傅")


def record(actor, person, days_ago=20, **extra):
    values = dict(occurred_on=TODAY - days_ago * DAY, place="二车间冲压线", description="左手被冲压模具压伤，两指骨折",
                  severity=WorkInjury.Severity.SERIOUS)
    values.update(extra)
    return services.injury_record(actor=actor, person=person, **values)


def test_record_checks(officer_a, officer_b, worker):
    with pytest.raises(ServiceError, match="事故经过"):
        record(officer_a, worker, description=" ")
    with pytest.raises(ServiceError, match="伤害程度"):
        record(officer_a, worker, severity="bad")
    with pytest.raises(ServiceError, match="认定（申请）日期"):
        record(officer_a, worker, recognition=WorkInjury.Recognition.APPLIED)
    with pytest.raises(ServiceError, match="不能早于受伤日期"):
        record(officer_a, worker, recognition=WorkInjury.Recognition.APPLIED, recognition_on=TODAY - 30 * DAY)
    with pytest.raises(ServiceError, match="不能晚于|未来|今天"):
        record(officer_a, worker, days_ago=-3)
    with pytest.raises(ServiceError) as err:
        record(officer_b, worker)
    assert err.value.code == "out_of_scope"
    i = record(officer_a, worker, recognition=WorkInjury.Recognition.NONE, recognition_on=TODAY, days_off="30")
    assert i.recognition_on is None and i.days_off == 30 and i.org == worker.org
    i = services.injury_update(actor=officer_a, injury=i, recognition=WorkInjury.Recognition.RECOGNISED,
                               recognition_on=TODAY - 2 * DAY, days_off=45)
    assert i.recognition == "recognised" and i.days_off == 45
    from gonghui.core.selectors import object_history

    trail = list(object_history(i))
    assert len(trail) == 2  # created, then updated: the account of what happened is never written out
    assert all("两指骨折" not in str(e.changes) for e in trail) and "***" in str(trail[-1].changes)


def test_visit_and_help_through_care_counted_once(officer_a, worker, tree):
    from gonghui.care.models import Assistance, Condolence, Occasion
    from gonghui.core.metrics import compute_many

    i = record(officer_a, worker)
    c = services.injury_visit(actor=officer_a, injury=i, visited_on=TODAY - 18 * DAY, amount="500",
                              visitors="工会主席王某")
    assert c.occasion == Occasion.INJURY and c.person == worker and c.amount == Decimal("500.00")
    with pytest.raises(ServiceError, match="不能早于受伤日期"):
        services.injury_visit(actor=officer_a, injury=i, visited_on=TODAY - 25 * DAY, amount="500")
    a = services.injury_assist(actor=officer_a, injury=i, kind="daily", amount="2000", reason="")
    assert a.kind == Assistance.Kind.DAILY and "因工受伤" in a.reason
    with pytest.raises(ServiceError, match="已关联"):
        services.injury_link(actor=officer_a, injury=i, condolence=c)
    # a visit recorded in care before the injury page existed: linked, not copied
    from gonghui.care.services.condolence import condolence_record

    earlier = condolence_record(actor=officer_a, person=worker, occasion=Occasion.INJURY,
                                visited_on=TODAY - 10 * DAY, amount="300")
    services.injury_link(actor=officer_a, injury=i, condolence=earlier)
    other = record(officer_a, worker, days_ago=5)
    with pytest.raises(ServiceError, match="早于受伤日期"):
        services.injury_link(actor=officer_a, injury=other, condolence=earlier)
    assert Condolence.objects.count() == 2 and InjuryCare.objects.filter(injury=i).count() == 3
    # one injury visited (twice) in the period, one not: 2起, 1起 visited
    codes = ["rights.injuries.count", "rights.injuries.visited"]
    values = compute_many([registry.get(code) for code in codes], tree["fed"], TODAY - 60 * DAY, TODAY)
    assert values == {"rights.injuries.count": 2, "rights.injuries.visited": 1}
    # before the visit's date, the injury was not yet visited
    assert registry.get("rights.injuries.visited").compute(tree["company"], TODAY - 60 * DAY, TODAY - 19 * DAY) in (0, None)


def test_pages_reveal_masking_and_404s(client, officer_a, officer_b, worker, tree, make_user):
    i = record(officer_a, worker)
    services.injury_visit(actor=officer_a, injury=i, visited_on=TODAY - 18 * DAY, amount="500")
    women = make_user("women_a", Role.WOMEN, tree["company"])
    client.force_login(women)  # RIGHTS_VIEW without SENSITIVE
    page = client.get(reverse("rights:injury_detail", args=[i.pk]) + "?reveal=1").content.decode()
    for word in ("两指骨折", "钱师傅"):
        assert word not in page, page[page.index(word) - 600:page.index(word) + 100]
    assert "钱**" in page and "500.00" in page
    client.force_login(officer_a)
    listing = client.get(reverse("rights:injury_list")).content.decode()
    assert "钱**" in listing and "钱师傅" not in listing and "两指骨折" not in listing
    export = client.get(reverse("rights:injury_list") + "?export=xlsx")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    cells = [str(v) for row in book.active.iter_rows(values_only=True) for v in row if v is not None]
    assert "钱**" in cells and "钱师傅" not in cells and not any("骨折" in v for v in cells)
    page = client.get(reverse("rights:injury_detail", args=[i.pk])).content.decode()
    assert "两指骨折" not in page and "reveal-link" in page
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()
    page = client.get(reverse("rights:injury_detail", args=[i.pk]) + "?reveal=1").content.decode()
    assert "两指骨折" in page and "钱师傅" in page
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL, note="查看工伤详情").count() == 1
    # the acts from the page
    r = client.post(reverse("rights:injury_update", args=[i.pk]),
                    {"recognition": "applied", "recognition_on": (TODAY - 5 * DAY).isoformat(), "days_off": "20"})
    assert r.status_code == 302
    i.refresh_from_db()
    assert i.recognition == "applied" and i.days_off == 20
    r = client.post(reverse("rights:injury_visit", args=[i.pk]),
                    {"visited_on": TODAY.isoformat(), "form": "goods", "amount": "200", "gift": "水果、牛奶"})
    assert r.status_code == 302
    assert InjuryCare.objects.filter(injury=i, condolence__isnull=False).count() == 2
    r = client.post(reverse("rights:injury_add"),
                    {"who": worker.id_number, "occurred_on": TODAY.isoformat(), "place": "仓库",
                     "severity": "minor", "description": "搬运时扭伤腰部", "recognition": "none"})
    assert r.status_code == 302 and WorkInjury.objects.count() == 2
    # another union's officer: 404 on every page of this injury; its list shows nothing
    client.force_login(officer_b)
    for name in ("injury_detail", "injury_update", "injury_visit", "injury_assist", "injury_link"):
        assert client.get(reverse(f"rights:{name}", args=[i.pk])).status_code == 404, name
    assert client.post(reverse("rights:injury_update", args=[i.pk]),
                       {"recognition": "none"}).status_code == 404
    assert "钱**" not in client.get(reverse("rights:injury_list")).content.decode()
    r = client.post(reverse("rights:injury_add"),
                    {"who": worker.id_number, "occurred_on": TODAY.isoformat(), "place": "仓库",
                     "severity": "minor", "description": "乙校的人登记甲公司的工伤", "recognition": "none"})
    assert WorkInjury.objects.count() == 2 and "找不到此人" in r.content.decode()


def test_wording(officer_a, worker, tree):
    from gonghui.rights import report_texts

    i = record(officer_a, worker)
    services.injury_visit(actor=officer_a, injury=i, visited_on=TODAY - 18 * DAY, amount="500")
    body = next(s.body for s in report_texts.SECTIONS if s.kind == "summary")
    assert "{rights.injuries.count}" in body and "{rights.injuries.visited}" in body
