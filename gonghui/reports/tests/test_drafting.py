"""Drafting documents from hand-built records (conftest.world plus care records made here): the figures written,
the areas left out, the rounded style, suggestions drawn from the data, wording overrides and their validation,
and checking an edited draft against the records."""
import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.care import services as care
from gonghui.care.models import HardshipLevel, LifeEventKind, Occasion
from gonghui.core.errors import ServiceError
from gonghui.reports import documents, phrasing, services
from gonghui.reports.documents import Figure, Heading, Paragraph
from gonghui.reports.drafting import build, check, states
from gonghui.reports.models import SectionTemplate
from gonghui.reports.periods import Period

D = datetime.date
Y2025 = Period.year(2025)
TODAY = D(2026, 1, 10)


def visit(person, day, amount, occasion=Occasion.HOSPITAL):
    return care.condolence_record(actor=None, person=person, occasion=occasion, visited_on=day, amount=amount)


@pytest.fixture
def cared(world, tree):
    """甲公司工会's care records: 2025 — 3 visits to 2 people (800 + 500 + 300 = 1,600元); 2024 — 5 visits.
    三号's hardship file was opened 2024-06-01 (review due 2025-06-01, never reviewed); 六号 (一分会) went into
    hospital 2025-11-01, which the company's rule says must be visited within 7 days: nobody went."""
    p = world
    visit(p["p1"], D(2025, 3, 5), "800")
    visit(p["p2"], D(2025, 5, 10), "500")
    visit(p["p1"], D(2025, 9, 20), "300", Occasion.FESTIVAL)
    for month in (2, 4, 6, 8, 10):
        visit(p["p2"], D(2024, month, 3), "200", Occasion.FESTIVAL)
    care.hardship_file_open(actor=None, person=p["p3"], level=HardshipLevel.ORDINARY, causes=["illness"],
                            opened_on=D(2024, 6, 1), household_size=3, situation="因病")
    care.must_visit_rule_save(actor=None, org=tree["company"], event_kind=LifeEventKind.HOSPITALISED, window_days=7)
    care.life_event_report(actor=None, person=p["p6"], kind=LifeEventKind.HOSPITALISED, occurred_on=D(2025, 11, 1))
    return p


def summary(org, style="exact", period=Y2025, today=TODAY):
    return build("summary", org, period, style=style, today=today)


def headings(document):
    return [b.text for b in document.blocks if isinstance(b, Heading)]


def text(document):
    return "\n".join(b.text for b in document.blocks if isinstance(b, (Heading, Paragraph)))


# --- the summary ---------------------------------------------------------------------------------------------------

def test_summary_weaves_the_exact_figures_into_its_sections(cared, tree):
    document = summary(tree["company"])
    body = text(document)
    assert document.title == "甲公司工会2025年工作总结"
    assert document.signature == ["甲公司工会", "2026年1月10日"]
    assert body.startswith("2025年，甲公司工会在甲公司党委的正确领导下和测试区总工会的指导下，")
    # 组织建设 (hand-counted in conftest.world): 6 members on 31 Dec, 2 women, 1 retired, 7 serving employees of
    # whom 5 are members, 2 admitted in 2025, 2 transferred out.
    assert ("截至2025年12月31日，甲公司工会共有会员6人，其中女会员2人，退休会员1人；在职职工7人，入会率达到71.4%。"
            in body)
    assert "2025年新发展会员2人，转出2人次，会员信息实行动态管理" in body
    # 帮扶关怀: 3 visits, 2 people, 1,600元; one file open on 31 Dec.
    assert "2025年共慰问看望职工3人次，涉及职工2人，发放慰问金（含慰问品折价）1,600元。" in body
    assert "期末在档困难职工1户" in body
    assert headings(document)[:2] == ["一、夯实组织基础，工会组织建设不断加强", "二、坚持以职工为中心，帮扶关怀工作温暖人心"]
    assert headings(document)[-2:] == ["三、存在的问题", "四、下一步工作打算"]
    # Every figure keeps its metric, value, union and period.
    visits = next(f for f in document.figures() if f.metric == "care.condolence.visits")
    assert (visits.value, visits.unit, visits.phrase, visits.org, visits.period) == (3, "人次", "3人次", "A", "2025")
    amount = next(f for f in document.figures() if f.metric == "care.condolence.amount")
    assert amount.value == Decimal("1600.00")


