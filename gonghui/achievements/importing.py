"""Spreadsheets of 建功立业, read by the core import engine (`core/importing/`, see docs/ENGINEERING.md):

- `achievements_suggestions` (合理化建议导入): suggestions collected on paper or in another system, with as much of
  their handling as happened (grade, adoption and department, benefit with its verification date). Each row is a
  suggestion of a person of the union (found by ID number, else by a name unique in the union); its steps are
  recorded as "导入". A benefit without a verification date, an adoption of a suggestion graded 不采纳 or a benefit
  of one not adopted is refused with the row and column.
- `achievements_honours` (荣誉导入): honours received by persons (name, ID number) or units, with level, year,
  awarding body and date; recorded as approved through services.honours.honour_record (the same honour twice is
  recorded once; a 劳动模范 sets the person's category).
- `achievements_competition_results` (竞赛成绩导入): rows of (竞赛名称, 参赛班组/职工, 轮次, 得分) for open competitions of
  the union; a missing entry is entered (a team by its name, a person of the union by name or ID number), the score
  recorded through services.competitions (0..max_score, one decimal; a row again replaces its score).
- `achievements_mentor_pairs` (师徒结对导入): master and apprentice of the union, start, agreement, goals, due date
  and, when given, the assessment (result with its date), through services.competitions.pair_create / pair_assess.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from gonghui.accounts.roles import Perm
from gonghui.core import importing
from gonghui.core.importing import Column, parsers
from gonghui.core.models import Sequence
from gonghui.members.models import Person

from .models import Competition, Grade, Honour, HonourLevel, HonourTitle, MentorPair, Suggestion, SuggestionStep
from .models.honours import UNIT_TITLES
from .services import honours as honour_services
from .services._common import union_of

GRADES = parsers.labels(Grade.choices, {"一等奖": Grade.FIRST, "二等奖": Grade.SECOND, "三等奖": Grade.THIRD,
                                        "鼓励奖": Grade.ENCOURAGE, "未采纳": Grade.NOT_ADOPTED})
LEVELS = parsers.labels(HonourLevel.choices, {"国家级": HonourLevel.NATIONAL, "省": HonourLevel.PROVINCE,
                                              "省部级": HonourLevel.PROVINCE, "市": HonourLevel.CITY,
                                              "区县": HonourLevel.COUNTY, "区级": HonourLevel.COUNTY,
                                              "县级": HonourLevel.COUNTY, "系统内": HonourLevel.SYSTEM,
                                              "公司级": HonourLevel.INTERNAL, "厂级": HonourLevel.INTERNAL})
TITLES = parsers.labels(HonourTitle.choices, {"劳模": HonourTitle.MODEL_WORKER, "先进工作者": HonourTitle.ADVANCED_PERSON})
KINDS = parsers.labels(Honour.Kind.choices, {"人员": Honour.Kind.PERSON, "单位": Honour.Kind.UNIT,
                                             "班组": Honour.Kind.UNIT, "部门": Honour.Kind.UNIT})


def year(raw) -> int:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = parsers.clean_text(str(raw)).removesuffix("年度").removesuffix("年")
    if not text.isdigit() or not 1949 <= int(text) <= 2200:
        raise ValueError(f"年度“{raw}”应为四位年份，如2025")
    return int(text)


def _people(org, rows) -> tuple[dict, dict]:
    """People of the union's subtree named in the rows: by ID number, and by name (a list: homonyms)."""
    ids = {r.values.get("id_number") for r in rows if r.values.get("id_number")}
    names = {r.values.get("person_name") for r in rows if r.values.get("person_name")}
    qs = Person.objects.filter(org__path__startswith=org.path).filter(
        **({"id_number__in": ids} if ids and not names else {})).only("pk", "name", "id_number", "org_id")
    if names:
        from django.db.models import Q

        qs = qs.filter(Q(id_number__in=ids) | Q(name__in=names))
    by_id, by_name = {}, defaultdict(list)
    for p in qs:
        if p.id_number:
            by_id[p.id_number] = p
        by_name[p.name].append(p)
    return by_id, by_name


