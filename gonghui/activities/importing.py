"""Spreadsheets of the activities area, read by the core import engine (found by autodiscover_modules("importing")):

- `past_events` (往年文体活动导入): events held before the platform, one row each — name, kind, day, own or an upper
  union's, place, head count, budget and cost. They are recorded as 已举办 with their head count, so last year's
  summary counts them. The same name on the same day already recorded is refused (no double counting).
- `training_attendance` (培训签到名单导入): one row per attendee; rows with the same topic and day make one course
  (created as 已举办 if new, or added to the course of that topic and day already recorded); the person is found by
  member number or ID number inside the union's subtree and the name must match.
"""
from __future__ import annotations

from django.db.models import Q

from gonghui.accounts.roles import Perm
from gonghui.core import importing
from gonghui.core.importing import Column, parsers
from gonghui.core.importing.parsers import clean_text
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

from .models import Attendance, Course, Event, EventKind, TrainingKind

KIND_LABELS = parsers.labels(EventKind.choices, {
    "体育": EventKind.SPORTS, "比赛": EventKind.SPORTS, "球赛": EventKind.SPORTS, "棋牌": EventKind.GAMES,
    "趣味": EventKind.GAMES, "联欢": EventKind.GALA, "晚会": EventKind.GALA, "文艺": EventKind.GALA,
    "出游": EventKind.OUTING, "登山": EventKind.OUTING, "春游": EventKind.OUTING, "读书": EventKind.READING,
    "演讲": EventKind.READING, "生日会": EventKind.BIRTHDAY, "生日": EventKind.BIRTHDAY,
})
HOST_LABELS = parsers.labels(Event.Host.choices, {"本会": Event.Host.OWN, "本单位": Event.Host.OWN,
                                                  "上级": Event.Host.UPPER, "上级工会": Event.Host.UPPER})
TRAINING_LABELS = parsers.labels(TrainingKind.choices, {
    "工会干部": TrainingKind.CADRE, "干部": TrainingKind.CADRE, "职工代表": TrainingKind.DELEGATE,
    "技能": TrainingKind.SKILL, "安全": TrainingKind.SAFETY, "普法": TrainingKind.LAW, "法律": TrainingKind.LAW,
})


def _count(raw) -> int:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    else:
        text = clean_text(raw).replace(",", "").removesuffix("人次").removesuffix("人")
        if not text.isdigit():
            raise ValueError(f"参加人数“{clean_text(raw)}”应为整数")
        value = int(text)
    if value < 0 or value > 1_000_000:
        raise ValueError("参加人数应在0至1000000之间")
    return value


def _union_only(org, rows, checks, column: str) -> bool:
    if org.kind in Organization.UNION_KINDS:
        return True
    for row in rows:
        checks.add(row, column, row.values.get(column, ""), "请导入到工会（基层工会），不能导入到分会或小组")
    return False


@importing.register
class PastEventImporter(importing.Importer):
    key, title, noun, unit, sheet_name = "past_events", "往年文体活动导入", "文体活动", "次", "文体活动"
    perm = Perm.ACTIVITIES_EDIT
    org_label = "导入到工会"
    org_help = "组织这些活动的工会"
    result_link = ("activities:event_list", "文体活动")
    columns = (
        Column("title", "活动名称", parsers.text(100, "活动名称"), synonyms=("名称", "活动"), required=True, width=28),
        Column("kind", "活动类型", parsers.choice(KIND_LABELS, "活动类型", "、".join(EventKind.labels)),
               synonyms=("类型",), required=True, choices=tuple(EventKind.labels), display=dict(EventKind.choices)),
        Column("held_on", "举办日期", parsers.date, synonyms=("日期", "活动日期"), required=True, kind="date"),
        Column("host", "组织方式", parsers.choice(HOST_LABELS, "组织方式", "本会组织、参加上级工会活动"),
               choices=tuple(Event.Host.labels), display=dict(Event.Host.choices)),
        Column("host_name", "主办单位", parsers.text(100, "主办单位"), hint="参加上级工会活动时填写"),
        Column("place", "地点", parsers.text(100, "地点")),
        Column("participants", "参加人数", _count, synonyms=("参与人数", "人数", "参加人次"), required=True,
               kind="number"),
        Column("budget", "预算（元）", parsers.money, synonyms=("预算",), kind="money"),
        Column("cost", "实际支出（元）", parsers.money, synonyms=("支出", "实际支出", "费用"), kind="money"),
    )
    preview_columns = (("title", "活动名称"), ("held_on", "举办日期"), ("participants", "参加人数"))
    row_checks = ()

    def validate(self, rows, checks, *, org, user) -> None:
        if not _union_only(org, rows, checks, "title"):
            return
        today = parsers.today()
        seen: dict[tuple, int] = {}
        for row in rows:
            v = row.values
            key = (v.get("title"), v.get("held_on"))
            if key in seen:
                checks.add(row, "title", v.get("title"), f"与第{seen[key]}行重复（同名同日）")
            seen.setdefault(key, row.number)
            if v.get("held_on") and v["held_on"] > today:
                checks.add(row, "held_on", v["held_on"], "举办日期在今天之后：尚未举办的活动请在页面上新建")
            if v.get("host") == Event.Host.UPPER and not v.get("host_name"):
                checks.add(row, "host_name", "", "参加上级工会活动时请填写主办单位")
        days = [r.values["held_on"] for r in rows if r.values.get("held_on")]
        if days:
            have = set(Event.objects.filter(org=org, held_on__range=(min(days), max(days)))
                       .values_list("title", "held_on"))
            for row in rows:
                if (row.values.get("title"), row.values.get("held_on")) in have:
                    checks.add(row, "title", row.values["title"], "该活动已登记（同名同日），不再重复导入")

    def write(self, batch, rows, columns, user) -> dict:
        import datetime

        from django.utils import timezone

        created = 0
        for row in rows:
            v = row.values
            starts = timezone.make_aware(datetime.datetime.combine(v["held_on"], datetime.time(9)))
            Event.objects.create(
                org=batch.org, scope=batch.org, title=v["title"], kind=v["kind"], host=v.get("host") or Event.Host.OWN,
                host_name=v.get("host_name") or "", starts_at=starts, place=v.get("place") or "",
                budget=v.get("budget") or 0, cost=v.get("cost"), status=Event.Status.HELD, held_on=v["held_on"],
                participants=v["participants"], approved_at=starts, report="（导入的往年活动）",
                created_by=user if getattr(user, "pk", None) else None)
            created += 1
        return {"created": created, "updated": 0, "unchanged": 0}


