"""Roster import (花名册导入): a spreadsheet of people becomes Person rows, and memberships for those with an
入会日期 — the first user of the import engine (`gonghui.core.importing`).

This module declares the roster: its columns (`COLUMNS`), what one row must satisfy (`_check_row`), what is
checked against the database (`RosterImporter.validate`: repeated ID numbers, organisations, registered people,
member numbers, admissions) and how the valid rows are written (`_write`: plain-row bulk writes, one audit entry
per person). The engine does the rest: file checks, header matching, parsing, signed staging, preview, error
report, all-or-valid-only commit, the wizard, the command, expiry of abandoned batches.

People are matched by ID number: a person already registered inside the chosen organisation's subtree is updated
(blank cells never erase what is known); an ID number registered in another union is refused without saying who
or where. Membership history is never overwritten: the import admits non-members who have an 入会日期 and leaves
existing memberships as they are.

The module-level functions (`stage_upload`, `commit_batch`, `analyse`…) are the engine's bound to the roster.
"""
from __future__ import annotations

import datetime
import itertools
import operator
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from json.encoder import encode_basestring as encode_json_string

from django.db import connection
from django.db.models import Max
from django.utils import timezone  # noqa: F401  (tests change its localdate: the day kept rows are for)

from gonghui.accounts.scope import Perm, can_on_org
from gonghui.core import audit, bulk, excel  # noqa: F401
from gonghui.core import importing as engine
from gonghui.core.importing import parsers, rows as engine_rows, staging
from gonghui.core.importing.columns import Column
from gonghui.core.importing.engine import PREVIEW_ROWS, Analysis, CommitResult  # noqa: F401
from gonghui.core.importing.files import ImportFileError  # noqa: F401  (the roster's old name, tests use it)
from gonghui.core.importing.parsers import clean_text  # noqa: F401
from gonghui.core.importing.rows import Checks, Parsed  # noqa: F401
from gonghui.core.importing.staging import PARSED_SUFFIX  # noqa: F401
from gonghui.core.masking import mask_id_number, mask_value
from gonghui.core.models import AuditEntry
from gonghui.core.pinyin import name_pinyin
from gonghui.orgs.models import Organization

from .models import Gender, ImportBatch, Membership, MembershipEvent, Person
from .validators import date_problem
from .services import next_member_numbers

ACTIVE_STATES = (Person.MemberStatus.ACTIVE, Person.MemberStatus.TRANSFERRING)
OTHER_UNION = "该身份证号已登记在其他工会，如需调入请办理转会"
IMPORT_NOTE = "花名册导入"

# ------------------------------------------------------------------------------------------------ the columns
_labels = parsers.labels

GENDERS = {"男": "M", "女": "F", "男性": "M", "女性": "F", "M": "M", "F": "F", "MALE": "M", "FEMALE": "F",
           "1": "M", "2": "F"}
EDUCATIONS = _labels(Person.Education.choices, {
    "小学及以下": "primary", "初中及以下": "junior", "高中": "senior", "中专": "senior", "中技": "senior",
    "职高": "senior", "技校": "senior", "中专/高中": "senior", "高中及中专": "senior", "大专": "college",
    "专科": "college", "大学专科": "college", "高职": "college", "本科": "bachelor", "大学本科": "bachelor",
    "大学": "bachelor", "学士": "bachelor", "研究生": "master", "硕士": "master", "硕士研究生": "master",
    "博士": "doctor", "博士研究生": "doctor",
})
POLITICALS = _labels(Person.Political.choices, {
    "党员": "cpc", "中国共产党党员": "cpc", "共产党员": "cpc", "中共党员": "cpc", "预备党员": "cpc_probation",
    "团员": "cyl", "共青团员": "cyl", "中国共产主义青年团团员": "cyl", "民主党派成员": "democratic",
    "民革": "democratic", "民盟": "democratic", "民建": "democratic", "民进": "democratic", "农工党": "democratic",
    "致公党": "democratic", "九三学社": "democratic", "台盟": "democratic", "民革党员": "democratic",
    "民盟盟员": "democratic", "民建会员": "democratic", "民进会员": "democratic", "农工党党员": "democratic",
    "致公党党员": "democratic", "九三学社社员": "democratic", "台盟盟员": "democratic",
})
EMPLOYMENTS = _labels(Person.Employment.choices, {
    "合同工": "contract", "合同": "contract", "劳动合同制": "contract", "劳动合同": "contract",
    "编制内": "establishment", "事业编制": "establishment", "在编人员": "establishment",
    "派遣": "dispatched", "派遣工": "dispatched", "劳务派遣工": "dispatched", "进城务工人员": "migrant",
    "临时工": "temporary", "临时": "temporary", "灵活用工": "flexible",
})
MODEL_WORKERS = _labels(Person.ModelWorker.choices, {
    "无": "", "不是": "", "全国劳模": "national", "全国": "national", "全国先进工作者": "national",
    "省部级劳模": "provincial", "省部级": "provincial", "省级劳动模范": "provincial", "省级劳模": "provincial",
    "省劳模": "provincial", "省级": "provincial", "市级劳模": "municipal", "市劳模": "municipal",
    "市级": "municipal", "区县级劳模": "district", "区县级": "district", "区级劳动模范": "district",
    "县级劳动模范": "district", "区级劳模": "district", "县级劳模": "district", "区级": "district", "县级": "district",
    "企业级劳模": "enterprise", "企业劳模": "enterprise", "企业级": "enterprise", "厂级劳模": "enterprise",
})
HARDSHIPS = _labels(Person.HardshipLevel.choices, {
    "无": "", "不是": "", "是": "ordinary", "困难": "ordinary", "一般": "ordinary", "困难职工": "ordinary",
    "特困": "deep", "深困": "deep", "深度困难职工": "deep",
})
BOOLEANS = parsers.BOOLEANS
ETHNIC_GROUPS = set(
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 "
    "柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 "
    "塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺".split()
)

