"""Pages of legal services: an officer answers a member's online question (the member gets the message and reads
the answer on 我的调解与咨询), records consultations, lawyers on duty and 普法 lectures; masked asker, audited reveal,
Excel exports, 404 for another union's ids, permissions."""
from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Role
from gonghui.core.models import AuditEntry
from gonghui.portal.models import Message
from gonghui.rights.models import Consultation, LawyerDuty, Lecture
from gonghui.rights.services import legal

TODAY = localdate()
DAY = datetime.timedelta(days=1)


def cells(response) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [str(v) for row in book.active.iter_rows(values_only=True) for v in row if v is not None]


def test_officer_answers_a_members_question(client, member, officer_a, tree):
    q = legal.consult_ask(actor=member, question="试用期可以随意辞退吗？", token="t1")
    client.force_login(officer_a)
    listing = client.get(reverse("rights:consultation_list") + "?answered=no").content.decode()
    assert "试用期可以随意辞退吗" in listing and "李*" in listing and "李工" not in listing
    detail = client.get(reverse("rights:consultation_detail", args=[q.pk])).content.decode()
    assert "李工" not in detail and "reveal-link" in detail and "待答复" in detail
    assert "李工" in client.get(reverse("rights:consultation_detail", args=[q.pk]) + "?reveal=1").content.decode()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL, object_id=str(q.pk)).count() == 1
    url = reverse("rights:consultation_answer", args=[q.pk])
    assert "保存后会员会收到答复通知" in client.get(url).content.decode()
    page = client.post(url, {"answer": "不可以", "lawyer": "陈律师", "answered_on": (TODAY - DAY).isoformat()})
    assert "解答日期不能早于咨询日期" in page.content.decode()
    assert client.post(url, {"answer": "不可以，须有法定理由并说明。", "lawyer": "陈律师",
                             "answered_on": TODAY.isoformat()}).status_code == 302
    q.refresh_from_db()
    assert q.answered_on == TODAY and q.lawyer == "陈律师"
    message = Message.objects.get(recipient=member, kind="rights.advice")
    assert message.url == reverse("rights:my_cases")
    assert "试用期" not in client.get(reverse("rights:consultation_list") + "?answered=no").content.decode()
    export = cells(client.get(reverse("rights:consultation_list") + "?export=xlsx"))
    assert "李*" in export and "李工" not in export and "已答复" in export
    client.force_login(member)
    page = client.get(reverse("rights:my_cases")).content.decode()
    assert "须有法定理由" in page
    assert client.get(reverse("rights:consultation_list")).status_code in (403, 404)


def test_record_a_consultation_duty_and_lecture(client, officer_a, tree):
    client.force_login(officer_a)
    r = client.post(reverse("rights:consultation_add"), {"kind": "agent", "asked_on": TODAY.isoformat(),
                                                         "asker": "吴师傅", "question": "工伤认定代理",
                                                         "answer": "", "lawyer": ""})
    c = Consultation.objects.get()
    assert r.status_code == 302 and c.org == tree["company"] and c.answered_on is None
    # lawyer duty
    url = reverse("rights:duty_add")
    assert client.get(url).status_code == 200
    page = client.post(url, {"lawyer": "陈律师", "firm": "明理律师事务所", "on_day": TODAY.isoformat(), "hours": "30"})
    assert "0至24小时" in page.content.decode() and not LawyerDuty.objects.exists()
    page = client.post(url, {"lawyer": "陈律师", "on_day": (TODAY + DAY).isoformat(), "hours": "4"})
    assert "在今天之后" in page.content.decode()
    assert client.post(url, {"lawyer": "陈律师", "firm": "明理律师事务所", "on_day": TODAY.isoformat(),
                             "hours": "3.5"}).status_code == 302
    assert LawyerDuty.objects.get().hours == Decimal("3.5")
    assert "明理律师事务所" in client.get(reverse("rights:duty_list") + "?q=明理").content.decode()
    export = cells(client.get(reverse("rights:duty_list") + "?export=xlsx"))
    assert "陈律师" in export and "3.5" in export
    # lecture
    url = reverse("rights:lecture_add")
    page = client.post(url, {"kind": "lecture", "title": "劳动合同法解读", "held_on": TODAY.isoformat(),
                             "attendance": "0"})
    assert "参加人次应为正整数" in page.content.decode() and not Lecture.objects.exists()
    assert client.post(url, {"kind": "lecture", "title": "劳动合同法解读", "held_on": TODAY.isoformat(),
                             "speaker": "陈律师", "attendance": "120"}).status_code == 302
    listing = client.get(reverse("rights:lecture_list") + "?kind=lecture").content.decode()
    assert "劳动合同法解读" in listing and "120" in listing
    assert "劳动合同法解读" not in client.get(reverse("rights:lecture_list") + "?kind=women").content.decode()
    export = cells(client.get(reverse("rights:lecture_list") + "?export=xlsx"))
    assert "劳动合同法解读" in export and "120" in export
    nav = client.get(reverse("rights:lecture_list")).content.decode()
    assert reverse("rights:duty_list") in nav and reverse("rights:lecture_list") in nav