def _find(row, checks, by_id, by_name, union_name, key="person_name"):
    name, number = row.values.get(key), row.values.get("id_number")
    if number:
        person = by_id.get(number)
        if person is None:
            checks.add(row, "id_number", number, f"不是{union_name}的职工（会员）")
            return None
        if name and person.name != name:
            checks.add(row, key, name, f"与身份证号对应的姓名（{person.name}）不符")
        return person
    found = by_name.get(name, [])
    if not found:
        checks.add(row, key, name, f"{union_name}没有名为“{name}”的职工（会员）")
        return None
    if len(found) > 1:
        checks.add(row, key, name, "本单位有同名人员，请填写身份证号区分")
        return None
    return found[0]


class _Quiet:
    def add(self, *args, **kwargs):
        pass


def _resolve(union, rows) -> None:
    """row.person_id / row.person_org_id for rows whose validation found the person (write reads them again)."""
    if all(hasattr(r, "person_id") for r in rows):
        return
    by_id, by_name = _people(union, rows)
    for row in rows:
        person = _find(row, _Quiet(), by_id, by_name, union.name) if row.values.get("person_name") or \
            row.values.get("id_number") else None
        row.person_id, row.person_org_id = (person.pk, person.org_id) if person else (None, None)


@importing.register
class SuggestionImporter(importing.Importer):
    key, title, noun, unit, sheet_name = "achievements_suggestions", "合理化建议导入", "建议", "条", "合理化建议"
    perm = Perm.ACHIEVE_EDIT
    org_label = "导入到工会"
    result_link = ("achievements:suggestion_list", "合理化建议")
    columns = (
        Column("person_name", "建议人", parsers.name, synonyms=("姓名", "提出人"), required=True),
        Column("id_number", "身份证号", parsers.id_number, synonyms=("身份证号码",), width=20,
               hint="同名时必填"),
        Column("title", "建议名称", parsers.text(100, "建议名称"), synonyms=("建议题目", "题目", "名称"), required=True,
               width=30),
        Column("problem", "存在问题", parsers.text(4000, "存在问题"), synonyms=("现状", "问题"), required=True, width=30),
        Column("proposal", "建议内容", parsers.text(4000, "建议内容"), synonyms=("措施", "建议措施"), required=True,
               width=30),
        Column("expected_benefit", "预期效益", parsers.text(2000, "预期效益"), width=20),
        Column("submitted_on", "提交日期", parsers.date, synonyms=("日期",), required=True, kind="date"),
        Column("grade", "评定等级", parsers.choice(GRADES, "评定等级", "一等、二等、三等、鼓励、不采纳"),
               synonyms=("等级", "获奖等级"), choices=tuple(Grade.labels), display=dict(Grade.choices)),
        Column("adopted_on", "采纳日期", parsers.date, kind="date"),
        Column("department", "实施部门", parsers.text(50, "实施部门")),
        Column("benefit", "经济效益（元）", parsers.money, synonyms=("经济效益", "效益金额"), kind="money"),
        Column("benefit_verified_on", "效益核实日期", parsers.date, synonyms=("核实日期",), kind="date"),
    )
    preview_columns = (("person_name", "建议人"), ("title", "建议名称"), ("grade", "评定等级"), ("benefit", "经济效益"))
    row_checks = ()

    def validate(self, rows, checks, *, org, user) -> None:
        union = union_of(org)
        by_id, by_name = _people(union, rows)
        for row in rows:
            v = row.values
            person = _find(row, checks, by_id, by_name, union.name)
            row.person_id = person.pk if person else None
            row.person_org_id = person.org_id if person else None
            if v.get("adopted_on") and v.get("grade") == Grade.NOT_ADOPTED:
                checks.add(row, "adopted_on", v["adopted_on"], "评定为不采纳的建议不能有采纳日期")
            if v.get("adopted_on") and not v.get("department"):
                checks.add(row, "department", "", "已采纳的建议请填写实施部门")
            if v.get("adopted_on") and not v.get("grade"):
                checks.add(row, "grade", "", "已采纳的建议请填写评定等级")
            if v.get("adopted_on") and v.get("submitted_on") and v["adopted_on"] < v["submitted_on"]:
                checks.add(row, "adopted_on", v["adopted_on"], "采纳日期早于提交日期")
            if v.get("benefit") is not None:
                if not v.get("adopted_on"):
                    checks.add(row, "benefit", v["benefit"], "未采纳的建议不能登记经济效益")
                if not v.get("benefit_verified_on"):
                    checks.add(row, "benefit_verified_on", "", "登记经济效益须填写效益核实日期")
                elif v.get("adopted_on") and v["benefit_verified_on"] < v["adopted_on"]:
                    checks.add(row, "benefit_verified_on", v["benefit_verified_on"], "效益核实日期早于采纳日期")

    def write(self, batch, rows, columns, user) -> dict:
        union = union_of(batch.org)
        _resolve(union, rows)
        S = Suggestion.State
        created = 0
        for row in rows:
            v = row.values
            number = Sequence.next(f"achievements.suggestion:{union.pk}:{v['submitted_on'].year}")
            grade = v.get("grade") or ""
            state = (S.VERIFIED if v.get("benefit") is not None else S.ADOPTED if v.get("adopted_on")
                     else S.NOT_ADOPTED if grade == Grade.NOT_ADOPTED else S.GRADED if grade else S.SUBMITTED)
            s = Suggestion.objects.create(
                org_id=row.person_org_id, union=union, code=f"{v['submitted_on'].year}-{number:04d}",
                author_id=row.person_id, title=v["title"], problem=v["problem"], proposal=v["proposal"],
                expected_benefit=v.get("expected_benefit") or "", submitted_on=v["submitted_on"], state=state,
                grade=grade, graded_on=v.get("adopted_on") or (v["submitted_on"] if grade else None),
                adopted_on=v.get("adopted_on"), department=v.get("department") or "",
                implemented_on=v.get("benefit_verified_on") and v.get("adopted_on"), benefit=v.get("benefit"),
                benefit_verified_on=v.get("benefit_verified_on"), submitted_by=user)
            SuggestionStep.objects.create(suggestion=s, action="导入", state=state, note=f"导入批次{batch.pk}",
                                          actor=user, on=v["submitted_on"])
            created += 1
        return {"created": created}


