"""No sentence of a draft claims work without a record behind it (issue 8): a clause whose figure is absent goes
whole, and every clause of a work area's default wording names a figure (shown or as an |if condition)."""
import datetime

import pytest

from gonghui.care import services as care
from gonghui.care.models import Assistance
from gonghui.reports import registry
from gonghui.reports.documents import Heading, Paragraph
from gonghui.reports.drafting import build, templates, wording
from gonghui.reports.periods import Period

D = datetime.date
Y2025 = Period.year(2025)
TODAY = D(2026, 1, 10)


def text(document):
    return "\n".join(b.text for b in document.blocks if isinstance(b, (Heading, Paragraph)))


@pytest.mark.parametrize("kind", ["summary", "report"])
def test_every_clause_of_every_work_areas_default_wording_names_a_figure(kind):
    areas = registry.by_area()
    assert {a.code for a in areas} >= {"members", "care"}
    unbacked = {a.code: wording.unbacked_clauses(templates.default_section(kind, a.code).body) for a in areas}
    assert {code: found for code, found in unbacked.items() if found} == {}
    # and the wording made for an area that declares none
    assert [wording.unbacked_clauses(templates.generic_section(kind, a).body) for a in areas] == [[] for _ in areas]


def test_unbacked_clauses_finds_a_clause_without_figure_and_accepts_a_condition():
    assert wording.unbacked_clauses("开展金秋助学，资助会员子女{care.education.children}。") == ["开展金秋助学，"]
    assert wording.unbacked_clauses("{care.education.children|if}开展金秋助学，资助会员子女"
                                    "{care.education.children}。\n# 小标题") == []
    assert wording.unbacked_clauses("{period}，会员{members.members}。") == ["{period}，"]  # a variable is no figure


def test_validate_accepts_the_condition_filter():
    assert wording.validate("{care.education.children|if}开展金秋助学。") == []
    assert wording.validate("{care.nothing|if}开展。") == ["未知的指标“care.nothing”：没有登记这个指标代码，请检查拼写。"]


@pytest.fixture
def aid_without_education(world, tree, make_user):
    """One 大病救助 of 5,000元 paid in 2025 in 甲公司工会; no education aid at all."""
    from gonghui.accounts.roles import Role

    chair = make_user("chair_claims", Role.CHAIR, tree["company"])
    a = care.assistance_create(actor=None, person=world["p1"], kind=Assistance.Kind.SERIOUS_ILLNESS, amount="5000",
                               applied_on=D(2025, 7, 1), submit=True)
    care.assistance_decide(actor=chair, assistance=a, approve=True)
    care.assistance_disburse(actor=None, assistance=a, disbursed_on=D(2025, 7, 20))
    return tree


@pytest.mark.parametrize("kind", ["summary", "report"])
def test_no_education_aid_no_word_of_it(aid_without_education, kind):
    body = text(build(kind, aid_without_education["company"], Y2025, style="exact", today=TODAY))
    assert "救助补助1人次" in body  # the aid paid is written …
    assert "金秋助学" not in body.split("存在的问题")[0].split("不足")[0]  # … and no education aid is claimed
    assert "助学，" not in body and "助学。" not in body


def test_a_condition_present_writes_nothing_and_keeps_its_clause(aid_without_education):
    from gonghui.reports.drafting.compose import prepare

    draft = prepare("summary", aid_without_education["company"], Y2025, style="exact", today=TODAY)
    kept = wording.render("{care.assistance.payments|if}开展大病救助，发放{care.assistance.amount}。", draft.ctx)
    assert kept.text == "开展大病救助，发放5,000元。"
    assert all(not (isinstance(r, str) and r == "") for r in kept.runs)
    assert wording.render("{care.education.children|if}开展金秋助学。", draft.ctx) is None
    gone = wording.render("发放{care.assistance.amount}；{care.education.children|if}开展金秋助学，资助子女"
                          "{care.education.children}。", draft.ctx)
    assert gone.text == "发放5,000元。"