_gender = parsers.choice(GENDERS, "性别", "男、女")


def _ethnicity(raw) -> str:
    value = clean_text(raw).replace(" ", "")
    if value in ETHNIC_GROUPS:
        value += "族"
    if len(value) > 20:
        raise ValueError("民族超过20个字")
    return value


def _shown(choices) -> str:
    return "、".join(label for _, label in choices)


def _display(choices) -> dict:
    return {k: v for k, v in choices if k}


YES = {True: "是"}  # exports: a true flag shows 是, a false one an empty cell

COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", parsers.name, synonyms=("职工姓名", "会员姓名", "人员姓名", "名字"), required=True,
           width=10, hint="必填。", repeats=False),
    Column("id_number", "身份证号", parsers.id_number,
           synonyms=("身份证号码", "公民身份号码", "公民身份证号码", "居民身份证号码", "身份证", "身份证件号码", "证件号码",
                     "身份证号(18位)"), required=True, width=22, repeats=False,
           hint="必填，18位（旧的15位号码会自动升级）。请保持单元格为“文本”格式，否则 Excel 会丢掉后几位。"
                "已登记的人按身份证号更新，不会重复登记。"),
    Column("gender", "性别", _gender, synonyms=("性 别",), width=6, choices=("男", "女"),
           hint="可不填，按身份证号识别；填写时须与身份证号一致。", display=dict(Gender.choices)),
    Column("birth_date", "出生日期", parsers.date, synonyms=("出生年月", "出生年月日", "生日"), kind="date", width=12,
           hint="可不填，按身份证号识别。日期可写作 2020-01-05、2020/1/5、2020年1月5日 或 20200105。"),
    Column("ethnicity", "民族", _ethnicity, width=8, hint="如：汉族、回族。"),
    Column("phone", "手机", parsers.phone, synonyms=("手机号", "手机号码", "联系电话", "电话", "联系方式", "移动电话", "电话号码"),
           width=14, hint="11位手机号。", repeats=False),
    Column("education", "学历", parsers.choice(EDUCATIONS, "学历", _shown(Person.Education.choices)),
           synonyms=("文化程度", "最高学历"), width=12, choices=tuple(label for _, label in Person.Education.choices),
           display=dict(Person.Education.choices)),
    Column("political_status", "政治面貌", parsers.choice(POLITICALS, "政治面貌", _shown(Person.Political.choices)),
           width=12, choices=tuple(label for _, label in Person.Political.choices),
           display=dict(Person.Political.choices)),
    Column("employment_type", "用工形式", parsers.choice(EMPLOYMENTS, "用工形式", _shown(Person.Employment.choices)),
           synonyms=("用工性质", "用工类型", "用工方式"), width=10,
           choices=tuple(label for _, label in Person.Employment.choices), display=dict(Person.Employment.choices)),
    Column("department", "部门", parsers.text(100, "部门"), synonyms=("所在部门", "部门/车间", "车间", "科室"), width=14),
    Column("post", "岗位", parsers.text(100, "岗位"), synonyms=("职务", "岗位/职务", "工种", "职位"), width=12),
    Column("work_started_on", "参加工作时间", parsers.date, synonyms=("参加工作日期", "参工时间", "工作时间"),
           kind="date", width=12),
    Column("hired_on", "入职日期", parsers.date, synonyms=("入职时间", "进厂时间", "入职年月", "进单位时间"),
           kind="date", width=12),
    Column("base_salary", "月基本工资", parsers.money, synonyms=("月基本工资(元)", "基本工资", "月工资", "基本工资(元)"),
           kind="money", width=12, hint="单位：元，可带两位小数。"),
    Column("joined_on", "入会日期", parsers.date, synonyms=("入会时间", "加入工会时间", "入会年月", "入会日"),
           kind="date", width=12, attribute="joined_on",
           hint="填写即登记为会员（办理入会并编号）；不填为非会员职工。已是会员的人不会改动其入会信息。"),
    Column("member_no", "会员编号", parsers.code(32, "会员编号"), synonyms=("会员号", "会员证号", "会员证编号"), width=14,
           hint="可不填，系统按组织自动编号。", attribute="member_no", repeats=False),
    Column("model_worker", "劳模级别", parsers.choice(MODEL_WORKERS, "劳模级别", _shown(Person.ModelWorker.choices), blank=""),
           synonyms=("劳动模范", "劳模", "劳模称号"), width=14,
           choices=tuple(label for _, label in Person.ModelWorker.choices), blank_placeholders=False, keep_empty=True,
           display=_display(Person.ModelWorker.choices)),
    Column("hardship_level", "困难职工", parsers.choice(HARDSHIPS, "困难职工", "否、一般困难、深度困难", blank=""),
           synonyms=("困难职工类别", "困难类别", "是否困难职工"), width=10, choices=("否", "一般困难", "深度困难"),
           blank_placeholders=False, keep_empty=True, display=_display(Person.HardshipLevel.choices)),
    Column("is_military_family", "军烈属", parsers.boolean, synonyms=("是否军烈属",), width=8, choices=("是", "否"),
           blank_placeholders=False, display=YES),
    Column("is_returned_overseas", "归侨侨眷", parsers.boolean, synonyms=("是否归侨侨眷",), width=8, choices=("是", "否"),
           blank_placeholders=False, display=YES),
    Column("is_only_child_parent", "独生子女父母", parsers.boolean, synonyms=("是否独生子女父母",), width=8,
           choices=("是", "否"), blank_placeholders=False, display=YES),
    Column("note", "备注", parsers.text(500, "备注"), synonyms=("说明",), width=20, blank_placeholders=False,
           repeats=False),
    Column("org_code", "所在组织代码", parsers.code(), synonyms=("组织代码", "工会代码", "所属组织代码", "所在工会代码"),
           width=14, attribute="raw_org", export="org__code",
           hint="可不填，默认为导入时选择的组织；填写时须是该组织或其下级组织的代码。"),
    # Shown by exports only (an export imported again ignores them).
    Column("org_name", "所在组织", importable=False, export="org__name", width=20),
    Column("member_status", "会籍状态", importable=False, width=10, display=dict(Person.MemberStatus.choices)),
    Column("work_status", "在职状态", importable=False, width=8, display=dict(Person.WorkStatus.choices)),
)
SPEC_BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED = tuple(column for column in COLUMNS if column.required)