@importing.register
class HonourImporter(importing.Importer):
    key, title, noun, unit, sheet_name = "achievements_honours", "荣誉导入", "荣誉", "项", "荣誉"
    perm = Perm.ACHIEVE_EDIT
    org_label = "导入到工会"
    result_link = ("achievements:honour_list", "评先评优")
    columns = (
        Column("kind", "对象", parsers.choice(KINDS, "对象", "个人、集体"), synonyms=("获奖对象类型",), required=True,
               choices=tuple(Honour.Kind.labels), display=dict(Honour.Kind.choices)),
        Column("person_name", "姓名", parsers.name, synonyms=("获奖个人",)),
        Column("id_number", "身份证号", parsers.id_number, width=20, hint="同名时必填"),
        Column("unit_name", "集体名称", parsers.text(100, "集体名称"), synonyms=("获奖集体",), width=20),
        Column("title", "荣誉类别", parsers.choice(TITLES, "荣誉类别", "、".join(HonourTitle.labels)), required=True,
               choices=tuple(HonourTitle.labels), display=dict(HonourTitle.choices)),
        Column("name", "荣誉称号", parsers.text(100, "荣誉称号"), required=True, width=30),
        Column("level", "级别", parsers.choice(LEVELS, "级别", "全国、省级、市级、区县级、系统、本单位"), required=True,
               choices=tuple(HonourLevel.labels), display=dict(HonourLevel.choices)),
        Column("year", "年度", year, required=True, kind="number"),
        Column("awarded_by", "授予单位", parsers.text(100, "授予单位"), required=True, width=20),
        Column("awarded_on", "授予日期", parsers.date, required=True, kind="date"),
    )
    preview_columns = (("name", "荣誉称号"), ("person_name", "姓名"), ("unit_name", "集体名称"), ("level", "级别"))
    row_checks = ()

    def validate(self, rows, checks, *, org, user) -> None:
        union = union_of(org)
        persons = [r for r in rows if r.values.get("kind") == Honour.Kind.PERSON]
        by_id, by_name = _people(union, persons)
        for row in rows:
            row.person_id = None
            if row.values.get("kind") == Honour.Kind.PERSON:
                if not row.values.get("person_name") and not row.values.get("id_number"):
                    checks.add(row, "person_name", "", "个人荣誉请填写姓名")
                    continue
                person = _find(row, checks, by_id, by_name, union.name)
                row.person_id = person.pk if person else None
            elif not row.values.get("unit_name"):
                checks.add(row, "unit_name", "", "集体荣誉请填写集体名称")
            v = row.values
            if v.get("kind") == Honour.Kind.PERSON and v.get("title") in UNIT_TITLES:
                checks.add(row, "title", HonourTitle(v["title"]).label, "是集体荣誉，对象应为集体")
            if v.get("awarded_on") and v.get("year") and v["awarded_on"].year not in (v["year"], v["year"] + 1):
                checks.add(row, "awarded_on", v["awarded_on"], f"与年度{v['year']}年不符")

    def write(self, batch, rows, columns, user) -> dict:
        union = union_of(batch.org)
        _resolve(union, [r for r in rows if r.values.get("kind") == Honour.Kind.PERSON])
        people = Person.objects.in_bulk([r.person_id for r in rows if getattr(r, "person_id", None)])
        created = 0
        for row in rows:
            v = row.values
            honour_services.honour_record(
                actor=None, union=union, kind=v["kind"], person=people.get(getattr(row, "person_id", None)),
                unit_name=v.get("unit_name") or "", title=v["title"], name=v["name"], level=v["level"],
                year=v["year"], awarded_by=v["awarded_by"], awarded_on=v["awarded_on"],
                note=f"导入批次{batch.pk}")
            created += 1
        return {"created": created}


