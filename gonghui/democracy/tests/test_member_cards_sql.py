"""The member's 首页 cards of democracy are hand-written queries (issue 9, speed: core/rawsql.py); each must give what
its ORM selector gives — the reference the officer's pages use — on data of every kind, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime

from django.utils.timezone import localdate

from gonghui.accounts.roles import Role
from gonghui.democracy.models import OpenAffairsCategory, ProposalState
from gonghui.democracy.portal import congress as congress_card
from gonghui.democracy.selectors import openaffairs as oa
from gonghui.democracy.selectors import proposals as proposal_reads
from gonghui.democracy.selectors import surveys as survey_reads
from gonghui.democracy.services import congress as congress_services
from gonghui.democracy.services import openaffairs as oa_services
from gonghui.democracy.services import proposals as proposal_services
from gonghui.democracy.services import surveys as survey_services

from .congress_setup import congress_with_delegates
from .proposals_fixtures import pworld, submit  # noqa: F401
from .test_surveys_services import full_answers, make_survey, world  # noqa: F401

D = datetime.date
TODAY = localdate()


def test_congress_card_agrees_with_the_orm(tree, officer_a, make_person, make_user):
    _, term, delegates = congress_with_delegates(officer_a, tree["company"], make_person, n=4)
    first = congress_services.session_create(actor=officer_a, term=term, opened_on=TODAY, place="职工之家", agenda="议程")
    second = congress_services.session_create(actor=officer_a, term=term, opened_on=TODAY, place="职工之家", agenda="议程")
    congress_services.session_open(actor=officer_a, session=first)
    users = [make_user(f"d{i}", Role.MEMBER, d.person.org, person=d.person) for i, d in enumerate(delegates)]
    outsider = make_user("outsider", Role.MEMBER, tree["company"], person=make_person(tree["company"], "非代表"))
    nobody = make_user("nobody", Role.MEMBER, tree["company"])  # an account without a person

    def agree(user):
        orm = congress_card.open_sessions(user)
        card = congress_card.open_sessions_card(user)
        got = card["sessions"] if card else []
        assert [(s.pk, str(s)) for s in got] == [(s.pk, str(s)) for s in orm]
        return got

    assert [s.pk for s in agree(users[0])] == [first.pk]
    assert "届" in str(agree(users[0])[0])  # the session's own name (二届一次职代会), from the unsaved objects
    congress_services.session_open(actor=officer_a, session=second)
    assert len(agree(users[1])) == 2
    assert agree(outsider) == [] and agree(nobody) == []


def test_surveys_card_agrees_with_the_orm(world):  # noqa: F811
    s, qs = make_survey(world)
    make_survey(world, opens=TODAY + datetime.timedelta(days=3), closes=TODAY + datetime.timedelta(days=9))
    make_survey(world, open_=False)  # a draft
    later, _ = make_survey(world, closes=TODAY + datetime.timedelta(days=20))
    survey_services.answer_submit(actor=world["members"][0], survey=s, answers=full_answers(qs))
    for user in [*world["members"], world["outsider"]]:
        orm = [(x.pk, x.title, x.closes_on, bool(x.answered)) for x in survey_reads.my_surveys(user)[:20]]
        raw = [(x.pk, x.title, x.closes_on, x.answered) for x in survey_reads.my_surveys_head(user)]
        assert raw == orm
    assert [(x.pk, x.answered) for x in survey_reads.my_surveys_head(world["members"][0])] == [(s.pk, True),
                                                                                              (later.pk, False)]
    assert survey_reads.my_surveys_head(world["outsider"]) == []
    assert survey_reads.home_card(world["members"][0])["count"] == 1


def test_open_affairs_card_agrees_with_the_orm(tree, officer_a, make_person, make_user):
    li = make_user("li", Role.MEMBER, tree["branch"], person=make_person(tree["branch"], "李四"))
    wang = make_user("wang", Role.MEMBER, tree["school"], person=make_person(tree["school"], "王五"))

    def item(org, **kw):
        values = dict(title="职工福利费使用情况", category=OpenAffairsCategory.WELFARE, content="全年发放…",
                      published_on=TODAY, approved_by="厂务公开领导小组", publish=True)
        values.update(kw)
        return oa_services.item_save(actor=None, org=org, **values)

    read = item(tree["company"], title="已读的")
    newest = item(tree["fed"], title="区总工会的")  # above the member's union: theirs too
    item(tree["company"], title="草稿", publish=False)
    item(tree["company"], title="下月公开", published_on=TODAY + datetime.timedelta(days=10))
    item(tree["company"], title="很久以前", published_on=TODAY - datetime.timedelta(days=oa.NEW_DAYS + 1))
    item(tree["school"], title="乙学校的")
    oa_services.item_mark_read(actor=li, item=read)
    since = TODAY - datetime.timedelta(days=oa.NEW_DAYS)
    for user in (li, wang):
        orm = list(oa.published_for(user).filter(published_on__gte=since, is_read=False)[:20])
        raw = oa.unread_recent(user)
        assert [(i.pk, i.title, i.published_on, i.org_id, i.org.path, i.org.name) for i in raw] == \
               [(i.pk, i.title, i.published_on, i.org_id, i.org.path, i.org.name) for i in orm]
    assert [i.pk for i in oa.unread_recent(li)] == [newest.pk]
    assert [i.title for i in oa.unread_recent(wang)] == ["乙学校的", "区总工会的"]
    assert oa.home_card(li)["practice"] == oa.practice_name(tree["fed"])


def test_proposals_card_agrees_with_the_orm(pworld):  # noqa: F811
    w = pworld
    p = submit(w)
    q = submit(w, title="关于增加职工培训名额的建议")
    other = submit(w, proposer=w["people"][2], title="别人的提案")
    for x in (p, q, other):
        proposal_services.proposal_review(actor=None, proposal=x, decision=ProposalState.REGISTERED, on=D(2025, 3, 2))
        proposal_services.proposal_assign(actor=None, proposal=x, department=w["hr"], on=D(2025, 3, 3),
                                          due_on=D(2025, 4, 1))
    for x in (p, q, other):
        proposal_services.proposal_answer(actor=None, proposal=x, department=w["hr"], text="已办理",
                                          on=D(2025, 3, 20))
    user = w["delegate_user"]
    orm = [(x.pk, x.title) for x in proposal_reads.to_rate(user)[:5]]
    assert [(x.pk, x.title) for x in proposal_reads.to_rate_head(user, 5)] == orm
    assert {pk for pk, _ in orm} == {p.pk, q.pk}
    assert [x.pk for x in proposal_reads.to_rate_head(user, 1)] == [orm[0][0]]
    assert proposal_reads.to_rate_head(w["cosigner_user"], 5) == []