def test_an_area_without_records_is_left_out_and_nothing_says_zero(world, tree):
    document = summary(tree["company"])  # membership records only: no care at all
    assert not any("帮扶" in h for h in headings(document))
    assert headings(document)[0] == "一、夯实组织基础，工会组织建设不断加强"
    assert headings(document)[1] == "二、存在的问题"
    assert "0人次" not in text(document) and "0户" not in text(document)
    assert all(f.metric.startswith("members.") for f in document.figures())
    empty = summary(tree["group"])  # a union group with no records of any kind
    assert not any(h.startswith(("一、夯实", "一、坚持")) for h in headings(empty))
    assert list(empty.figures()) == []


def test_a_clause_whose_figure_is_absent_is_dropped_not_zeroed(cared, tree):
    body = text(summary(tree["company"]))
    assert "转入" not in body  # nobody transferred in: the clause is gone, the sentence goes on
    assert "深度困难职工" not in body  # no deep-hardship file
    assert "体检" not in body.split("三、存在的问题")[0]  # no health checks: the sub-heading went with its paragraph


def test_rounded_style_writes_numbers_as_summaries_do(world, tree):
    s1 = world["s1"]
    for day in range(1, 9):
        visit(s1, D(2025, 1, day), "1500", Occasion.FESTIVAL)
    visit(s1, D(2025, 2, 1), "1240", Occasion.FESTIVAL)  # 9 visits, 13,240元
    exact, rounded = summary(tree["school"]), summary(tree["school"], "rounded")
    assert "慰问看望职工9人次" in text(exact) and "1.32万元" in text(exact)
    assert "慰问看望职工近10人次" in text(rounded) and "1.3万余元" in text(rounded)
    amount = next(f for f in rounded.figures() if f.metric == "care.condolence.amount")
    assert (amount.value, amount.phrase, amount.qualifier, amount.style) == (Decimal("13240.00"), "1.3万余元", "余",
                                                                             "rounded")


def test_a_period_not_over_is_cut_at_today_and_says_so(cared, tree):
    document = summary(tree["company"], period=Period.year(2025), today=D(2025, 6, 30))
    assert document.title == "甲公司工会2025年工作总结"
    assert document.subtitle == "（统计截至2025年6月30日）"
    assert document.period == "2025-01-01..2025-06-30"
    assert "2025年共慰问看望职工2人次" in text(document)  # the September visit is not there yet


# --- suggestions drawn from the data --------------------------------------------------------------------------------

def test_problems_and_next_steps_come_from_the_data(cared, tree):
    body = text(summary(tree["company"]))
    problems = body.split("三、存在的问题")[1].split("四、下一步工作打算")[0]
    assert "截至2025年12月31日仍有1户困难职工档案超过复核期限未及时复核" in problems
    assert "截至2025年12月31日尚有职工生病住院1人次超过规定期限未走访慰问" in problems
    # 3 visits against 5 in 2024: a fall of a watched figure.
    assert "2025年慰问看望职工3人次，同比减少2人次，下降40%，帮扶关怀工作力度还需进一步加大。" in problems
    assert "“应入尽入”工作还需加强，入会率为71.4%，尚有2名在职职工未加入工会组织。" in problems
    # 8 members at the end of 2024 (conftest.world: 转会, 七号, 八号, 十号 still in; 三号, 九号 not), 6 now.
    assert "期末会员6人，同比减少2人，下降25%，组织建设工作力度还需进一步加大。" in problems
    assert problems.count("．") >= 4  # numbered items: data first, then the default ones
    nexts = body.split("四、下一步工作打算")[1]
    assert "严格落实困难职工档案年度复核制度" in nexts and "严格落实“五必访”制度" in nexts