class _Renamed:
    """Checks whose problems found by `_find` (under person_name / id_number) go to this import's own columns."""

    def __init__(self, checks, names: dict):
        self.checks, self.names = checks, names

    def add(self, row, key, raw, reason):
        self.checks.add(row, self.names.get(key, key), raw, reason)


def round_number(raw) -> int:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = parsers.clean_text(str(raw)).removeprefix("第").removesuffix("轮")
    if not text.isdigit() or not 1 <= int(text) <= 20:
        raise ValueError(f"轮次“{raw}”应为1至20的整数")
    return int(text)


def score(raw) -> str:
    """The score as its text ("92.5": staged rows are JSON), checked to be a number ≥ 0 with at most one decimal."""
    text = parsers.clean_text(str(raw)).removesuffix("分")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"得分“{raw}”不是数字") from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"得分“{raw}”应为不小于0的数字")
    if value != value.quantize(Decimal("0.1")):
        raise ValueError(f"得分“{raw}”最多保留一位小数")
    return f"{value.normalize():f}"


def count(raw) -> int:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = parsers.clean_text(str(raw)).removesuffix("人")
    if not text.isdigit() or not 1 <= int(text) <= 999:
        raise ValueError(f"人数“{raw}”应为1至999的整数")
    return int(text)


def _competitions(union, rows) -> dict:
    names = {r.values.get("competition") for r in rows if r.values.get("competition")}
    return {c.name: c for c in Competition.objects.filter(org=union, name__in=names)}


