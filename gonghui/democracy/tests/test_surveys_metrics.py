"""Survey figures, computed from the records, and the summary's sentence as the samples write it."""
import datetime

from gonghui.core.metrics import Rate
from gonghui.democracy.metrics import surveys as metrics
from gonghui.democracy.models import Grade, Question, Survey
from gonghui.democracy.services import surveys as services
from gonghui.democracy.texts import surveys as texts
from gonghui.reports.documents import Heading, Paragraph
from gonghui.reports.drafting import build
from gonghui.reports.periods import Period

from .test_surveys_services import world  # noqa: F401

D = datetime.date
Y2025 = Period.year(2025)


def _figures(org):
    return {m.code: m.compute(org, Y2025.start, Y2025.end) for m in metrics.METRICS}


def make_2025(world):
    officer, company = world["officer"], world["tree"]["company"]
    ev = services.survey_create(actor=officer, org=company, title="2025年工会领导班子民主测评",
                                kind=Survey.Kind.EVALUATION, opens_on=D(2025, 3, 20), closes_on=D(2025, 3, 21))
    q = services.question_add(actor=officer, survey=ev, text="意见建议", kind=Question.Kind.TEXT, required=False)
    a = services.subject_add(actor=officer, survey=ev, name="王主席", post="工会主席")
    b = services.subject_add(actor=officer, survey=ev, name="李副主席", post="工会副主席")
    services.survey_open(actor=officer, survey=ev)  # 4 accounts in the audience
    for m, g in zip(world["members"][:3], [Grade.SATISFIED, Grade.BASIC, Grade.UNSATISFIED]):
        services.answer_submit(actor=m, survey=ev, grades={a.pk: g, b.pk: Grade.SATISFIED}, answers={q.pk: ""},
                               today=D(2025, 3, 20))
    services.paper_counts_record(actor=officer, survey=ev, issued=96, returned=92, valid=90)
    services.subject_paper_record(actor=officer, subject=a, satisfied=80, basic=8, unsatisfied=2)
    services.subject_paper_record(actor=officer, subject=b, satisfied=70, basic=15, unsatisfied=5)
    services.survey_close(actor=officer, survey=ev)
    qn = services.survey_create(actor=officer, org=company, title="职工食堂满意度调查", kind=Survey.Kind.SATISFACTION,
                                opens_on=D(2025, 6, 1), closes_on=D(2025, 6, 10))
    services.question_add(actor=officer, survey=qn, text="总体评分", kind=Question.Kind.RATING)
    services.survey_open(actor=officer, survey=qn)
    services.paper_counts_record(actor=officer, survey=qn, issued=200, returned=150, valid=140)
    # a draft never counts
    services.survey_create(actor=officer, org=company, title="草稿", opens_on=D(2025, 9, 1), closes_on=D(2025, 9, 2))
    return ev, qn


def test_counts_and_rates_kept_apart(world):
    make_2025(world)
    f = _figures(world["tree"]["company"])
    assert f["democracy.surveys.held"] == 2 and f["democracy.surveys.evaluations"] == 1
    assert f["democracy.surveys.questionnaires"] == 1
    # evaluation: paper 96/92/90 + online 4 issued, 3 returned and valid
    assert (f["democracy.surveys.eval_issued"], f["democracy.surveys.eval_returned"],
            f["democracy.surveys.eval_valid"]) == (100, 95, 93)
    assert f["democracy.surveys.eval_return_rate"] == Rate(95, 100)
    assert f["democracy.surveys.eval_valid_rate"] == Rate(93, 100)
    # all: + the questionnaire's paper 200/150/140 and 4 accounts with no answer
    assert (f["democracy.surveys.issued"], f["democracy.surveys.returned"], f["democracy.surveys.valid"]) == (
        304, 245, 233)
    # satisfaction over both persons: votes 90+3 and 90+3; content (88+2) + (85+3)
    assert f["democracy.surveys.eval_satisfaction"] == Rate(178, 186)
    assert f["democracy.surveys.eval_satisfied_share"] == Rate(80 + 1 + 70 + 3, 186)
    # the school has none: absent, not zero
    assert _figures(world["tree"]["school"])["democracy.surveys.held"] is None


def test_records_behind_the_figures(world):
    ev, qn = make_2025(world)
    company = world["tree"]["company"]
    held = next(m for m in metrics.METRICS if m.code == "democracy.surveys.held")
    assert set(held.records(company, Y2025.start, Y2025.end)) == {ev, qn}


def test_summary_sentence_and_low_return_problem(world):
    make_2025(world)
    doc = build("summary", world["tree"]["company"], Y2025, style="exact", today=D(2026, 1, 10))
    text = "\n".join(b.text for b in doc.blocks if isinstance(b, (Heading, Paragraph)))
    assert "发放测评表100份，有效93份，有效回收率93%" in text
    assert "测评满意率95.7%" in text
    assert "开展职工问卷调查1次，发放问卷204份，回收150份，回收率73.5%" in text
    found = texts.low_return(world["tree"]["company"], Y2025, {})
    assert [s.part for s in found] == ["problems", "next"] and "1次问卷（测评）回收率低于80%" in found[0].text