def test_no_such_points_when_the_data_does_not_warrant_them(cared, tree):
    p = cared
    file = p["p3"].hardship_files.get()
    care.hardship_file_review(actor=None, file=file, verified_on=D(2025, 5, 20))
    visit(p["p6"], D(2025, 11, 3), "800")
    for day in (1, 2, 3):  # 2025 now has 3 + 1 + 3 = 7 visits, more than 2024's 5
        visit(p["p1"], D(2025, 12, day), "100", Occasion.BIRTHDAY if day == 1 else Occasion.FESTIVAL)
    problems = text(summary(tree["company"])).split("存在的问题")[1].split("下一步工作打算")[0]
    assert "复核期限" not in problems
    assert "未走访慰问" not in problems
    assert "慰问看望职工" not in problems  # 7 visits now against 5: no fall (the members' fall is still there)


# --- the other documents --------------------------------------------------------------------------------------------

def test_report_to_the_upper_union_has_its_five_parts(cared, tree):
    document = build("report", tree["company"], Y2025, style="exact", today=TODAY)
    level1 = [h for h in headings(document) if h[1] == "、"]
    assert level1 == ["一、2025年工会工作开展情况", "二、2025年工会工作亮点", "三、工作中存在的不足、困难以及解决办法",
                      "四、需要上级工会给予的支持", "五、工作建议"]
    assert document.title == "甲公司工会关于2025年工会工作情况的报告"
    assert document.blocks[0].text == "测试区总工会：" and document.blocks[0].kind == "plain"
    assert "（一）加强组织建设，扩大工会组织覆盖面" in headings(document)
    body = text(document)
    # 亮点: rises of the watched figures — the amount (1,600元 against 1,000元), the join rate (5/7 = 71.4% against
    # 6/9 = 66.7% at the end of 2024: 八号 and 十号 still there, 九号 out, 三号 not yet in) — not the visits (3
    # against 5), and not figures whose rise is no achievement (transfers out: 2 against 0).
    highlights = body.split("二、2025年工会工作亮点")[1].split("三、")[0]
    assert "1．2025年发放慰问金（含慰问品折价）1,600元，同比增加600元，增长60%。" in highlights
    assert "2．期末入会率71.4%，同比提高4.7个百分点。" in highlights
    assert "人次" not in highlights and "转出" not in highlights
    support = body.split("四、需要上级工会给予的支持")[1].split("五、")[0]
    assert "期末本会在档困难职工1户，帮扶任务较重" in support
    assert body.rstrip().endswith("特此报告。")


def test_plan_for_next_year_takes_its_targets_from_this_year(cared, tree):
    document = build("plan", tree["company"], Y2025, today=TODAY)
    assert document.title == "甲公司工会2026年工作计划"
    level1 = [h for h in headings(document) if h[1] == "、"]
    assert level1 == ["一、指导思想", "二、主要工作", "三、工作要求"]
    body = text(document)
    assert "年内新发展会员不少于2人，入会率保持在71.4%以上" in body
    assert "年内走访慰问困难职工不少于" not in body  # no hardship household was visited: no target from nothing
    assert "慰问看望生病住院等职工不少于3人次" in body
    assert "2026年，甲公司工会工作的指导思想是" in body