@importing.register
class CompetitionResultImporter(importing.Importer):
    key, title, noun, unit, sheet_name = "achievements_competition_results", "竞赛成绩导入", "成绩", "条", "竞赛成绩"
    perm = Perm.ACHIEVE_EDIT
    org_label = "导入到工会"
    result_link = ("achievements:competition_list", "劳动竞赛")
    columns = (
        Column("competition", "竞赛名称", parsers.text(100, "竞赛名称"), synonyms=("竞赛",), required=True, width=24),
        Column("entry", "参赛班组/职工", parsers.text(60, "参赛班组/职工"),
               synonyms=("参赛班组", "班组", "参赛职工", "姓名", "参赛者"), required=True, width=16),
        Column("id_number", "身份证号", parsers.id_number, width=20, hint="个人赛同名时必填"),
        Column("members", "参赛人数", count, synonyms=("人数",), kind="number", hint="班组赛，默认1"),
        Column("round", "轮次", round_number, synonyms=("第几轮",), required=True, kind="number"),
        Column("score", "得分", score, synonyms=("成绩", "分数"), required=True, kind="number"),
    )
    preview_columns = (("competition", "竞赛名称"), ("entry", "参赛班组/职工"), ("round", "轮次"), ("score", "得分"))
    row_checks = ()

    def validate(self, rows, checks, *, org, user) -> None:
        union = union_of(org)
        found = _competitions(union, rows)
        people_rows = [r for r in rows if (c := found.get(r.values.get("competition"))) and not c.team_based]
        for r in people_rows:
            r.values["person_name"] = r.values.get("entry")
        by_id, by_name = _people(union, people_rows)
        seen = {}
        for row in rows:
            v = row.values
            row.person_id = None
            c = found.get(v.get("competition"))
            if c is None:
                if v.get("competition"):
                    checks.add(row, "competition", v["competition"], f"{union.name}没有这项竞赛，请先在“劳动竞赛”中新建")
                continue
            if c.state != Competition.State.OPEN:
                checks.add(row, "competition", c.name, "竞赛已评定，不能再导入成绩")
            if v.get("round") and v["round"] > c.rounds:
                checks.add(row, "round", v["round"], f"该竞赛共{c.rounds}轮")
            if v.get("score") is not None and Decimal(v["score"]) > c.max_score:
                checks.add(row, "score", v["score"], f"{v.get('entry')}：得分应在0至{c.max_score}分之间")
            if not c.team_based and v.get("entry"):
                person = _find(row, _Renamed(checks, {"person_name": "entry"}), by_id, by_name, union.name)
                row.person_id = person.pk if person else None
            key = (c.pk, v.get("entry"), v.get("round"))
            if key in seen:
                checks.add(row, "round", v.get("round"), f"与第{seen[key]}行重复（同一参赛者同一轮）")
            seen.setdefault(key, row.number)

    def write(self, batch, rows, columns, user) -> dict:
        from .services import competitions as cs

        union = union_of(batch.org)
        found = _competitions(union, rows)
        people_rows = [r for r in rows if not found[r.values["competition"]].team_based]
        for r in people_rows:
            r.values["person_name"] = r.values.get("entry")
        _resolve(union, people_rows)
        people = Person.objects.in_bulk([r.person_id for r in people_rows if r.person_id])
        created = 0
        for row in rows:
            v = row.values
            c = found[v["competition"]]
            if c.team_based:
                entry = cs.entry_add(actor=None, competition=c, team=v["entry"], members=v.get("members") or 1)
            else:
                entry = cs.entry_add(actor=None, competition=c, person=people[row.person_id])
            cs.score_record(actor=None, entry=entry, round=v["round"], score=v["score"])
            created += 1
        return {"created": created}


OUTCOMES = parsers.labels(MentorPair.Outcome.choices, {"合格": MentorPair.Outcome.PASSED, "出师": MentorPair.Outcome.PASSED,
                                                       "通过": MentorPair.Outcome.PASSED,
                                                       "不合格": MentorPair.Outcome.FAILED,
                                                       "未通过": MentorPair.Outcome.FAILED})