class RosterRow(engine_rows.Row):
    """A roster row: what the checks found out about it, and what it will do."""

    org: Organization | None = None
    raw_org = ""
    joined_on: datetime.date | None = None
    member_no = ""
    existing: dict | None = None  # the registered person with this ID number (in scope)
    admit = False  # a membership is opened for this row


Row = RosterRow
_MALE, _FEMALE = Gender.MALE.value, Gender.FEMALE.value
_birth_of = parsers.birth_of


def _check_row(row: RosterRow, checks: Checks) -> None:
    """What one row must satisfy on its own: name and ID number present, gender and birth date as the ID number
    says (filled in from it), dates in order, a member number only with an 入会日期."""
    values = row.values
    bad = row.bad or ()
    today = checks.today
    if "name" not in values and "name" not in bad:
        checks.add(row, "name", "", "姓名为空")
    id_number = values.get("id_number")
    if id_number is None:
        if "id_number" not in bad:
            checks.add(row, "id_number", "", "身份证号为空（按身份证号识别人员，必须填写）")
    else:
        birth = _birth_of(id_number)
        gender = _MALE if id_number[16] in "13579" else _FEMALE
        given_birth = values.get("birth_date")
        if given_birth is not None and given_birth != birth:
            if given_birth > today:
                checks.add(row, "birth_date", given_birth, "出生日期不能晚于今天")
            else:
                checks.add(row, "birth_date", given_birth, f"出生日期与身份证号不一致（身份证号中为{birth:%Y-%m-%d}）")
        given_gender = values.get("gender")
        if given_gender is not None and given_gender != gender:
            checks.add(row, "gender", Gender(given_gender).label,
                       "性别与身份证号不一致（身份证号第17位单数为男、双数为女）")
        values["birth_date"] = birth
        values["gender"] = gender
    birth = values.get("birth_date")
    if birth is not None and birth > today and id_number is None:
        checks.add(row, "birth_date", birth, "出生日期不能晚于今天")
    # Dates that cannot be (members.validators, the services' rule): before the birth, in the future.
    for key, label in (("work_started_on", "参加工作时间"), ("hired_on", "入职日期")):
        day = values.get(key)
        problem = date_problem(day, label, birth=birth, today=today) if day is not None else None
        if problem:
            checks.add(row, key, day, problem)
    joined = row.joined_on
    if joined is not None:
        problem = date_problem(joined, "入会日期", birth=birth, today=today)
        if problem:
            checks.add(row, "joined_on", joined, problem)
    if row.member_no and joined is None:
        checks.add(row, "member_no", row.member_no, "填写了会员编号但没有填写入会日期")