@importing.register
class TrainingAttendanceImporter(importing.Importer):
    key, title, noun, unit, sheet_name = ("training_attendance", "培训签到名单导入", "培训学员", "人次",
                                          "培训签到")
    perm = Perm.ACTIVITIES_EDIT
    org_label = "导入到工会"
    org_help = "举办（或选派学员参加）培训的工会"
    result_link = ("activities:course_list", "教育培训")
    columns = (
        Column("title", "培训主题", parsers.text(100, "培训主题"), synonyms=("培训名称", "主题"), required=True, width=26),
        Column("starts_on", "培训日期", parsers.date, synonyms=("日期",), required=True, kind="date"),
        Column("kind", "培训类别", parsers.choice(TRAINING_LABELS, "培训类别", "、".join(TrainingKind.labels)),
               synonyms=("类别",), required=True, choices=tuple(TrainingKind.labels),
               display=dict(TrainingKind.choices)),
        Column("hours", "学时", parsers.money, kind="money"),
        Column("trainer", "授课人", parsers.text(100, "授课人")),
        Column("name", "姓名", parsers.name, required=True),
        Column("member_no", "会员编号", parsers.text(32, "会员编号")),
        Column("id_number", "身份证号", parsers.id_number, synonyms=("身份证号码",)),
    )
    preview_columns = (("title", "培训主题"), ("starts_on", "培训日期"), ("name", "姓名"))
    row_checks = ()

    def validate(self, rows, checks, *, org, user) -> None:
        if not _union_only(org, rows, checks, "title"):
            return
        today = parsers.today()
        numbers = [r.values["member_no"] for r in rows if r.values.get("member_no")]
        ids = [r.values["id_number"] for r in rows if r.values.get("id_number")]
        people = Person.objects.filter(org__path__startswith=org.path).filter(
            Q(member_no__in=numbers) | Q(id_number__in=ids)).values_list("pk", "name", "member_no", "id_number")
        by_no = {no: (pk, name) for pk, name, no, _ in people if no}
        by_id = {idn: (pk, name) for pk, name, _, idn in people if idn}
        seen: dict[tuple, int] = {}
        for row in rows:
            v = row.values
            if v.get("starts_on") and v["starts_on"] > today:
                checks.add(row, "starts_on", v["starts_on"], "培训日期在今天之后")
            found = by_no.get(v.get("member_no")) or by_id.get(v.get("id_number"))
            if not v.get("member_no") and not v.get("id_number"):
                checks.add(row, "member_no", "", "请填写会员编号或身份证号")
            elif found is None:
                checks.add(row, "member_no", v.get("member_no") or v.get("id_number"), "本会及下级组织中没有此人")
            elif found[1] != v.get("name"):
                checks.add(row, "name", v.get("name"), f"姓名与登记的“{found[1]}”不一致")
            row.person_id = found[0] if found else None
            key = (v.get("title"), v.get("starts_on"), row.person_id)
            if row.person_id and key in seen:
                checks.add(row, "name", v.get("name"), f"与第{seen[key]}行重复")
            seen.setdefault(key, row.number)

    def write(self, batch, rows, columns, user) -> dict:
        created = 0
        courses: dict[tuple, Course] = {}
        for row in rows:
            v = row.values
            key = (v["title"], v["starts_on"])
            course = courses.get(key) or Course.objects.filter(org=batch.org, title=v["title"],
                                                               starts_on=v["starts_on"]).first()
            if course is None:
                course = Course.objects.create(org=batch.org, title=v["title"], kind=v["kind"],
                                               starts_on=v["starts_on"], hours=v.get("hours") or 0,
                                               trainer=v.get("trainer") or "", status=Course.Status.HELD)
            courses[key] = course
            person_id = getattr(row, "person_id", None) or Person.objects.filter(
                org__path__startswith=batch.org.path).filter(
                Q(member_no=v.get("member_no") or "-") | Q(id_number=v.get("id_number") or "-")).values_list(
                "pk", flat=True).first()
            _, made = Attendance.objects.get_or_create(course=course, person_id=person_id,
                                                       defaults={"signed_in": True})
            created += int(made)
        return {"created": created, "updated": 0, "unchanged": len(rows) - created}