def test_drafting_computes_in_bulk_not_per_placeholder(cared, tree, django_assert_max_num_queries):
    # Two computes (this year, last year's watched figures) of one query per shared source, the wording rows, the
    # parent, the areas' own lists and one chart: 57 measured with members, care, democracy and funds — far fewer
    # than the ~200 figures and clauses the areas register. 建功立业 (suggestions, the employees side of 人均,
    # honours, competitions, mentoring) brings it to 64 measured; the workers' home +5 (its five sources): 69;
    # rights +7 (cases, risks, petitions, consultations, lawyers on duty, lectures, hazards); with activities,
    # the ledger and budgets too: 100 measured (one query per source, never per record); 女职工工作 +3 (special-contract
    # checks, 安康互助 enrolments, care's 女职工专项体检 participants): 103 measured; rights' injuries and safety
    # campaigns +4 (injuries, injuries visited — to-many, alone —, campaigns, 安康杯 teams); 建功立业's technical
    # innovation +4 (projects started, finished, patents granted, studios); the workers' home titles (建家) +1: 112.
    with django_assert_max_num_queries(112):
        document = build("summary", tree["company"], Y2025, today=TODAY)
    assert len(list(document.figures())) >= 10


# --- wording -------------------------------------------------------------------------------------------------------

def test_the_nearest_wording_wins_and_inactive_rows_are_ignored(cared, tree):
    SectionTemplate.objects.create(org=None, kind="summary", section="care", heading="全局标题：关爱职工")
    SectionTemplate.objects.create(org=tree["fed"], kind="summary", section="care", heading="区总标题：关爱职工",
                                   body="区总措辞：{period}慰问{care.condolence.visits}。")
    assert "二、区总标题：关爱职工" in headings(summary(tree["company"]))
    assert "区总措辞：2025年慰问3人次。" in text(summary(tree["company"]))
    own = SectionTemplate.objects.create(org=tree["company"], kind="summary", section="care", heading="本会标题")
    assert "二、本会标题" in headings(summary(tree["company"]))
    assert "区总措辞：2025年慰问3人次。" in text(summary(tree["company"]))  # the body falls back to the next row
    own.active = False
    own.save()
    assert "二、区总标题：关爱职工" in headings(summary(tree["company"]))
    SectionTemplate.objects.create(org=tree["school"], kind="summary", section="opening", body="乙校专用开头。")
    assert "乙校专用开头。" not in text(summary(tree["company"]))


def test_template_save_validates_and_names_the_unknown_metric(tree):
    with pytest.raises(ServiceError) as caught:
        services.template_save(actor=None, org=tree["company"], kind="summary", section="care",
                               body="慰问{care.condolence.vistis}，{org}，{unknown_var}，{care.condolence.visits|wrong}")
    message = "；".join(caught.value.messages)
    assert "未知的指标“care.condolence.vistis”" in message
    assert "未知的变量“unknown_var”" in message
    assert "“wrong”不是可用的写法" in message
    with pytest.raises(ServiceError, match="花括号不成对"):
        services.template_save(actor=None, org=tree["company"], kind="summary", section="care", body="慰问{org")
    with pytest.raises(ServiceError, match="没有“nowhere”这一部分"):
        services.template_save(actor=None, org=tree["company"], kind="summary", section="nowhere", body="x")
    assert not SectionTemplate.objects.exists()
    row = services.template_save(actor=None, org=tree["company"], kind="summary", section="care",
                                 body="{period}慰问{care.condolence.visits}，{care.condolence.visits|change}。")
    assert row.pk and services.template_reset(actor=None, org=tree["company"], kind="summary", section="care") == 1


def test_change_filter_and_its_clause_dropped_without_last_year(cared, tree):
    services.template_save(actor=None, org=tree["company"], kind="summary", section="care",
                           body="{period}慰问{care.condolence.visits}，{care.condolence.visits|change}；"
                                "体检{care.health.participants}，{care.health.participants|change}。")
    body = text(summary(tree["company"]))
    assert "2025年慰问3人次，同比减少2人次，下降40%。" in body


# --- checking ------------------------------------------------------------------------------------------------------