@engine.register
class RosterImporter(engine.Importer):
    key = "members"
    title = "花名册导入"
    noun = "人员"
    unit = "人"
    file_label = "花名册文件"
    sheet_name = "花名册"
    perm = Perm.PERSON_IMPORT
    columns = COLUMNS
    row_class = RosterRow
    derived_keys = ("gender", "birth_date")
    row_checks: list = []  # shared rules added by other areas: each (row, checks)
    url_namespace = "members"
    org_help = "表中“所在组织代码”为空的人员登记在此组织；填写的代码须是此组织或其下级组织。"
    guide_template = "members/_import_guide.html"
    result_link = ("members:person_list", "查看人员与会员")
    clash_message = ("提交时有人同时登记了相同的身份证号或会员编号，本次没有写入任何数据。请再次确认导入，"
                     "系统会重新校验。")
    template_notes = ("每人一行；同一个身份证号在文件中只能出现一次。已登记的人员按身份证号更新，空白单元格不会清除已有信息。",)
    preview_columns = (("name", "姓名"), ("id_number", "身份证号"), ("gender", "性别"), ("birth_date", "出生日期"),
                       ("department", "部门"), ("org", "所在组织"), ("joined_on", "入会日期"),
                       ("member_no", "会员编号"), ("status", "会籍"))
    preview_blanks = {"member_no": "（自动编号）"}
    preview_counts = (("new_count", "将新增", "count-new", "text-success"),
                      ("updated_count", "将更新（已登记）", "count-updated", "text-primary"),
                      ("joined_count", "其中办理入会", "count-joined", ""))
    result_counts = (("new_count", "新增", "text-success"), ("updated_count", "更新", "text-primary"),
                     ("unchanged_count", "已登记且无变化", ""), ("joined_count", "办理入会", ""))

    def read(self, path, kind: str) -> Parsed:
        return read_rows(path, kind)

    def rules_digest(self) -> str:
        return _rules_digest()

    def check_row(self, row, checks) -> None:
        _check_row(row, checks)
        for check in self.row_checks:
            check(row, checks)

    def validate(self, rows, checks, *, org, user) -> None:
        id_header = checks.header("id_number")
        # The same ID number twice in the file: every such row is reported, with the others' row numbers.
        by_id: dict[str, RosterRow] = {}
        repeated: dict[str, list[RosterRow]] = {}
        for row in rows:
            number = row.values.get("id_number")
            if number:
                if number in by_id:
                    repeated.setdefault(number, [by_id[number]]).append(row)
                else:
                    by_id[number] = row
        for number, same in repeated.items():
            for row in same:
                others = "、".join(str(r.number) for r in same if r is not row)
                checks.collector.add(row, id_header, number, f"身份证号在文件中重复（与第{others}行相同）")
        _resolve_orgs(rows, org, user, checks)
        _match_people(by_id, repeated, org, user, checks)
        _check_member_numbers(rows, checks)
        _check_admissions(rows, checks)

    def summarise(self, analysis, rows) -> None:
        for row in rows:
            if row.rejected:
                continue
            if row.existing is None:
                analysis.new_count += 1
            else:
                analysis.updated_count += 1
            if row.admit:
                analysis.joined_count += 1
            if len(analysis.preview) < PREVIEW_ROWS:
                analysis.preview.append(self.preview_row(row))

    def preview_row(self, row) -> dict:
        return _preview(row)

    def write(self, batch, rows, columns, user) -> dict:
        return _write(batch, rows, columns, user)

    def audit_summary(self, batch) -> tuple[dict, str]:
        changes = {"file": batch.original_name, "mode": batch.mode, "rows": batch.total_rows,
                   "created": batch.new_count, "updated": batch.updated_count,
                   "unchanged": batch.unchanged_count, "joined": batch.joined_count,
                   "rejected": batch.rejected_count}
        return changes, (f"花名册导入：{batch.original_name}，新增{batch.new_count}人，更新{batch.updated_count}人，"
                         f"入会{batch.joined_count}人，未导入{batch.rejected_count}行")


    def summary_text(self, found) -> str:
        return (f"共 {found.total_rows} 行：新增 {found.new_count} 人，更新 {found.updated_count} 人"
                f"（其中办理入会 {found.joined_count} 人），有误 {found.rejected_count} 行。")

    def done_text(self, batch) -> str:
        return (f"已导入（批次 {batch.pk}）：新增 {batch.new_count} 人，更新 {batch.updated_count} 人"
                f"（另有 {batch.unchanged_count} 人无变化），办理入会 {batch.joined_count} 人，"
                f"未导入 {batch.rejected_count} 行。")


ROSTER = engine.get("members")


# ------------------------------------------------------------------------------------------------ the engine, bound
# The roster's entry points, as the views, the command, the benchmark and the tests call them.


def read_rows(path, kind: str) -> Parsed:
    """Read the sheet and parse every row; raises ImportFileError when the file as a whole cannot be used."""
    return engine_rows.read_rows(ROSTER, path, kind)


def _rules_digest() -> str:
    return staging.rules_digest(ROSTER)


def _decode_parsed(lines, *, file_digest: str, kind: str) -> Parsed | None:
    return staging.decode(ROSTER, lines, file_digest=file_digest, kind=kind)


def analyse(path, kind: str, *, org: Organization, user=None, keep_rows: bool = False,
            parsed: Parsed | None = None) -> Analysis:
    return engine.analyse(ROSTER, path, kind, org=org, user=user, keep_rows=keep_rows, parsed=parsed)


