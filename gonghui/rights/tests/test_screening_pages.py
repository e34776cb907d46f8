"""Pages of petitions (信访) and risk screening (矛盾排查): forms with Chinese date checks, edit with history, 404 for
another union's ids, permissions, masked list/export/history, the audited reveal of the petitioner."""
from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.rights.models import Petition, Risk
from gonghui.rights.services import screening

TODAY = localdate()
DAY = datetime.timedelta(days=1)


def cells(response) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [str(v) for row in book.active.iter_rows(values_only=True) for v in row if v is not None]


def petition(officer, org, **kw):
    kw.setdefault("received_on", TODAY - 10 * DAY)
    return screening.petition_record(actor=officer, org=org, channel=Petition.Channel.VISIT, petitioner="钱大军",
                                     matter="食堂伙食费上涨", people=3, **kw)


def test_petition_create_edit_and_dates_in_chinese(client, officer_a, tree):
    client.force_login(officer_a)
    url = reverse("rights:petition_add")
    assert client.get(url).status_code == 200
    data = {"channel": "letter", "received_on": (TODAY - 5 * DAY).isoformat(), "petitioner": "孙小红", "people": 1,
            "matter": "夜班补贴未发放", "handler": "王干事", "answer": "已协调发放",
            "answered_on": (TODAY - 6 * DAY).isoformat()}
    page = client.post(url, data)
    assert page.status_code == 200 and "答复日期不能早于受理日期" in page.content.decode()
    page = client.post(url, {**data, "answered_on": ""})
    assert "请同时填写答复日期" in page.content.decode()
    assert not Petition.objects.exists()
    r = client.post(url, {**data, "answered_on": TODAY.isoformat()})
    p = Petition.objects.get()
    assert r.status_code == 302 and r["Location"] == p.get_absolute_url()
    assert p.org == tree["company"] and p.answered_on == TODAY
    edit = reverse("rights:petition_edit", args=[p.pk])
    assert client.get(edit).context["form"].initial["matter"] == "夜班补贴未发放"
    page = client.post(edit, {**data, "received_on": (TODAY + DAY).isoformat(), "answer": "", "answered_on": ""})
    assert "在今天之后" in page.content.decode()
    assert client.post(edit, {**data, "matter": "夜班补贴少发", "answered_on": TODAY.isoformat()}).status_code == 302
    p.refresh_from_db()
    assert p.matter == "夜班补贴少发"
    detail = client.get(p.get_absolute_url()).content.decode()
    assert "夜班补贴少发" in detail and "history-table" in detail and "夜班补贴未发放" in detail  # history
    assert "孙小红" not in detail and "孙*" in detail  # the audit history masks the name too
    with pytest.raises(ServiceError, match="答复日期不能早于受理日期"):
        screening.petition_answer(actor=officer_a, petition=p, answer="x", answered_on=TODAY - 9 * DAY)


def test_petition_masked_in_list_and_export_revealed_audited(client, officer_a, tree, make_user):
    p = petition(officer_a, tree["company"])
    client.force_login(officer_a)
    listing = client.get(reverse("rights:petition_list")).content.decode()
    assert "钱**" in listing and "钱大军" not in listing and "食堂伙食费上涨" in listing
    assert "钱**" not in client.get(reverse("rights:petition_list") + "?q=钱大军").content.decode()  # not by name
    assert "食堂" in client.get(reverse("rights:petition_list") + "?q=伙食&answered=no").content.decode()
    export = cells(client.get(reverse("rights:petition_list") + "?export=xlsx"))
    assert "钱**" in export and "钱大军" not in export and "食堂伙食费上涨" in export
    page = client.get(p.get_absolute_url()).content.decode()
    assert "钱大军" not in page and "reveal-link" in page
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()
    page = client.get(p.get_absolute_url() + "?reveal=1").content.decode()
    assert "钱大军" in page
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL, object_id=str(p.pk)).count() == 1
    # 女职工委员会: RIGHTS_VIEW without RIGHTS_SENSITIVE — sees the page, never the name, cannot edit
    women = make_user("women_a", Role.WOMEN, tree["company"])
    client.force_login(women)
    page = client.get(p.get_absolute_url() + "?reveal=1").content.decode()
    assert "钱大军" not in page and "reveal-link" not in page and "edit-link" not in page
    assert client.get(reverse("rights:petition_edit", args=[p.pk])).status_code in (403, 404)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).count() == 1