def test_another_union_and_view_only_roles(client, member, officer_a, officer_b, tree, make_user):
    q = legal.consult_ask(actor=member, question="加班费怎么算？", token="t2")
    legal.duty_record(actor=officer_a, org=tree["company"], lawyer="甲律师", on_day=TODAY, hours=4)
    legal.lecture_record(actor=officer_a, org=tree["company"], held_on=TODAY, title="甲公司普法", attendance=50)
    client.force_login(officer_b)
    for name in ("consultation_detail", "consultation_answer"):
        assert client.get(reverse(f"rights:{name}", args=[q.pk])).status_code == 404
    assert client.post(reverse("rights:consultation_answer", args=[q.pk]),
                       {"answer": "x", "answered_on": TODAY.isoformat()}).status_code == 404
    assert "加班费" not in client.get(reverse("rights:consultation_list")).content.decode()
    assert "甲律师" not in client.get(reverse("rights:duty_list")).content.decode()
    assert "甲公司普法" not in "".join(cells(client.get(reverse("rights:lecture_list") + "?export=xlsx")))
    assert not Message.objects.filter(kind="rights.advice").exists()
    women = make_user("women_a", Role.WOMEN, tree["company"])
    client.force_login(women)
    page = client.get(reverse("rights:consultation_detail", args=[q.pk]) + "?reveal=1").content.decode()
    assert "加班费" in page and "李工" not in page and "answer-link" not in page
    assert client.get(reverse("rights:consultation_answer", args=[q.pk])).status_code in (403, 404)
    assert client.get(reverse("rights:lecture_add")).status_code in (403, 404)
    assert "甲公司普法" in client.get(reverse("rights:lecture_list")).content.decode()


def test_read_api_scoped_and_masked(client, member, officer_a, officer_b, tree):
    from gonghui.rights.models import Petition
    from gonghui.rights.services import screening

    p = screening.petition_record(actor=officer_a, org=tree["company"], channel=Petition.Channel.PHONE,
                                  received_on=TODAY, petitioner="钱大军", matter="食堂涨价")
    r = screening.risk_record(actor=officer_a, org=tree["company"], screened_on=TODAY, matter="排班冲突")
    q = legal.consult_ask(actor=member, question="加班费怎么算？", token="t3")
    lecture = legal.lecture_record(actor=officer_a, org=tree["company"], held_on=TODAY, title="甲公司普法",
                                   attendance=50)
    client.force_login(officer_a)
    rows = client.get("/api/rights/petitions/").json()["results"]
    assert rows[0]["petitioner"] == "钱**" and "钱大军" not in str(rows)
    assert client.get(f"/api/rights/risks/{r.pk}/").json()["state"] == "正在化解"
    one = client.get(f"/api/rights/consultations/{q.pk}/").json()
    assert one["asker"] == "李*" and one["online"] is True
    assert client.get("/api/rights/lectures/").json()["results"][0]["attendance"] == 50
    client.force_login(officer_b)
    for path, pk in (("petitions", p.pk), ("risks", r.pk), ("consultations", q.pk), ("lectures", lecture.pk)):
        assert client.get(f"/api/rights/{path}/{pk}/").status_code == 404, path
        assert client.get(f"/api/rights/{path}/").json()["results"] == [], path
    client.force_login(member)
    assert client.get("/api/rights/consultations/").json()["results"] == []


def test_edit_duty_and_lecture(client, officer_a, officer_b, tree, make_user):
    duty = legal.duty_record(actor=officer_a, org=tree["company"], lawyer="陈律师", on_day=TODAY, hours=4)
    lecture = legal.lecture_record(actor=officer_a, org=tree["company"], held_on=TODAY, title="劳动法讲座",
                                   attendance=50)
    client.force_login(officer_a)
    listing = client.get(reverse("rights:lecture_list")).content.decode()
    assert reverse("rights:lecture_edit", args=[lecture.pk]) in listing
    url = reverse("rights:duty_edit", args=[duty.pk])
    assert client.get(url).context["form"].initial["lawyer"] == "陈律师"
    assert "0至24小时" in client.post(url, {"lawyer": "陈律师", "on_day": TODAY.isoformat(), "hours": "25"}).content.decode()
    assert client.post(url, {"lawyer": "陈律师", "firm": "明理所", "on_day": TODAY.isoformat(),
                             "hours": "2.5"}).status_code == 302
    duty.refresh_from_db()
    assert duty.hours == Decimal("2.5") and duty.firm == "明理所"
    url = reverse("rights:lecture_edit", args=[lecture.pk])
    assert client.post(url, {"kind": "lecture", "title": "劳动法讲座", "held_on": TODAY.isoformat(),
                             "attendance": "80"}).status_code == 302
    lecture.refresh_from_db()
    assert lecture.attendance == 80
    assert AuditEntry.objects.filter(object_id=str(lecture.pk), action=AuditEntry.Action.UPDATE).exists()
    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    assert client.post(reverse("rights:duty_edit", args=[duty.pk]),
                       {"lawyer": "x", "on_day": TODAY.isoformat(), "hours": "1"}).status_code == 404
    women = make_user("women_a", Role.WOMEN, tree["company"])
    client.force_login(women)
    assert client.get(url).status_code in (403, 404)
    assert reverse("rights:lecture_edit", args=[lecture.pk]) not in client.get(
        reverse("rights:lecture_list")).content.decode()