def validate_file(path, filename: str, *, org: Organization, user=None) -> tuple[str, Analysis]:
    return engine.validate_file(ROSTER, path, filename, org=org, user=user)


def stage_upload(*, org: Organization, user, path, filename: str, source: str = "web") -> ImportBatch:
    return engine.stage_upload(ROSTER, org=org, user=user, path=path, filename=filename, source=source)


def commit_batch(batch: ImportBatch, *, user=None, mode: str = ImportBatch.Mode.ALL) -> CommitResult:
    return engine.commit_batch(ROSTER, batch, user=user, mode=mode)


def discard_batch(batch: ImportBatch) -> ImportBatch:
    return engine.discard_batch(ROSTER, batch)


def batch_list(user):
    return engine.batch_list(ROSTER, user)


def batch_get(user, pk) -> ImportBatch:
    return engine.batch_get(ROSTER, user, pk)


def build_template(out) -> None:
    engine.build_template(ROSTER, out)


def error_rows(batch: ImportBatch):
    return engine.error_rows(ROSTER, batch)


def write_error_report(batch: ImportBatch, path) -> None:
    engine.write_error_report(ROSTER, batch, path)


def template_columns() -> list[excel.Column]:
    return [column.excel_column() for column in ROSTER.importable_columns()]


# ------------------------------------------------------------------------------------------------ checks against the database


def _preview(row: RosterRow) -> dict:
    values = row.values
    if row.existing is None:
        status = "新会员（办理入会）" if row.admit else "职工（非会员）"
    elif row.admit:
        status = "办理入会"
    else:
        status = Person.MemberStatus(row.existing["member_status"]).label
    return {
        "row": row.number,
        "action": "更新" if row.existing else "新增",
        "name": values.get("name", ""),
        "id_number": mask_id_number(values.get("id_number")),
        "gender": Gender(values["gender"]).label if values.get("gender") else "",
        "birth_date": values["birth_date"].isoformat() if values.get("birth_date") else "",
        "department": values.get("department", ""),
        "org": row.org.name if row.org else "",
        "joined_on": row.joined_on.isoformat() if row.joined_on else "",
        "member_no": row.member_no,
        "status": status,
    }


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _resolve_orgs(rows: list[RosterRow], org: Organization, user, checks: Checks) -> None:
    """The 所在组织代码 of each row: the chosen organisation or an active one below it (codes compared exactly,
    then ignoring case). A code elsewhere reads the same as one that does not exist."""
    codes = list({row.raw_org for row in rows if row.raw_org})
    lookup: dict[str, Organization] = {}
    upper: dict[str, Organization] = {}
    if codes:
        subtree = Organization.objects.filter(path__startswith=org.path, status=Organization.Status.ACTIVE)
        for found in subtree.filter(code__in=bulk.in_values(codes)):
            lookup[found.code] = found
        if any(code not in lookup for code in codes):
            for found in subtree:
                upper.setdefault(found.code.upper(), found)
    header = checks.header("org_code")
    for row in rows:
        if not row.raw_org:
            row.org = org
            continue
        found = lookup.get(row.raw_org) or upper.get(row.raw_org.upper())
        if found is None:
            checks.collector.add(row, header, row.raw_org, f"组织代码“{row.raw_org}”不存在，或不在“{org.name}”及其下级组织范围内")
        else:
            row.org = found


def _match_people(by_id: dict[str, RosterRow], repeated: dict[str, list[RosterRow]], org: Organization, user,
                  checks: Checks) -> None:
    """Registered people with the file's ID numbers: updated when inside the chosen subtree, refused otherwise.
    `by_id`: ID number → its (first) row; `repeated`: ID number → all its rows, for those given more than once."""
    numbers = list(by_id)
    existing: dict[str, dict] = {}
    fields = ("id_number", "pk", "org_id", "org__path", "org__name", "member_status", "work_status", "joined_on",
              "member_no", "name")
    if numbers:
        for values in Person.objects.filter(id_number__in=bulk.in_values(numbers)).values_list(*fields).order_by():
            existing[values[0]] = dict(zip(fields, values))
    if not existing:
        return
    stubs: dict[int, Organization] = {}
    id_header = checks.header("id_number")
    org_header = checks.header("org_code")
    visible_paths: dict[str, bool] = {}
    for number, person in existing.items():
        for row in repeated.get(number) or (by_id[number],):
            if not person["org__path"].startswith(org.path):
                path = person["org__path"]
                if path not in visible_paths:
                    visible_paths[path] = user is not None and can_on_org(
                        user, Perm.PERSON_VIEW, Organization(path=path))
                if visible_paths[path]:
                    checks.collector.add(row, id_header, number,
                                  f"该人员已登记在“{person['org__name']}”，不在所选组织“{org.name}”范围内；"
                                  "请选择该人员所在的组织导入，或办理转会")
                else:
                    checks.collector.add(row, id_header, number, OTHER_UNION)
                continue
            row.existing = person
            if row.raw_org and row.org is not None and row.org.pk != person["org_id"]:
                checks.collector.add(row, org_header, row.raw_org,
                              f"该人员已登记在“{person['org__name']}”，导入不能变更所在组织，请通过转会办理")
            elif row.org is not None and not row.raw_org:
                stub = stubs.get(person["org_id"])
                if stub is None:
                    stub = stubs[person["org_id"]] = _org_stub(person)
                row.org = stub  # the person stays where they are