def test_another_unions_ids_are_404(client, officer_a, officer_b, tree, make_person, make_user):
    p = petition(officer_a, tree["company"])
    r = screening.risk_record(actor=officer_a, org=tree["company"], screened_on=TODAY, matter="车间拟裁员引发不满")
    client.force_login(officer_b)
    for name, pk in (("petition_detail", p.pk), ("petition_edit", p.pk), ("risk_detail", r.pk),
                     ("risk_edit", r.pk)):
        assert client.get(reverse(f"rights:{name}", args=[pk])).status_code == 404, name
        assert client.get(reverse(f"rights:{name}", args=[pk]) + "?reveal=1").status_code == 404
    assert client.post(reverse("rights:risk_edit", args=[r.pk]), {"screened_on": TODAY.isoformat(),
                                                                 "matter": "改"}).status_code == 404
    assert "车间拟裁员" not in client.get(reverse("rights:risk_list")).content.decode()
    assert "食堂" not in client.get(reverse("rights:petition_list")).content.decode()
    assert "车间拟裁员" not in "".join(cells(client.get(reverse("rights:risk_list") + "?export=xlsx")))
    with pytest.raises(ServiceError):
        screening.risk_update(actor=officer_b, risk=r, screened_on=TODAY, matter="改")
    # a member has no officer page
    person = make_person(tree["branch"], "周会员")
    member = make_user("member_zhou", Role.MEMBER, tree["branch"], person=person)
    client.force_login(member)
    assert client.get(reverse("rights:petition_list")).status_code in (403, 404)
    assert client.get(reverse("rights:risk_add")).status_code in (403, 404)


def test_risk_create_resolve_by_edit_and_export(client, officer_a, tree):
    client.force_login(officer_a)
    url = reverse("rights:risk_add")
    data = {"screened_on": (TODAY - 20 * DAY).isoformat(), "matter": "班组长与职工因排班冲突", "people": 12,
            "measures": "", "resolved_on": (TODAY - 21 * DAY).isoformat()}
    page = client.post(url, data)
    assert "化解日期不能早于排查日期" in page.content.decode() and not Risk.objects.exists()
    assert client.post(url, {**data, "people": -1, "resolved_on": ""}).status_code == 200
    assert client.post(url, {**data, "resolved_on": ""}).status_code == 302
    r = Risk.objects.get()
    assert r.state_label == "正在化解"
    edit = reverse("rights:risk_edit", args=[r.pk])
    assert "化解日期不能早于排查日期" in client.post(edit, data).content.decode()
    with pytest.raises(ServiceError, match="化解日期不能早于排查日期"):
        screening.risk_resolve(actor=officer_a, risk=r, resolved_on=TODAY - 30 * DAY)
    assert client.post(edit, {**data, "measures": "调整排班，个别谈心", "resolved_on": TODAY.isoformat()}).status_code == 302
    r.refresh_from_db()
    assert r.resolved_on == TODAY
    page = client.get(r.get_absolute_url()).content.decode()
    assert "已化解" in page and "调整排班" in page and "history-table" in page
    assert "班组长" in client.get(reverse("rights:risk_list") + "?resolved=yes&q=排班").content.decode()
    assert "班组长" not in client.get(reverse("rights:risk_list") + "?resolved=no").content.decode()
    export = cells(client.get(reverse("rights:risk_list") + "?export=xlsx"))
    assert "班组长与职工因排班冲突" in export and "已化解" in export
    nav = client.get(reverse("rights:risk_list")).content.decode()
    assert reverse("rights:petition_list") in nav and "信访登记" in nav