def test_check_marks_an_edited_phrase_and_a_changed_record(cared, tree):
    document = summary(tree["company"])
    assert check(document) == []
    visits = next(f for f in document.figures() if f.metric == "care.condolence.visits")
    visits.phrase = "4人次"  # an officer "corrected" the number by hand
    found = check(document)
    assert [(s.figure.metric, s.reason) for s in found] == [("care.condolence.visits", "edited")]
    assert found[0].message == "文中数字与记录不符：文中为“4人次”，记录现为3人次"
    assert found[0].location.startswith("p:")
    visits.phrase = "3人次"
    visit(cared["p2"], D(2025, 12, 1), "200", Occasion.FESTIVAL)  # the records change after drafting
    found = {s.figure.metric: s for s in check(document)}
    assert found["care.condolence.visits"].reason == "changed"
    assert found["care.condolence.visits"].now == 4
    assert "记录现为4人次，起草时为3人次" in found["care.condolence.visits"].message
    assert found["care.condolence.amount"].reason == "changed"
    assert "members.members" not in found


def test_check_accepts_a_correct_rounding_and_refuses_a_wrong_one():
    assert states("2600余人", 2618, "人") and states("2,618人", 2618, "人")
    assert states("13万余元", Decimal("132400"), "元") and states("13余万元", Decimal("132400"), "元")
    assert states("13.24万元", Decimal("132400"), "元") and states("近10次", 9, "次")
    assert not states("2700余人", 2618, "人") and not states("近20次", 9, "次") and not states("9人", 9, "次")
    assert states("三十人", 30, "人") is None


def test_check_reads_a_figure_gone_from_the_records_as_absent(world, tree):
    condolence = visit(world["s1"], D(2025, 4, 1), "300")
    document = summary(tree["school"])
    condolence.delete()
    found = {s.figure.metric: s.reason for s in check(document)}
    assert found["care.condolence.visits"] == "absent"


def test_restyle_rephrases_from_the_value(cared, tree):
    from gonghui.reports.drafting.editor import restyle

    document = restyle(summary(tree["company"]), "rounded")
    amount = next(f for f in document.figures() if f.metric == "care.condolence.amount")
    assert (amount.phrase, amount.style) == (phrasing.rounded(Decimal("1600"), "元").text, "rounded")
    assert check(document) == []


def test_document_round_trips_through_json(cared, tree):
    document = summary(tree["company"])
    again = documents.from_dict(documents.to_dict(document))
    assert [f.value for f in again.figures()] == [f.value for f in document.figures()]
    assert isinstance(next(again.figures()), Figure)


def test_half_year_titles_and_the_plan_for_the_next_half(cared, tree):
    first_half = Period.half(2025, 1)
    assert summary(tree["company"], period=first_half).title == "甲公司工会2025年上半年工作总结"
    assert "2025年上半年共慰问看望职工2人次" in text(summary(tree["company"], period=first_half))
    assert build("plan", tree["company"], first_half, today=TODAY).title == "甲公司工会2025年下半年工作计划"
    assert build("plan", tree["company"], Period.half(2025, 2), today=TODAY).title == "甲公司工会2026年上半年工作计划"


def test_a_union_without_party_organisation_or_parent_gets_neutral_words(cared, tree):
    document = build("report", tree["fed"], Y2025, today=TODAY)  # 区总工会: no parent, no party organisation set
    assert document.blocks[0].text == "上级工会："
    assert "测试区总工会在本单位党组织的正确领导下和上级工会的指导下" in text(document)
    # an upper union's figures are those of its whole subtree: 甲公司工会's visits are in them
    assert "2025年共慰问看望职工3人次" in text(document)


@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(["人", "人次", "户", "元"]))
def test_every_phrase_the_drafts_write_is_read_back_as_stating_its_value(n, unit):
    value = Decimal(n) if unit == "元" else n
    for style, wan in (("exact", False), ("exact", True), ("rounded", False)):
        written = phrasing.phrase(value, unit, style, wan=wan)
        assert states(written.text, value, unit), (written.text, value)
    assert not states(phrasing.exact(value + 1, unit).text, value, unit)