def _org_stub(person: dict) -> Organization:
    return Organization(pk=person["org_id"], path=person["org__path"], name=person["org__name"])


def _check_member_numbers(rows: list[RosterRow], checks: Checks) -> None:
    header = checks.header("member_no")
    given: dict[tuple[int, str], list[RosterRow]] = defaultdict(list)
    for row in rows:
        if row.member_no and row.org is not None and not (row.existing and row.existing["member_status"] in ACTIVE_STATES):
            given[(row.org.pk, row.member_no)].append(row)
    for (org_id, number), same in given.items():
        if len(same) > 1:
            for row in same:
                others = "、".join(str(r.number) for r in same if r is not row)
                checks.collector.add(row, header, number, f"会员编号在文件中重复（与第{others}行相同）")
    if not given:
        return
    # One query for every union of the file; the pairs not asked about are dropped here (errors are sorted later).
    numbers = sorted({number for _, number in given})
    taken = (Membership.objects.filter(org_id__in={org_id for org_id, _ in given},
                                       member_no__in=bulk.in_values(numbers))
             .values_list("org_id", "member_no", "person_id").order_by())
    for org_id, number, person_id in taken:
        for row in given.get((org_id, number), ()):
            if not row.existing or row.existing["pk"] != person_id:
                checks.collector.add(row, header, number, f"会员编号“{number}”在本工会已被使用")


def _check_admissions(rows: list[RosterRow], checks: Checks) -> None:
    """Who gets a membership: new people with an 入会日期, and registered non-members (the service's rules)."""
    header = checks.header("joined_on")
    no_header = checks.header("member_no")
    to_check: dict[int, RosterRow] = {}
    for row in rows:
        if row.joined_on is None or row.rejected:
            continue
        person = row.existing
        if person is None:
            row.admit = True
            continue
        status = person["member_status"]
        if status in ACTIVE_STATES:
            if person["joined_on"] and row.joined_on != person["joined_on"]:
                checks.collector.add(row, header, row.joined_on,
                              f"该人员已是会员（入会日期{person['joined_on']:%Y-%m-%d}），导入不修改会籍信息")
            elif row.member_no and row.member_no != person["member_no"]:
                checks.collector.add(row, no_header, row.member_no,
                              f"该人员已是会员（会员编号{person['member_no']}），导入不修改会籍信息")
            continue
        if status == Person.MemberStatus.DECEASED or person["work_status"] == Person.WorkStatus.DECEASED:
            checks.collector.add(row, header, row.joined_on, "该人员已故，不能入会")
            continue
        if person["work_status"] == Person.WorkStatus.LEFT:
            checks.collector.add(row, header, row.joined_on, "该人员已离职，不能在本单位入会")
            continue
        to_check[person["pk"]] = row
    if not to_check:
        return
    periods = (Membership.objects.filter(person_id__in=bulk.in_values(list(to_check))).values("person_id")
               .annotate(last_end=Max("ended_on")).order_by())
    for period in periods:
        row = to_check[period["person_id"]]
        row.existing["had_membership"] = True
        if period["last_end"] and row.joined_on < period["last_end"]:
            checks.collector.add(row, header, row.joined_on,
                          f"入会日期不能早于上次会籍的结束日期（{period['last_end']:%Y-%m-%d}）")
    for row in to_check.values():
        if not row.rejected:
            row.admit = True


def _member_numbers(org_rows: dict[int, list[RosterRow]], orgs: dict[int, Organization]) -> None:
    """Give numbers to the admitted rows that have none, skipping numbers already taken in the union."""
    for org_id, rows in org_rows.items():
        org = orgs[org_id]
        wanted = [row for row in rows if not row.member_no]
        taken_in_file = {row.member_no for row in rows if row.member_no}
        while wanted:
            numbers = next_member_numbers(org, len(wanted))
            clash = set(Membership.objects.filter(org_id=org_id, member_no__in=bulk.in_values(numbers))
                        .values_list("member_no", flat=True).order_by())
            clash |= taken_in_file.intersection(numbers)
            rest = []
            free = iter(n for n in numbers if n not in clash)
            for row in wanted:
                number = next(free, None)
                if number is None:
                    rest.append(row)
                else:
                    row.member_no = number
            wanted = rest


def _masked(name: str, value):
    if name in Person.audit_masked:
        return mask_value(name, value)
    if isinstance(value, (datetime.date, Decimal)):
        return str(value)
    return value


WRITE_CHUNK = 10_000
#: The Person fields a roster sets (the other columns are the membership and the organisation).
PERSON_KEYS = tuple(column.key for column in COLUMNS if column.attribute is None and column.importable)
#: Audit values that rarely repeat: encoded each time rather than remembered.
UNIQUE_AUDIT_KEYS = {"name", "id_number", "phone", "note", "member_no"}