@importing.register
class MentorPairImporter(importing.Importer):
    key, title, noun, unit, sheet_name = "achievements_mentor_pairs", "师徒结对导入", "师徒对子", "对", "师徒结对"
    perm = Perm.ACHIEVE_EDIT
    org_label = "导入到工会"
    result_link = ("achievements:pair_list", "师带徒")
    columns = (
        Column("master", "师傅", parsers.name, synonyms=("师傅姓名",), required=True),
        Column("master_id", "师傅身份证号", parsers.id_number, width=20, hint="同名时必填"),
        Column("apprentice", "徒弟", parsers.name, synonyms=("徒弟姓名",), required=True),
        Column("apprentice_id", "徒弟身份证号", parsers.id_number, width=20, hint="同名时必填"),
        Column("started_on", "结对日期", parsers.date, required=True, kind="date"),
        Column("agreement", "师徒协议", parsers.text(100, "师徒协议"), synonyms=("协议",)),
        Column("goals", "培养目标", parsers.text(2000, "培养目标"), synonyms=("目标",), width=30),
        Column("due_on", "计划出师日期", parsers.date, synonyms=("出师日期",), kind="date"),
        Column("outcome", "考核结果", parsers.choice(OUTCOMES, "考核结果", "合格、不合格"), synonyms=("结果",),
               choices=("合格", "不合格"), display=dict(MentorPair.Outcome.choices)),
        Column("assessed_on", "考核日期", parsers.date, kind="date"),
    )
    preview_columns = (("master", "师傅"), ("apprentice", "徒弟"), ("started_on", "结对日期"), ("outcome", "考核结果"))
    row_checks = ()

    def _who(self, union, rows, checks):
        """row.master_pk / row.apprentice_pk: the two people of each row, found in the union (by ID, else name)."""
        for side in ("master", "apprentice"):
            for r in rows:
                r.values["person_name"], r.values["id_number"] = r.values.get(side), r.values.get(f"{side}_id")
            by_id, by_name = _people(union, rows)
            named = _Renamed(checks, {"person_name": side, "id_number": f"{side}_id"})
            for r in rows:
                person = _find(r, named, by_id, by_name, union.name) if r.values.get(side) else None
                setattr(r, f"{side}_pk", person.pk if person else None)

    def validate(self, rows, checks, *, org, user) -> None:
        union = union_of(org)
        self._who(union, rows, checks)
        for row in rows:
            v = row.values
            if row.master_pk and row.master_pk == row.apprentice_pk:
                checks.add(row, "apprentice", v["apprentice"], "师傅和徒弟不能是同一人")
            if v.get("started_on") and v["started_on"] > parsers.today():
                checks.add(row, "started_on", v["started_on"], "结对日期不能晚于今天")
            if v.get("due_on") and v.get("started_on") and v["due_on"] <= v["started_on"]:
                checks.add(row, "due_on", v["due_on"], "计划出师日期应晚于结对日期")
            if v.get("outcome") and not v.get("assessed_on"):
                checks.add(row, "assessed_on", "", "有考核结果须填写考核日期")
            if v.get("assessed_on") and not v.get("outcome"):
                checks.add(row, "outcome", "", "有考核日期须填写考核结果")
            if v.get("assessed_on") and v.get("started_on") and v["assessed_on"] < v["started_on"]:
                checks.add(row, "assessed_on", v["assessed_on"], "考核日期不能早于结对日期")
            if v.get("assessed_on") and v["assessed_on"] > parsers.today():
                checks.add(row, "assessed_on", v["assessed_on"], "考核日期不能晚于今天")

    def write(self, batch, rows, columns, user) -> dict:
        from .services import competitions as cs

        union = union_of(batch.org)
        self._who(union, rows, _Quiet())
        people = Person.objects.in_bulk([pk for r in rows for pk in (r.master_pk, r.apprentice_pk)])
        created = 0
        for row in rows:
            v = row.values
            pair = cs.pair_create(actor=None, org=union, master=people[row.master_pk],
                                  apprentice=people[row.apprentice_pk], started_on=v["started_on"],
                                  agreement=v.get("agreement") or "", goals=v.get("goals") or "",
                                  due_on=v.get("due_on"))
            if v.get("outcome") and not pair.outcome:
                cs.pair_assess(actor=None, pair=pair, outcome=v["outcome"], on=v["assessed_on"],
                               note=f"导入批次{batch.pk}")
            created += 1
        return {"created": created}
