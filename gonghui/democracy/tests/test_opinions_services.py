"""Opinions (意见箱): named and anonymous submission (anonymous names nobody, not even in the row or its audit
entry), follow-up codes, officers' recording, forwarding, answering, messages, scope."""
from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils.timezone import localdate

from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.democracy.models import Opinion
from gonghui.democracy.selectors import opinions as sel
from gonghui.democracy.services import opinions as svc
from gonghui.portal.models import Message

D = datetime.date


@pytest.fixture
def li(tree, make_person, make_user):
    return make_user("li", Role.MEMBER, tree["branch"], person=make_person(tree["branch"], "李四"))


def test_a_named_opinion_goes_to_the_members_union_and_its_answer_reaches_them(tree, li, officer_a):
    opinion, code = svc.opinion_submit(actor=li, content="食堂晚餐品种太少，建议增加面食。", category="welfare")
    assert code is None and opinion.org == tree["company"] and opinion.author == li.person
    assert opinion.title == "食堂晚餐品种太少，建议增加面食。" and opinion.status == Opinion.Status.WAITING
    assert list(sel.waiting(officer_a, within=tree["company"])) == [opinion]
    svc.opinion_forward(actor=officer_a, opinion=opinion, department="后勤保障部")
    svc.opinion_forward(actor=officer_a, opinion=opinion, department="后勤保障部")  # a double click
    svc.opinion_answer(actor=officer_a, opinion=opinion, answer="自下月起晚餐增加面食窗口。", outcome="adopted")
    svc.opinion_answer(actor=officer_a, opinion=opinion, answer="自下月起晚餐增加面食窗口。", outcome="adopted")
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.ANSWERED and opinion.answered_by == "后勤保障部"
    assert not sel.waiting(officer_a).exists()
    messages = Message.objects.filter(recipient=li, kind=svc.ANSWERED_KIND)
    assert messages.count() == 1 and "已答复" in messages.get().title
    assert list(sel.mine(li)) == [opinion]


def test_an_anonymous_opinion_names_nobody_yet_its_author_follows_it_with_the_code(tree, li, officer_a):
    opinion, code = svc.opinion_submit(actor=li, content="建议公开加班费计算办法。", category="pay", anonymous=True)
    row = Opinion.objects.filter(pk=opinion.pk).values().get()
    assert row["author_id"] is None and row["recorded_by_id"] is None and row["anonymous"] is True
    assert code and len(code) == 14 and code.replace("-", "") not in str(row.values())  # only its keyed hash
    assert "李四" not in str(row.values()) and li.person.id_number not in str(row.values())
    entry = AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(Opinion), object_id=str(opinion.pk))
    assert entry.actor_id is None and entry.ip is None and "li" != entry.actor_name
    assert "李四" not in str(entry.changes)
    assert not sel.mine(li).exists()  # it is not "theirs" to the server
    assert sel.by_code(code.lower().replace("-", " ")) == opinion  # case and separators do not matter
    assert sel.by_code("2345-6789-ABCD") is None and sel.by_code("") is None
    svc.opinion_answer(actor=officer_a, opinion=opinion, answer="已在公开栏公布计算办法。", outcome="adopted")
    assert sel.by_code(code).answer == "已在公开栏公布计算办法。"
    assert not Message.objects.filter(kind=svc.ANSWERED_KIND).exists()  # nobody to tell
    with pytest.raises(Exception):  # the database itself refuses an anonymous row that names someone
        Opinion.objects.filter(pk=opinion.pk).update(author=li.person)


def test_the_same_form_twice_records_once(tree, li):
    first, code = svc.opinion_submit(actor=li, content="建议", anonymous=True, submit_key="k1")
    again, no_code = svc.opinion_submit(actor=li, content="建议", anonymous=True, submit_key="k1")
    assert first.pk == again.pk and code and no_code is None
    assert Opinion.objects.count() == 1


def test_bad_input(tree, li, officer_a, make_user):
    with pytest.raises(ServiceError, match="内容"):
        svc.opinion_submit(actor=li, content="  ")
    with pytest.raises(ServiceError, match="类别"):
        svc.opinion_submit(actor=li, content="x", category="nope")
    with pytest.raises(ServiceError, match="未关联会员"):
        svc.opinion_submit(actor=make_user("nobody"), content="x")
    opinion, _ = svc.opinion_submit(actor=li, content="x")
    with pytest.raises(ServiceError, match="承办部门"):
        svc.opinion_forward(actor=officer_a, opinion=opinion, department=" ")
    with pytest.raises(ServiceError, match="答复内容"):
        svc.opinion_answer(actor=officer_a, opinion=opinion, answer="", outcome="adopted")
    with pytest.raises(ServiceError, match="办理结果"):
        svc.opinion_answer(actor=officer_a, opinion=opinion, answer="好", outcome="maybe")
    with pytest.raises(ServiceError, match="晚于今天"):
        svc.opinion_answer(actor=officer_a, opinion=opinion, answer="好", outcome="adopted",
                           answered_on=localdate() + datetime.timedelta(days=3))
    with pytest.raises(ServiceError, match="早于提出日期"):
        svc.opinion_answer(actor=officer_a, opinion=opinion, answer="好", outcome="adopted",
                           answered_on=localdate() - datetime.timedelta(days=3))
    with pytest.raises(ServiceError, match="会议或活动名称"):
        svc.opinion_record(actor=officer_a, org=tree["company"], channel="forum", content="x",
                           submitted_on=localdate())
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.WAITING and opinion.answer == ""


def test_officers_record_opinions_from_meetings_once(tree, officer_a):
    kw = dict(org=tree["company"], channel="reception", occasion="第二季度经理接待日", content="车间通风差",
              submitted_on=localdate() - datetime.timedelta(days=2), category="safety", author_name="三车间职工")
    a = svc.opinion_record(actor=officer_a, **kw)
    b = svc.opinion_record(actor=officer_a, **kw)
    assert a.pk == b.pk and a.recorded_by == officer_a and a.author_display == "三车间职工"


def test_scope(tree, li, officer_a, officer_b):
    opinion, _ = svc.opinion_submit(actor=li, content="x")
    assert not sel.opinions(officer_b).filter(pk=opinion.pk).exists()
    for call in (lambda: svc.opinion_forward(actor=officer_b, opinion=opinion, department="某部"),
                 lambda: svc.opinion_answer(actor=officer_b, opinion=opinion, answer="x", outcome="noted"),
                 lambda: svc.opinion_record(actor=officer_b, org=tree["company"], channel="letter", content="x",
                                            submitted_on=localdate())):
        with pytest.raises(ServiceError) as exc:
            call()
        assert exc.value.code == "out_of_scope"