def _json_value(value) -> str:
    """A value of a roster cell as JSON, as the audit trail keeps it (dates and amounts as text)."""
    if value.__class__ is str:
        return encode_json_string(value)
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return f'"{value}"'  # date, Decimal: their text has nothing to escape


class _Pieces(dict):
    """value → the text '"key":[null,value]' of one field in the audit entries, each made once per import;
    nothing (None) for no value."""

    def __init__(self, key: str):
        super().__init__({None: None, "": None})
        self.key = key

    def __missing__(self, value):
        piece = self[value] = f'"{self.key}":[null,{_json_value(value)}]'
        return piece


def _create_changes(rows: list[RosterRow], columns: dict[str, list], pieces: dict[str, _Pieces]) -> list[str]:
    """The audit entry of each new person (field → [null, value], ID number and phone masked, the membership
    fields of the admitted) as JSON text. Built a column at a time from pieces: a roster repeats its departments,
    dates and choices, so most pieces are made once (json.dumps of 100,000 dicts would take a second).
    `columns`: field → the value of each row (None: not given)."""

    def lookup(key):
        if key not in pieces:
            pieces[key] = _Pieces(key)
        return pieces[key].__getitem__

    parts = [list(map(lookup("org_id"), (row.org.id for row in rows)))]
    for key, column in columns.items():
        if key in UNIQUE_AUDIT_KEYS:
            mask = key in Person.audit_masked
            parts.append([None if v is None or v == "" else
                          f'"{key}":[null,{encode_json_string(mask_value(key, v) if mask else v)}]'
                          for v in column])
        else:
            parts.append(list(map(lookup(key), column)))
    active, joined = lookup("member_status")(Person.MemberStatus.ACTIVE.value), lookup("joined_on")
    parts.append([f'{active},"member_no":[null,{encode_json_string(row.member_no)}],{joined(row.joined_on)}'
                  if row.admit else None for row in rows])
    return ["{" + ",".join(filter(None, texts)) + "}" for texts in zip(*parts)]


def _write(batch: ImportBatch, rows: list[RosterRow], columns: list[str], user) -> dict:
    """Bulk-write the valid rows inside the caller's transaction, a chunk at a time.

    Plain tuples all the way (no model instances): new people with core.bulk.insert_rows (SQLite: executemany
    of one prepared INSERT; PostgreSQL: COPY), registered people locked and updated only where a filled cell
    differs, memberships and membership events for the admitted, and one audit entry per person created or
    changed (audit.record_rows: who, when, from where, the values with ID number and phone masked, the membership
    fields too). The batch's own IMPORT entry, which sums the import up, is written by the caller.
    """
    actor_id = getattr(user, "pk", None)
    # The organisations as full objects (stubs were enough to validate); one query.
    full = {o.pk: o for o in Organization.objects.filter(pk__in=list({row.org.id for row in rows}))}
    admitted: dict[int, list[RosterRow]] = defaultdict(list)
    for row in rows:
        row.org = full[row.org.id]
        if row.admit:
            admitted[row.org.id].append(row)
    _member_numbers(admitted, full)
    note = f"{IMPORT_NOTE}（批次{batch.pk}：{batch.original_name}）"[:500]
    event_note = f"{IMPORT_NOTE}（批次{batch.pk}）"
    counts = {"created": 0, "updated": 0, "unchanged": 0, "joined": 0}
    new = [row for row in rows if row.existing is None]
    pieces: dict[str, _Pieces] = {}
    keys = [key for key in PERSON_KEYS if key in columns or key in ("gender", "birth_date")]
    with bulk.loading(Person, Membership, MembershipEvent, rows=len(new)):
        for chunk in _chunks(new, WRITE_CHUNK):
            ids = _create_people(chunk, note, pieces, keys)
            counts["created"] += len(chunk)
            counts["joined"] += _admit_new([pk for row, pk in zip(chunk, ids) if row.admit], actor_id, event_note)
    registered = [row for row in rows if row.existing is not None]
    for chunk in _chunks(registered, WRITE_CHUNK):
        changed = _update_people(chunk, note)
        counts["updated"] += changed
        counts["unchanged"] += len(chunk) - changed
        counts["joined"] += _admit([(row, row.existing["pk"]) for row in chunk if row.admit], actor_id, event_note)
    return counts


_PINYIN: dict[str, tuple[str, str]] = {}


def _pinyin(name: str) -> tuple[str, str]:
    found = _PINYIN.get(name)
    if found is None:
        found = name_pinyin(name)
        if len(_PINYIN) < 200_000:
            _PINYIN[name] = found
    return found


def _pinyins(names: list[str]) -> list[tuple[str, str]]:
    return list(map(_pinyin, names))


def _create_people(rows: list[RosterRow], note: str, pieces: dict, keys: Sequence[str]) -> list[int]:
    """Insert new people (the values given, the model's defaults for the rest) and audit each; returns the ids.
    `keys`: the Person fields the file can give (its columns, and what the ID number tells). Worked a column at
    a time: the values of each field for all the rows, then zipped into rows by the database layer."""
    dicts = [row.values for row in rows]
    columns = {key: list(map(dict.get, dicts, itertools.repeat(key))) for key in keys}
    fields, values = ["org_id", "name_pinyin", "name_initials", "member_status", "member_no", "joined_on"], []
    names = _pinyins(columns["name"])
    values += [[row.org.id for row in rows], list(map(_first, names)), list(map(_second, names))]
    active, none = Person.MemberStatus.ACTIVE.value, Person.MemberStatus.NONE.value
    values += [[active if row.admit else none for row in rows], [row.member_no if row.admit else "" for row in rows],
               [row.joined_on if row.admit else None for row in rows]]
    for key, column in columns.items():
        default = Person._meta.get_field(key).get_default()
        fields.append(key)
        values.append(column if default is None else [default if v is None else v for v in column])
    ids = bulk.insert_rows(Person, fields, list(zip(*values)), constants={
        key: Person._meta.get_field(key).get_default() for key in PERSON_KEYS if key not in columns})
    audit.record_rows(AuditEntry.Action.CREATE, Person,
                      list(zip(ids, columns["name"], (row.org.path for row in rows),
                               _create_changes(rows, columns, pieces))), note=note)
    return ids


_first, _second = operator.itemgetter(0), operator.itemgetter(1)


def _update_people(rows: list[RosterRow], note: str) -> int:
    """Registered people, locked: only the filled cells that differ are written, with the version raised and an
    audit entry of before → after; unchanged people are not written at all. Returns how many changed."""
    by_pk = {row.existing["pk"]: row for row in rows}
    keys = sorted({key for row in rows for key in row.values})
    member_keys = ("member_status", "member_no", "joined_on")
    names = ("pk", "version", *member_keys, *keys)
    current = (Person.objects.select_for_update().filter(pk__in=bulk.in_values(list(by_pk)))
               .values_list(*names).order_by())
    now = timezone.now()
    groups: dict[tuple, list] = defaultdict(list)
    entries = []
    for found in current:
        old = dict(zip(names, found))
        row = by_pk[old["pk"]]
        diff = {}
        for name, value in row.values.items():
            if old[name] != value:
                diff[name] = [_masked(name, old[name]), _masked(name, value)]
        new_values = dict(row.values)
        if row.admit:
            for name, value in zip(member_keys, (Person.MemberStatus.ACTIVE.value, row.member_no, row.joined_on)):
                if old[name] != value:
                    diff[name] = [_masked(name, old[name]), _masked(name, value)]
                new_values[name] = value
        if not diff:
            continue
        fields = sorted(diff)
        if "name" in diff:
            new_values["name_pinyin"], new_values["name_initials"] = _pinyin(new_values["name"])
            fields += ["name_pinyin", "name_initials"]
        groups[tuple(fields)].append((old["pk"], *(new_values[f] for f in fields), old["version"] + 1, now))
        entries.append((old["pk"], new_values.get("name", row.existing["name"]), row.org.path, diff))
    for fields, values in groups.items():
        bulk.update_rows(Person, (*fields, "version", "updated_at"), values)
    audit.record_rows(AuditEntry.Action.UPDATE, Person, entries, note=note)
    return len(entries)


def _admit_new(ids: list[int], actor_id, event_note: str) -> int:
    """Memberships and JOIN events for new people just inserted as members: made by the database from their
    rows (org, member number, 入会日期), nothing passes through Python."""
    if not ids:
        return 0
    wanted = bulk.in_values(ids)
    source = (f"{connection.ops.quote_name(Person._meta.db_table)} p WHERE p.id IN ({wanted.sql}) "
              f"AND p.member_status = %s")
    params = [*wanted.params, Person.MemberStatus.ACTIVE.value]
    count = bulk.insert_select(Membership, {"person_id": "p.id", "org_id": "p.org_id", "member_no": "p.member_no",
                                            "started_on": "p.joined_on"}, source, params)
    bulk.insert_select(MembershipEvent, {
        "person_id": "p.id", "org_id": "p.org_id", "kind": bulk.Value(MembershipEvent.Kind.JOIN.value),
        "occurred_on": "p.joined_on", "member_no": "p.member_no", "note": bulk.Value(event_note),
        "recorded_by_id": bulk.Value(actor_id)}, source, params)
    return count


def _admit(pairs: list[tuple[RosterRow, int]], actor_id, event_note: str) -> int:
    """Memberships and JOIN (or REJOIN) events for the admitted rows: (row, person id) pairs."""
    memberships, events = [], []
    join, rejoin = MembershipEvent.Kind.JOIN.value, MembershipEvent.Kind.REJOIN.value
    for row, pk in pairs:
        memberships.append((pk, row.org.id, row.member_no, row.joined_on))
        kind = rejoin if row.existing and row.existing.get("had_membership") else join
        events.append((pk, row.org.id, kind, row.joined_on, row.member_no, event_note, actor_id))
    bulk.insert_rows(Membership, ("person_id", "org_id", "member_no", "started_on"), memberships)
    bulk.insert_rows(MembershipEvent, ("person_id", "org_id", "kind", "occurred_on", "member_no", "note",
                                       "recorded_by_id"), events)
    return len(memberships)


