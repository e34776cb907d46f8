"""Roster import (花名册导入): a spreadsheet of people becomes Person rows, and memberships for those with an
入会日期.

The shape of the work:

1. `stage_upload` recognises the file by its content (`core.excel.sniff`), reads and parses every row
   (`read_rows`: column by column), validates them (`analyse`) and keeps the file, the parsed rows (signed, beside
   the file: "parsed rows kept" below) and what was found in an `ImportBatch` (status "validated"). Nothing is
   written to people yet.
2. The officer sees the counts (new, updated, rejected), the first rows and the errors, and downloads an error
   report (`error_report`).
3. `commit_batch` takes the kept rows (or reads the stored file again when they cannot be used; app servers are
   stateless), validates again against the database as it is now, and writes in one transaction with plain-row
   bulk writes (`_write`: core.bulk.insert_rows — executemany on SQLite, COPY on PostgreSQL — and one audit
   entry per person): all rows or nothing (`Mode.ALL`), or only the valid rows (`Mode.VALID_ONLY`). A committed
   batch is never committed twice.

People are matched by ID number: a person already registered inside the chosen organisation's subtree is updated
(blank cells never erase what is known); an ID number registered in another union is refused without saying who
or where. Membership history is never overwritten: the import admits non-members who have an 入会日期 and leaves
existing memberships as they are.
"""
from __future__ import annotations

import contextlib
import datetime
import hashlib
import itertools
import json
import math
import operator
import os
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from json.encoder import encode_basestring as encode_json_string

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from gonghui.accounts.scope import Perm, can_on_org, org_q
from gonghui.core import audit, bulk, excel, idcard
from gonghui.core.errors import ServiceError
from gonghui.core.masking import mask_id_number, mask_value
from gonghui.core.models import AuditEntry
from gonghui.core.normalize import PHONE, parse_date, parse_money
from gonghui.core.pinyin import name_pinyin
from gonghui.orgs.models import Organization

from .models import Gender, ImportBatch, Membership, MembershipEvent, Person
from .validators import date_problem
from .services import next_member_numbers

PREVIEW_ROWS = 20
HEADER_SEARCH_ROWS = 10
ACTIVE_STATES = (Person.MemberStatus.ACTIVE, Person.MemberStatus.TRANSFERRING)
OTHER_UNION = "该身份证号已登记在其他工会，如需调入请办理转会"
IMPORT_NOTE = "花名册导入"


def max_rows() -> int:
    return int(getattr(settings, "GONGHUI_IMPORT_MAX_ROWS", 200_000))


def max_upload_bytes() -> int:
    return int(settings.GONGHUI_MAX_UPLOAD_BYTES)


class ImportFileError(ServiceError):
    """The file as a whole cannot be imported (type, size, header, row count…); Chinese message."""


# ------------------------------------------------------------------------------------------------ value parsing
# Every parser takes a raw cell (str, float, int, date… as calamine or csv give it) that is not blank and returns
# the clean value, or raises ValueError with a Chinese reason.

PLACEHOLDERS = {"-", "--", "—", "——", "－", "/", "\\", "无", "暂无", "空", "N/A", "NA", "NULL", "NONE", "#N/A"}


def clean_text(raw) -> str:
    """Full-width to half-width (NFKC), runs of white space folded to one space, ends trimmed.

    Same result as `core.normalize.text` (written for speed: it runs for every cell of a roster), except that the
    apostrophe an export puts before formula-like text is taken off again, so that exports import unchanged.
    """
    if isinstance(raw, str):
        text = raw
    elif isinstance(raw, float):
        text = str(int(raw)) if raw.is_integer() else repr(raw)
    elif isinstance(raw, datetime.datetime):
        text = raw.date().isoformat() if raw.time() == datetime.time() else raw.isoformat(sep=" ")
    else:
        text = str(raw)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.strip()
    if text[:1] == "'" and text[1:2] and text[1:2] in excel.FORMULA_PREFIXES:
        # The apostrophe our exports put before formula-like text (core.excel.neutralize), removed before the
        # spaces are folded so that "'\tx" comes back as the "\tx" it was written from.
        text = text[1:]
    return " ".join(text.split())


def _name(raw) -> str:
    if raw.__class__ is str and raw.isalpha() and len(raw) <= 50 and unicodedata.is_normalized("NFKC", raw):
        return raw  # the usual name: letters only, nothing to clean
    value = clean_text(raw).replace(" ", "")
    if len(value) > 50:
        raise ValueError("姓名超过50个字")
    if not value or value.isdigit():
        raise ValueError("姓名无效")
    return value


_today_cache: list = [0.0, None]


def _today() -> datetime.date:
    """Today's date (Asia/Shanghai), asked of Django once a minute rather than once per ID number."""
    now = time.monotonic()
    if _today_cache[1] is None or now - _today_cache[0] > 60:
        _today_cache[:] = [now, timezone.localdate()]
    return _today_cache[1]


_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+?\d+$", re.IGNORECASE)
LOST_DIGITS = ("身份证号被保存成了数字，Excel 只保留15位有效数字，末尾几位已丢失。"
               "请把该列设置为“文本”格式后重新填写身份证号")


_ID_WEIGHT_SUM = sum(idcard.WEIGHTS) * ord("0")
_BIRTHS: dict[str, datetime.date | None] = {}


def _birth_of(number: str) -> datetime.date | None:
    """The birth date in an ID number (characters 7-14), or None when it is not a date; cached (a roster has a
    few thousand distinct birthdays)."""
    digits = number[6:14]
    try:
        return _BIRTHS[digits]
    except KeyError:
        pass
    try:
        day = datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        day = None
    if len(_BIRTHS) < 100_000:
        _BIRTHS[digits] = day
    return day


def _clean_id(text: str) -> str | None:
    """The common case, checked quickly: an 18-character ASCII number that is valid in every respect. None sends
    the value through idcard.parse, which says what is wrong (or copes with spaces, full-width digits, 15 digits)."""
    if len(text) != 18 or not text.isascii():
        return None
    if text[17] == "x":
        text = text[:17] + "X"
    if not text[:17].isdigit() or text[:2] not in idcard.PROVINCE_CODES:
        return None
    birth = _birth_of(text)
    if birth is None or birth > _today() or birth.year < 1900:
        return None
    total = sum(map(int.__mul__, text[:17].encode(), idcard.WEIGHTS)) - _ID_WEIGHT_SUM
    return text if idcard.CHECK_CHARS[total % 11] == text[17] else None


def _id_number(raw) -> str:
    if raw.__class__ is str:
        number = _clean_id(raw)
        if number is not None:
            return number
    if isinstance(raw, bool):
        raise ValueError("身份证号无效")
    if isinstance(raw, (int, float)):
        digits = f"{raw:.0f}"
        try:
            return idcard.parse(digits, today=_today()).number
        except idcard.IDNumberError as exc:
            if len(digits) >= 16:
                raise ValueError(LOST_DIGITS) from None
            raise ValueError(str(exc)) from None
    text = clean_text(raw).replace(" ", "")
    if _SCIENTIFIC.match(text):
        raise ValueError(LOST_DIGITS)
    text = text.lstrip("'")
    try:
        return idcard.parse(text, today=_today()).number
    except idcard.IDNumberError as exc:
        raise ValueError(str(exc)) from None


def _choice_parser(mapping: dict[str, str], label: str, shown: str, blank=None):
    """A parser for a column of fixed values. With `blank`, the usual placeholders ("无", "-", "/"…) mean it."""
    lookup = {k.upper(): v for k, v in mapping.items()}

    def parse(raw):
        text = clean_text(raw).replace(" ", "").upper()
        if blank is not None and text in PLACEHOLDERS:
            return blank
        try:
            return lookup[text]
        except KeyError:
            raise ValueError(f"{label}“{clean_text(raw)}”无法识别，应为：{shown}") from None

    return parse


def _labels(choices, extra: dict[str, str]) -> dict[str, str]:
    mapping = {}
    for value, text in choices:
        mapping[text] = value
        if value:
            mapping[value] = value
    mapping.update(extra)
    return mapping


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
BOOLEANS = {"是": True, "否": False, "Y": True, "N": False, "YES": True, "NO": False, "TRUE": True, "FALSE": False,
            "1": True, "0": False, "√": True, "✓": True, "✔": True, "×": False, "X": False, "有": True, "不是": False}
ETHNIC_GROUPS = set(
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 "
    "柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 "
    "塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺".split()
)


_gender = _choice_parser(GENDERS, "性别", "男、女")


def _ethnicity(raw) -> str:
    value = clean_text(raw).replace(" ", "")
    if value in ETHNIC_GROUPS:
        value += "族"
    if len(value) > 20:
        raise ValueError("民族超过20个字")
    return value


def _phone(raw) -> str:
    if raw.__class__ is str and len(raw) == 11 and raw.isascii() and PHONE.match(raw):
        return raw
    if isinstance(raw, float):
        text = f"{raw:.0f}"
    else:
        text = clean_text(raw).replace(" ", "").replace("-", "")
    if len(text) > 11:
        text = text.removeprefix("+86").removeprefix("0086").removeprefix("86")
    if not PHONE.match(text):
        raise ValueError(f"手机号“{text}”应为11位数字，以1开头")
    return text


def _date(raw) -> datetime.date:
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if isinstance(raw, (datetime.time, datetime.timedelta)):
        raise ValueError("单元格是时间而不是日期")
    if isinstance(raw, bool):
        raise ValueError("不是日期")
    if isinstance(raw, (int, float)) and float(raw).is_integer() and 19000101 <= raw <= 21001231:
        raw = str(int(raw))  # 20200105 typed as a number
    try:
        day = parse_date(raw if not isinstance(raw, str) else clean_text(raw))
    except (OverflowError, TypeError):
        raise ValueError("无法识别的日期") from None
    if day is None:
        raise ValueError("无法识别的日期")
    if day.year < 1900:
        raise ValueError(f"日期{day:%Y-%m-%d}早于1900年，请核对")
    return day


_CENTS = Decimal("0.01")


def _money(raw) -> Decimal:
    if isinstance(raw, (float, int)) and not isinstance(raw, bool):
        if not math.isfinite(raw):
            raise ValueError("金额不是数字")
        if raw < 0:
            raise ValueError("金额不能为负数")
        amount = Decimal(repr(raw)).quantize(_CENTS)
    else:
        amount = parse_money(clean_text(raw) if isinstance(raw, str) else raw)
    if amount is not None and amount >= Decimal("100000000"):
        raise ValueError("金额过大")
    return amount


def _text(limit: int, label: str):
    def parse(raw) -> str:
        value = clean_text(raw)
        if len(value) > limit:
            raise ValueError(f"{label}超过{limit}个字")
        return value

    return parse


_parse_bool = _choice_parser(BOOLEANS, "填写", "是、否", blank=False)


def _bool(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    return _parse_bool(raw)


def _member_no(raw) -> str:
    value = clean_text(raw).replace(" ", "")
    if len(value) > 32:
        raise ValueError("会员编号超过32个字符")
    return value


def _org_code(raw) -> str:
    return clean_text(raw).replace(" ", "")


@dataclass(frozen=True)
class Spec:
    """One column of the roster: the Person field (or import-only key), its header, aliases and parser."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    parse: object = None
    required: bool = False
    kind: str = "text"  # text, date, money: how the template formats the column
    width: float = 12
    choices: tuple[str, ...] = ()
    hint: str = ""
    placeholders_blank: bool = True  # "无", "-", "/"… count as empty


COLUMNS: tuple[Spec, ...] = (
    Spec("name", "姓名", ("职工姓名", "会员姓名", "人员姓名", "名字"), _name, required=True, width=10,
         hint="必填。"),
    Spec("id_number", "身份证号", ("身份证号码", "公民身份号码", "公民身份证号码", "居民身份证号码", "身份证", "身份证件号码",
                                "证件号码", "身份证号(18位)"), _id_number, required=True, width=22,
         hint="必填，18位（旧的15位号码会自动升级）。请保持单元格为“文本”格式，否则 Excel 会丢掉后几位。"
              "已登记的人按身份证号更新，不会重复登记。"),
    Spec("gender", "性别", ("性 别",), _gender, width=6, choices=("男", "女"), hint="可不填，按身份证号识别；填写时须与身份证号一致。"),
    Spec("birth_date", "出生日期", ("出生年月", "出生年月日", "生日"), _date, kind="date", width=12,
         hint="可不填，按身份证号识别。日期可写作 2020-01-05、2020/1/5、2020年1月5日 或 20200105。"),
    Spec("ethnicity", "民族", (), _ethnicity, width=8, hint="如：汉族、回族。"),
    Spec("phone", "手机", ("手机号", "手机号码", "联系电话", "电话", "联系方式", "移动电话", "电话号码"), _phone, width=14,
         hint="11位手机号。"),
    Spec("education", "学历", ("文化程度", "最高学历"), _choice_parser(EDUCATIONS, "学历", "、".join(
        label for _, label in Person.Education.choices)), width=12,
         choices=tuple(label for _, label in Person.Education.choices)),
    Spec("political_status", "政治面貌", (), _choice_parser(POLITICALS, "政治面貌", "、".join(
        label for _, label in Person.Political.choices)), width=12,
         choices=tuple(label for _, label in Person.Political.choices)),
    Spec("employment_type", "用工形式", ("用工性质", "用工类型", "用工方式"), _choice_parser(EMPLOYMENTS, "用工形式", "、".join(
        label for _, label in Person.Employment.choices)), width=10,
         choices=tuple(label for _, label in Person.Employment.choices)),
    Spec("department", "部门", ("所在部门", "部门/车间", "车间", "科室"), _text(100, "部门"), width=14),
    Spec("post", "岗位", ("职务", "岗位/职务", "工种", "职位"), _text(100, "岗位"), width=12),
    Spec("work_started_on", "参加工作时间", ("参加工作日期", "参工时间", "工作时间"), _date, kind="date", width=12),
    Spec("hired_on", "入职日期", ("入职时间", "进厂时间", "入职年月", "进单位时间"), _date, kind="date", width=12),
    Spec("base_salary", "月基本工资", ("月基本工资(元)", "基本工资", "月工资", "基本工资(元)"), _money, kind="money", width=12,
         hint="单位：元，可带两位小数。"),
    Spec("joined_on", "入会日期", ("入会时间", "加入工会时间", "入会年月", "入会日"), _date, kind="date", width=12,
         hint="填写即登记为会员（办理入会并编号）；不填为非会员职工。已是会员的人不会改动其入会信息。"),
    Spec("member_no", "会员编号", ("会员号", "会员证号", "会员证编号"), _member_no, width=14,
         hint="可不填，系统按组织自动编号。"),
    Spec("model_worker", "劳模级别", ("劳动模范", "劳模", "劳模称号"), _choice_parser(MODEL_WORKERS, "劳模级别", "、".join(
        label for _, label in Person.ModelWorker.choices), blank=""), width=14,
         choices=tuple(label for _, label in Person.ModelWorker.choices), placeholders_blank=False),
    Spec("hardship_level", "困难职工", ("困难职工类别", "困难类别", "是否困难职工"),
         _choice_parser(HARDSHIPS, "困难职工", "否、一般困难、深度困难", blank=""), width=10,
         choices=("否", "一般困难", "深度困难"), placeholders_blank=False),
    Spec("is_military_family", "军烈属", ("是否军烈属",), _bool, width=8, choices=("是", "否"), placeholders_blank=False),
    Spec("is_returned_overseas", "归侨侨眷", ("是否归侨侨眷",), _bool, width=8, choices=("是", "否"),
         placeholders_blank=False),
    Spec("is_only_child_parent", "独生子女父母", ("是否独生子女父母",), _bool, width=8, choices=("是", "否"),
         placeholders_blank=False),
    Spec("note", "备注", ("说明",), _text(500, "备注"), width=20, placeholders_blank=False),
    Spec("org_code", "所在组织代码", ("组织代码", "工会代码", "所属组织代码", "所在工会代码"), _org_code, width=14,
         hint="可不填，默认为导入时选择的组织；填写时须是该组织或其下级组织的代码。"),
)
SPEC_BY_KEY = {spec.key: spec for spec in COLUMNS}
REQUIRED = tuple(spec for spec in COLUMNS if spec.required)
#: Columns whose values rarely repeat: not worth remembering parsed values for.
UNCACHED = {"name", "id_number", "phone", "note", "member_no"}
#: Keys whose empty value ("无" as a 劳模级别) is a value: it clears what is known.
KEEP_EMPTY = {"model_worker", "hardship_level"}
#: Keys that are not copied to Person as they are (membership and organisation are handled separately).
SPECIAL_KEYS = {"joined_on", "member_no", "org_code"}


def header_key(text) -> str:
    """How a header cell is compared: half-width, no spaces, no required-marks or notes in brackets."""
    value = clean_text(text).replace(" ", "").lower()
    value = value.strip("*")
    value = re.sub(r"\((必填|选填|可选|必须填写|非必填)\)$", "", value)
    return value.strip("*")


HEADER_LOOKUP: dict[str, Spec] = {}
for _spec in COLUMNS:
    for _alias in (_spec.label, *_spec.aliases):
        HEADER_LOOKUP.setdefault(header_key(_alias), _spec)


# ------------------------------------------------------------------------------------------------ analysis


@dataclass
class RowError:
    row: int
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


class Row:
    """One data row: its clean values (only the filled cells) and what it will do. The class attributes are the
    defaults (a roster makes 100,000 of these: only what differs is set on each)."""

    bad: set[str] | None = None  # keys of the cells that could not be read
    org: Organization | None = None
    raw_org = ""
    joined_on: datetime.date | None = None
    member_no = ""
    existing: dict | None = None  # the registered person with this ID number (in scope)
    rejected = False
    admit = False  # a membership is opened for this row

    def __init__(self, number: int, values: dict | None = None):
        self.number = number
        self.values = {} if values is None else values


@dataclass
class Analysis:
    kind: str
    total_rows: int = 0
    new_count: int = 0
    updated_count: int = 0
    joined_count: int = 0
    rejected_rows: set = field(default_factory=set)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # keys of the recognised columns

    @property
    def rejected_count(self) -> int:
        return len(self.rejected_rows)

    @property
    def valid_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.rejected]


def _shown_value(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e21:
        text = f"{raw:.0f}"
    elif isinstance(raw, (datetime.date, datetime.datetime)):
        text = raw.isoformat()
    else:
        text = str(raw)
    return text[:100]


class _Collector:
    def __init__(self):
        self.errors: list[RowError] = []
        self.rejected: set[int] = set()

    def add(self, row: Row | int, column: str, raw, reason: str) -> None:
        number = row.number if isinstance(row, Row) else row
        if isinstance(row, Row):
            row.rejected = True
        self.rejected.add(number)
        self.errors.append(RowError(number, column, _shown_value(raw), reason))


def _find_header(rows: Iterator) -> tuple[int, list, list]:
    """The header row among the first few non-empty rows (sheets often start with a title line)."""
    seen = []
    for number, values in rows:
        keys = [HEADER_LOOKUP.get(header_key(v)) if v not in (None, "") else None for v in values]
        recognised = [k for k in keys if k is not None]
        if len(recognised) >= 2 or any(k is not None and k.required for k in keys):
            return number, values, keys
        seen.append(values)
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    if not seen:
        raise ImportFileError("文件中没有任何数据。")
    raise ImportFileError("没有找到表头行：表格的第一行应为列名（如 姓名、身份证号……）。请下载导入模板，按模板的列名填写。")


def _map_columns(values: list, keys: list, first_column: int = 0) -> tuple[list[tuple[int, Spec, str]], list[str]]:
    mapped: dict[str, tuple[int, Spec, str]] = {}
    ignored = []
    for index, (cell, spec) in enumerate(zip(values, keys)):
        header = clean_text(cell) if cell not in (None, "") else ""
        if spec is None:
            if header:
                ignored.append(header)
            continue
        if spec.key in mapped:
            first = mapped[spec.key]
            raise ImportFileError(f"“{spec.label}”列出现了两次（第{excel.column_letter(first[0] + first_column)}列"
                                  f"“{first[2]}”和第{excel.column_letter(index + first_column)}列“{header}”），请删除其中一列。")
        mapped[spec.key] = (index, spec, header)
    missing = [spec for spec in REQUIRED if spec.key not in mapped]
    if missing:
        parts = []
        for spec in missing:
            also = "、".join(spec.aliases[:3])
            parts.append(f"{spec.label}（也可写作：{also}）" if also else spec.label)
        raise ImportFileError(f"缺少必填列：{'；'.join(parts)}。请检查表头是否被改名或删除，或下载导入模板按模板填写。")
    return sorted(mapped.values(), key=lambda item: item[0]), ignored


# What a cell gives: (kind, value, reason). Kinds: 0 nothing in the cell, 1 a placeholder ("无", "-", "/"…) or a
# value that means nothing (filled, no value), 2 a value, 3 a value that cannot be read (the reason says why).
_BLANK = (0, None, None)
_EMPTY = (1, None, None)
_kind, _value = operator.itemgetter(0), operator.itemgetter(1)


def _outcome(raw, parse, blankable: bool, keep_empty: bool) -> tuple:
    if raw is None:
        return _BLANK
    if raw.__class__ is str:
        stripped = raw.strip()
        if not stripped:
            return _BLANK
        if blankable and len(stripped) <= 6 and stripped.upper() in PLACEHOLDERS:
            return _EMPTY
    elif raw == "":
        return _BLANK
    try:
        value = parse(raw)
    except ValueError as exc:
        return (3, None, str(exc))
    if value is None or (value == "" and not keep_empty):
        return _EMPTY
    return (2, value, None)


class _Outcomes(dict):
    """raw cell → outcome, each distinct cell parsed once (a column repeats its departments, dates, choices…)."""

    def __init__(self, parse, blankable: bool, keep_empty: bool):
        super().__init__({None: _BLANK})
        self.args = (parse, blankable, keep_empty)

    def __missing__(self, raw):
        outcome = _outcome(raw, *self.args)
        if len(self) < 50_000:
            self[raw] = outcome
        return outcome


_NUMBERS = frozenset((int, float, bool))
#: Rows are read and parsed this many at a time (memory stays bounded; the parse caches carry over).
PARSE_BLOCK = 10_000


class _ColumnParser:
    """One column of the sheet, parsed a block of rows at a time, in C-speed passes where it can be: each distinct
    value of a repetitive column is parsed once for the whole sheet."""

    def __init__(self, index: int, spec: Spec):
        self.index, self.spec = index, spec
        self.args = (spec.parse, spec.placeholders_blank and not spec.required, spec.key in KEEP_EMPTY)
        self.cached = spec.key not in UNCACHED
        self.outcomes = _Outcomes(*self.args)
        self.typed: _Outcomes | None = None  # for columns mixing 1, 1.0 and True

    def __call__(self, cells: list[list]) -> list[tuple]:
        index = self.index
        try:
            column = [cells_row[index] for cells_row in cells]
        except IndexError:  # CSV rows may be shorter than the header
            column = [cells_row[index] if index < len(cells_row) else None for cells_row in cells]
        if not self.cached:
            return self._each(column)
        if len(_NUMBERS.intersection(map(type, column))) > 1:
            # 1, 1.0 and True are one dict key but may read differently: key the numbers with their type.
            if self.typed is None:
                parse = self.spec.parse
                self.typed = _Outcomes(lambda key: parse(key[1] if key.__class__ is tuple else key), *self.args[1:])
            keyed = [raw if raw.__class__ not in _NUMBERS else (raw.__class__, raw) for raw in column]
            return list(map(self.typed.__getitem__, keyed))
        return list(map(self.outcomes.__getitem__, column))

    def _each(self, column: list) -> list[tuple]:
        """Values that rarely repeat (names, ID numbers, phones): every cell parsed, _outcome inlined."""
        parse, blankable, keep_empty = self.args
        outcomes = []
        add = outcomes.append
        for raw in column:
            if raw is None:
                add(_BLANK)
                continue
            if raw.__class__ is str:
                stripped = raw.strip()
                if not stripped:
                    add(_BLANK)
                    continue
                if blankable and len(stripped) <= 6 and stripped.upper() in PLACEHOLDERS:
                    add(_EMPTY)
                    continue
            elif raw == "":
                add(_BLANK)
                continue
            try:
                value = parse(raw)
            except ValueError as exc:
                add((3, None, str(exc)))
                continue
            add(_EMPTY if value is None or (value == "" and not keep_empty) else (2, value, None))
        return outcomes


def _parse_rows(table_rows: Iterator, columns: list[tuple[int, Spec, str]], collector: _Collector,
                today: datetime.date) -> list[Row]:
    """Every data row of the sheet, parsed a column at a time (a block of rows at a time); rows with nothing in
    the known columns are left out."""
    parsers = [_ColumnParser(index, spec) for index, spec, _ in columns]
    keys = [spec.key for _, spec, _ in columns]
    rows: list[Row] = []
    table_rows = iter(table_rows)
    while block := list(itertools.islice(table_rows, PARSE_BLOCK)):
        numbers = list(map(_kind, block))
        cells = list(map(_value, block))
        del block
        value_columns, filled, problems = [], 0, defaultdict(list)
        for position, parser in enumerate(parsers):
            outcomes = parser(cells)
            value_columns.append(list(map(_value, outcomes)))
            kinds = bytes(map(_kind, outcomes))
            filled |= int.from_bytes(kinds, "big")  # a row counts when any known column has something
            at = kinds.find(3)
            while at != -1:
                problems[at].append((position, outcomes[at][2]))
                at = kinds.find(3, at + 1)
        filled_rows = filled.to_bytes(len(cells), "big")
        for i, values in enumerate(zip(*value_columns)):
            if not filled_rows[i]:
                continue
            row = Row(numbers[i], dict(zip(keys, values)) if None not in values else {
                k: v for k, v in zip(keys, values) if v is not None})
            if i in problems:
                row.bad = set()
                for position, reason in problems[i]:
                    index, spec, header = columns[position]
                    collector.add(row, header, cells[i][index], reason)
                    row.bad.add(spec.key)
            _check_row(row, columns, collector, today)
            rows.append(row)
    return rows


def _header_of(columns, key: str) -> str:
    for _, spec, header in columns:
        if spec.key == key:
            return header
    return SPEC_BY_KEY[key].label


_MALE, _FEMALE = Gender.MALE.value, Gender.FEMALE.value


def _check_row(row: Row, columns, collector: _Collector, today: datetime.date) -> None:
    values = row.values
    bad = row.bad or ()
    if "name" not in values and "name" not in bad:
        collector.add(row, _header_of(columns, "name"), "", "姓名为空")
    id_number = values.get("id_number")
    if id_number is None:
        if "id_number" not in bad:
            collector.add(row, _header_of(columns, "id_number"), "", "身份证号为空（按身份证号识别人员，必须填写）")
    else:
        birth = _birth_of(id_number)
        gender = _MALE if id_number[16] in "13579" else _FEMALE
        given_birth = values.get("birth_date")
        if given_birth is not None and given_birth != birth:
            if given_birth > today:
                collector.add(row, _header_of(columns, "birth_date"), given_birth, "出生日期不能晚于今天")
            else:
                collector.add(row, _header_of(columns, "birth_date"), given_birth,
                              f"出生日期与身份证号不一致（身份证号中为{birth:%Y-%m-%d}）")
        given_gender = values.get("gender")
        if given_gender is not None and given_gender != gender:
            collector.add(row, _header_of(columns, "gender"), Gender(given_gender).label,
                          "性别与身份证号不一致（身份证号第17位单数为男、双数为女）")
        values["birth_date"] = birth
        values["gender"] = gender
    birth = values.get("birth_date")
    if birth is not None and birth > today and id_number is None:
        collector.add(row, _header_of(columns, "birth_date"), birth, "出生日期不能晚于今天")
    # Dates that cannot be (members.validators, the services' rule): before the birth, in the future.
    for key, label in (("work_started_on", "参加工作时间"), ("hired_on", "入职日期"), ("joined_on", "入会日期")):
        day = values.get(key)
        problem = date_problem(day, label, birth=birth, today=today) if day is not None else None
        if problem:
            collector.add(row, _header_of(columns, key), day, problem)
    joined = values.pop("joined_on", None)
    if joined is not None:
        row.joined_on = joined
    row.member_no = values.pop("member_no", "")
    row.raw_org = values.pop("org_code", "")
    if row.member_no and row.joined_on is None:
        collector.add(row, _header_of(columns, "member_no"), row.member_no, "填写了会员编号但没有填写入会日期")


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass
class Parsed:
    """What the file alone says (no database): its rows with clean values and the problems found in them."""

    kind: str
    rows: list[Row]
    columns: list[tuple[int, Spec, str]]  # (index in the row, column, header as written in the file)
    ignored: list[str]
    errors: list[RowError]
    rejected: set[int]
    today: datetime.date  # the day the dates were checked against


def read_rows(path, kind: str) -> Parsed:
    """Read the sheet and parse every row; raises ImportFileError when the file as a whole cannot be used."""
    try:
        table = excel.read_table(path, kind, max_rows=max_rows())
        rows_iter = iter(table.rows)
        header_row, header_values, keys = _find_header(rows_iter)
        columns, ignored = _map_columns(header_values, keys, table.first_column)
        collector = _Collector()
        today = timezone.localdate()
        rows = _parse_rows(rows_iter, columns, collector, today)
    except excel.SpreadsheetError as exc:
        raise ImportFileError(str(exc)) from None
    if not rows:
        raise ImportFileError("表头下面没有数据行。")
    return Parsed(kind, rows, columns, ignored, collector.errors, collector.rejected, today)


def analyse(path, kind: str, *, org: Organization, user=None, keep_rows: bool = False,
            parsed: Parsed | None = None) -> Analysis:
    """Read and validate every row of a roster for `org`; nothing is written.

    Raises ImportFileError when the file as a whole cannot be imported. Row problems are collected: each with
    the row number, the column (as headed in the file), the value and the reason. `parsed`: the file already
    read (read_rows, or the rows kept with a batch); its rows are used up (the checks mark them).
    """
    if not org.is_active:
        raise ImportFileError("所选组织已撤销，不能导入人员。")
    if parsed is None:
        parsed = read_rows(path, kind)
    rows, columns, ignored = parsed.rows, parsed.columns, parsed.ignored
    collector = _Collector()
    collector.errors = list(parsed.errors)
    collector.rejected = set(parsed.rejected)
    result = Analysis(kind=kind, total_rows=len(rows), ignored_columns=ignored,
                      columns=[spec.key for _, spec, _ in columns])
    id_header = _header_of(columns, "id_number")

    # The same ID number twice in the file: every such row is reported, with the others' row numbers.
    by_id: dict[str, Row] = {}
    repeated: dict[str, list[Row]] = {}
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
            collector.add(row, id_header, number, f"身份证号在文件中重复（与第{others}行相同）")

    _resolve_orgs(rows, org, user, columns, collector)
    _match_people(by_id, repeated, org, user, columns, collector)
    _check_member_numbers(rows, columns, collector)
    _check_admissions(rows, columns, collector)

    position = {header: index for index, _, header in columns}
    collector.errors.sort(key=lambda e: (e.row, position.get(e.column, 10_000)))
    result.errors = collector.errors
    result.rejected_rows = collector.rejected
    for row in rows:
        if row.rejected:
            continue
        if row.existing is None:
            result.new_count += 1
        else:
            result.updated_count += 1
        if row.admit:
            result.joined_count += 1
        if len(result.preview) < PREVIEW_ROWS:
            result.preview.append(_preview(row))
    if keep_rows:
        result.rows = rows
    return result


def _preview(row: Row) -> dict:
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


def _resolve_orgs(rows: list[Row], org: Organization, user, columns, collector: _Collector) -> None:
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
    header = _header_of(columns, "org_code")
    for row in rows:
        if not row.raw_org:
            row.org = org
            continue
        found = lookup.get(row.raw_org) or upper.get(row.raw_org.upper())
        if found is None:
            collector.add(row, header, row.raw_org, f"组织代码“{row.raw_org}”不存在，或不在“{org.name}”及其下级组织范围内")
        else:
            row.org = found


def _match_people(by_id: dict[str, Row], repeated: dict[str, list[Row]], org: Organization, user, columns,
                  collector: _Collector) -> None:
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
    id_header = _header_of(columns, "id_number")
    org_header = _header_of(columns, "org_code")
    visible_paths: dict[str, bool] = {}
    for number, person in existing.items():
        for row in repeated.get(number) or (by_id[number],):
            if not person["org__path"].startswith(org.path):
                path = person["org__path"]
                if path not in visible_paths:
                    visible_paths[path] = user is not None and can_on_org(
                        user, Perm.PERSON_VIEW, Organization(path=path))
                if visible_paths[path]:
                    collector.add(row, id_header, number,
                                  f"该人员已登记在“{person['org__name']}”，不在所选组织“{org.name}”范围内；"
                                  "请选择该人员所在的组织导入，或办理转会")
                else:
                    collector.add(row, id_header, number, OTHER_UNION)
                continue
            row.existing = person
            if row.raw_org and row.org is not None and row.org.pk != person["org_id"]:
                collector.add(row, org_header, row.raw_org,
                              f"该人员已登记在“{person['org__name']}”，导入不能变更所在组织，请通过转会办理")
            elif row.org is not None and not row.raw_org:
                stub = stubs.get(person["org_id"])
                if stub is None:
                    stub = stubs[person["org_id"]] = _org_stub(person)
                row.org = stub  # the person stays where they are


def _org_stub(person: dict) -> Organization:
    return Organization(pk=person["org_id"], path=person["org__path"], name=person["org__name"])


def _check_member_numbers(rows: list[Row], columns, collector: _Collector) -> None:
    header = _header_of(columns, "member_no")
    given: dict[tuple[int, str], list[Row]] = defaultdict(list)
    for row in rows:
        if row.member_no and row.org is not None and not (row.existing and row.existing["member_status"] in ACTIVE_STATES):
            given[(row.org.pk, row.member_no)].append(row)
    for (org_id, number), same in given.items():
        if len(same) > 1:
            for row in same:
                others = "、".join(str(r.number) for r in same if r is not row)
                collector.add(row, header, number, f"会员编号在文件中重复（与第{others}行相同）")
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
                collector.add(row, header, number, f"会员编号“{number}”在本工会已被使用")


def _check_admissions(rows: list[Row], columns, collector: _Collector) -> None:
    """Who gets a membership: new people with an 入会日期, and registered non-members (the service's rules)."""
    header = _header_of(columns, "joined_on")
    no_header = _header_of(columns, "member_no")
    to_check: dict[int, Row] = {}
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
                collector.add(row, header, row.joined_on,
                              f"该人员已是会员（入会日期{person['joined_on']:%Y-%m-%d}），导入不修改会籍信息")
            elif row.member_no and row.member_no != person["member_no"]:
                collector.add(row, no_header, row.member_no,
                              f"该人员已是会员（会员编号{person['member_no']}），导入不修改会籍信息")
            continue
        if status == Person.MemberStatus.DECEASED or person["work_status"] == Person.WorkStatus.DECEASED:
            collector.add(row, header, row.joined_on, "该人员已故，不能入会")
            continue
        if person["work_status"] == Person.WorkStatus.LEFT:
            collector.add(row, header, row.joined_on, "该人员已离职，不能在本单位入会")
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
            collector.add(row, header, row.joined_on,
                          f"入会日期不能早于上次会籍的结束日期（{period['last_end']:%Y-%m-%d}）")
    for row in to_check.values():
        if not row.rejected:
            row.admit = True


# ------------------------------------------------------------------------------------------------ batches


def batch_list(user):
    """The import batches a user may see: those of organisations where they may import."""
    return ImportBatch.objects.filter(org_q(user, Perm.PERSON_IMPORT)).select_related("org", "created_by")


def batch_get(user, pk) -> ImportBatch:
    return get_object_or_404(batch_list(user), pk=pk)


def _sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _apply(batch: ImportBatch, analysis: Analysis) -> None:
    batch.total_rows = analysis.total_rows
    batch.new_count = analysis.new_count
    batch.updated_count = analysis.updated_count
    batch.joined_count = analysis.joined_count
    batch.rejected_count = analysis.rejected_count
    batch.error_count = len(analysis.errors)
    batch.errors = [e.as_dict() for e in analysis.errors[:ImportBatch.MAX_STORED_ERRORS]]
    batch.preview = analysis.preview
    batch.ignored_columns = analysis.ignored_columns[:50]


def check_file(path, filename: str) -> str:
    """Size and type, before anything is parsed. Returns the kind; raises ImportFileError."""
    size = os.path.getsize(path)
    if size > max_upload_bytes():
        raise ImportFileError(too_large_message())
    try:
        return excel.sniff(path, filename)
    except excel.SpreadsheetError as exc:
        raise ImportFileError(str(exc)) from None


def too_large_message() -> str:
    return (f"文件超过 {max_upload_bytes() // (1024 * 1024)} MB 的上限，未处理。"
            "请删除无关的工作表、图片和空白行，或拆分成几个文件分别导入。")


def validate_file(path, filename: str, *, org: Organization, user=None) -> tuple[str, Analysis]:
    """Everything a dry run does: check the file and every row. Writes nothing."""
    kind = check_file(path, filename)
    with bulk.gc_paused():
        return kind, analyse(path, kind, org=org, user=user)


def stage_upload(*, org: Organization, user, path, filename: str, source: str = "web") -> ImportBatch:
    """Check and validate a file, then keep it with the findings as a batch waiting for the officer's decision."""
    with bulk.gc_paused():
        return _stage_upload(org=org, user=user, path=path, filename=filename, source=source)


def _stage_upload(*, org: Organization, user, path, filename: str, source: str) -> ImportBatch:
    kind = check_file(path, filename)
    if not org.is_active:
        raise ImportFileError("所选组织已撤销，不能导入人员。")
    parsed = read_rows(path, kind)
    digest = _sha256(path)
    with tempfile.TemporaryFile() as kept:
        _encode_parsed(parsed, digest, kept)  # before the checks below mark the rows
        analysis = analyse(path, kind, org=org, user=user, parsed=parsed)
        del parsed
        batch = ImportBatch(org=org, created_by=user if getattr(user, "pk", None) else None, source=source,
                            original_name=os.path.basename(filename)[:255], file_kind=kind,
                            file_size=os.path.getsize(path), sha256=digest)
        _apply(batch, analysis)
        from django.core.files import File

        with open(path, "rb") as fh:
            batch.file.save(f"roster.{kind}", File(fh), save=False)
        _keep_parsed(batch, kept)
    batch.save()
    return batch


# ------------------------------------------------------------------------------------------------ parsed rows kept
# Reading and parsing a 100,000-row sheet costs seconds, and its outcome depends on the file alone (and on the day:
# dates may not lie in the future). So the upload keeps the parsed rows beside the stored file, and the commit
# (and the full error report) use them instead of parsing the file again, when they are for this very file (its
# SHA-256), this day and these parsing rules, and carry a valid signature (HMAC with the SECRET_KEY: nobody who
# can write to the storage can slip rows in). Otherwise the file is read again, as before. Whatever depends on
# the database (registered people, member numbers, organisations) is checked again at commit in any case.

PARSED_SUFFIX = ".rows"
_PARSED_SALT = "gonghui.members.importing.parsed"
_DATE_KEYS = frozenset(spec.key for spec in COLUMNS if spec.kind == "date")
_MONEY_KEYS = frozenset(spec.key for spec in COLUMNS if spec.kind == "money")
_rules: list[str] = []


def _rules_digest() -> str:
    """A digest of the code that parses rows: parsed rows kept by another version of it are not used."""
    if not _rules:
        digest = hashlib.sha256()
        try:
            for module in (__file__, idcard.__file__, sys.modules[parse_date.__module__].__file__):
                with open(module, "rb") as fh:
                    digest.update(fh.read())
        except OSError:  # no source to read: a digest of this process alone (kept rows are then read here only)
            digest.update(os.urandom(16))
        _rules.append(digest.hexdigest())
    return _rules[0]


def _encode_parsed(parsed: Parsed, file_digest: str, out) -> None:
    """Write the parsed rows to the binary file `out`: a line with the signature of all that follows, a line of
    JSON with what describes them, then one line of JSON per list (row numbers, 入会日期, member numbers,
    organisation codes, then the values of each field). A line at a time: memory stays low."""
    rows = parsed.rows
    keys = sorted({spec.key for _, spec, _ in parsed.columns} - SPECIAL_KEYS | {"gender", "birth_date"})
    texts = _Texts()
    dicts = [row.values for row in rows]

    def lists():
        yield {"rules": _rules_digest(), "file": file_digest, "kind": parsed.kind, "day": parsed.today.isoformat(),
               "columns": [[index, spec.key, header] for index, spec, header in parsed.columns],
               "ignored": parsed.ignored, "errors": [[e.row, e.column, e.value, e.reason] for e in parsed.errors],
               "rejected": sorted(parsed.rejected), "keys": keys}
        yield [row.number for row in rows]
        yield [texts[row.joined_on] for row in rows]
        yield [row.member_no for row in rows]
        yield [row.raw_org for row in rows]
        for key in keys:
            column = list(map(dict.get, dicts, itertools.repeat(key)))
            yield list(map(texts.__getitem__, column)) if key in _DATE_KEYS or key in _MONEY_KEYS else column

    signature = salted_hmac(_PARSED_SALT, b"", algorithm="sha256")
    out.write(b"0" * 64 + b"\n")  # the signature, once it is known
    for part in lists():
        line = json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        signature.update(line)
        out.write(line)
    out.seek(0)
    out.write(signature.hexdigest().encode())
    out.seek(0)


class _Texts(dict):
    """date or Decimal → its text, each distinct value once (None stays None)."""

    def __init__(self):
        super().__init__({None: None})

    def __missing__(self, value):
        text = self[value] = value.isoformat() if isinstance(value, datetime.date) else str(value)
        return text


class _Dates(dict):
    """ISO text → date, each distinct date made once (None stays None)."""

    def __init__(self):
        super().__init__({None: None})

    def __missing__(self, text):
        day = self[text] = datetime.date.fromisoformat(text)
        return day


def _decode_parsed(lines, *, file_digest: str, kind: str) -> Parsed | None:
    """The kept rows from the lines of their file, or None when they may not be used (damaged, or signature,
    file, day or rules differ)."""
    try:
        return _decode_lines(iter(lines), file_digest=file_digest, kind=kind)
    except (ValueError, KeyError, TypeError, IndexError, ArithmeticError):  # damaged (bad JSON, text for a date…)
        return None


def _decode_lines(lines: Iterator[bytes], *, file_digest: str, kind: str) -> Parsed | None:
    mac = next(lines, b"").strip()
    signature = salted_hmac(_PARSED_SALT, b"", algorithm="sha256")

    def part():
        line = next(lines, None)
        if line is None:
            raise ValueError("the kept rows end too early")
        signature.update(line)
        return json.loads(line)

    head = part()
    if (head["rules"], head["file"], head["kind"], head["day"]) != (
            _rules_digest(), file_digest, kind, timezone.localdate().isoformat()):
        return None
    numbers, joined_on, member_nos, raw_orgs = part(), part(), part(), part()
    dates = _Dates()
    as_date = dates.__getitem__
    keys, columns = head["keys"], []
    for key in keys:
        column = part()
        if key in _DATE_KEYS:
            column = list(map(as_date, column))
        elif key in _MONEY_KEYS:
            column = [None if v is None else Decimal(v) for v in column]
        columns.append(column)
    if next(lines, None) is not None or not constant_time_compare(mac, signature.hexdigest().encode()):
        return None
    rejected = set(head["rejected"])
    rows = [Row(number, dict(zip(keys, values)) if None not in values else {
                k: v for k, v in zip(keys, values) if v is not None})
            for number, values in zip(numbers, zip(*columns))]
    del columns
    for row, joined, member_no, raw_org in zip(rows, joined_on, member_nos, raw_orgs):
        if joined is not None:
            row.joined_on = as_date(joined)
        if member_no:
            row.member_no = member_no
        if raw_org:
            row.raw_org = raw_org
    for row in rows:
        if row.number in rejected:
            row.rejected = True
    return Parsed(kind=kind, rows=rows,
                  columns=[(index, SPEC_BY_KEY[key], header) for index, key, header in head["columns"]],
                  ignored=head["ignored"], errors=[RowError(*e) for e in head["errors"]], rejected=rejected,
                  today=datetime.date.fromisoformat(head["day"]))


def _parsed_name(batch: ImportBatch) -> str:
    return batch.file.name + PARSED_SUFFIX


def _keep_parsed(batch: ImportBatch, kept) -> None:
    """Store the parsed rows (the file `kept`, see _encode_parsed) beside the batch's file; a failure only means
    that the commit reads the file again."""
    from django.core.files import File

    name = _parsed_name(batch)
    try:
        saved = batch.file.storage.save(name, File(kept))
        if saved != name:  # the storage renamed it: it would not be found under the expected name
            batch.file.storage.delete(saved)
    except OSError:
        pass


def _kept_parsed(batch: ImportBatch) -> Parsed | None:
    storage = batch.file.storage
    name = _parsed_name(batch)
    try:
        with storage.open(name, "rb") as fh:
            return _decode_parsed(fh, file_digest=batch.sha256, kind=batch.file_kind)
    except OSError:  # missing (or unreadable): the file is read instead
        return None


def _drop_parsed(batch: ImportBatch) -> None:
    if batch.file:
        with contextlib.suppress(OSError):
            batch.file.storage.delete(_parsed_name(batch))


def _analyse_batch(batch: ImportBatch, path, *, user, keep_rows: bool = False) -> Analysis:
    """Validate a stored batch against the database as it is now, from its kept rows or else its file."""
    parsed = _kept_parsed(batch) if batch.sha256 else None
    return analyse(path, batch.file_kind, org=batch.org, user=user, keep_rows=keep_rows, parsed=parsed)


@contextlib.contextmanager
def _local_copy(batch: ImportBatch):
    """The stored file as a local path (copied out of the storage when it is not on this disk)."""
    if not batch.file:
        raise ImportFileError("导入文件已不存在，请重新上传。")
    storage = batch.file.storage
    try:
        local = storage.path(batch.file.name)
    except NotImplementedError:
        local = None
    if local is not None:
        if not os.path.exists(local):
            raise ImportFileError("导入文件已不存在，请重新上传。")
        yield local
        return
    fd, tmp = tempfile.mkstemp(suffix=f".{batch.file_kind}")
    try:
        with os.fdopen(fd, "wb") as out, storage.open(batch.file.name, "rb") as src:
            shutil.copyfileobj(src, out, 1024 * 1024)
        yield tmp
    finally:
        os.unlink(tmp)


def discard_batch(batch: ImportBatch) -> ImportBatch:
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportBatch.Status.VALIDATED:
            return batch
        batch.status = ImportBatch.Status.DISCARDED
        batch.message = "已放弃，文件已删除。"
        if batch.file:
            _drop_parsed(batch)
            batch.file.delete(save=False)
        batch.save()
    return batch


@dataclass
class CommitResult:
    batch: ImportBatch
    committed: bool
    message: str


def commit_batch(batch: ImportBatch, *, user=None, mode: str = ImportBatch.Mode.ALL) -> CommitResult:
    """Write a validated batch. Idempotent: a batch that is not waiting any more is left alone.

    The file is read and validated again (the database may have changed since the preview). In `Mode.ALL` a
    single rejected row means nothing is written; in `Mode.VALID_ONLY` the valid rows are written and the
    rejected ones stay listed in the batch.
    """
    if mode not in ImportBatch.Mode.values:
        raise ServiceError("未知的导入方式。")
    try:
        with bulk.gc_paused():
            return _commit(batch, user=user, mode=mode)
    except IntegrityError:
        # Another import or an officer registered the same ID number or member number at the same moment; the
        # whole transaction was rolled back, the batch is still waiting and can simply be committed again.
        batch.refresh_from_db()
        return CommitResult(batch, False, "提交时有人同时登记了相同的身份证号或会员编号，本次没有写入任何数据。请再次确认导入，"
                                          "系统会重新校验。")


def _commit(batch: ImportBatch, *, user, mode: str) -> CommitResult:
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().select_related("org").get(pk=batch.pk)
        if batch.status != ImportBatch.Status.VALIDATED:
            return CommitResult(batch, False, f"该批次{batch.get_status_display()}，没有重复处理。")
        try:
            with _local_copy(batch) as path:
                if batch.sha256 and _sha256(path) != batch.sha256:
                    raise ImportFileError("保存的导入文件与上传时不一致，请重新上传。")
                analysis = _analyse_batch(batch, path, user=user, keep_rows=True)
        except ImportFileError as exc:
            _drop_parsed(batch)
            batch.status = ImportBatch.Status.FAILED
            batch.message = "；".join(exc.messages)[:500]
            batch.save()
            return CommitResult(batch, False, batch.message)
        _apply(batch, analysis)
        if analysis.rejected_count and mode == ImportBatch.Mode.ALL:
            batch.message = (f"提交时重新校验，发现 {analysis.rejected_count} 行有误，按“全部导入”的要求没有写入任何数据。"
                             "请修改文件后重新上传，或选择“只导入无误的行”。")
            batch.save()
            return CommitResult(batch, False, batch.message)
        valid = analysis.valid_rows
        if not valid:
            batch.message = "没有可以导入的行。"
            batch.save()
            return CommitResult(batch, False, batch.message)
        written = _write(batch, valid, analysis.columns, user)
        batch.status = ImportBatch.Status.COMMITTED
        transaction.on_commit(lambda: _drop_parsed(batch))  # the rows are in the database now
        batch.mode = mode
        batch.new_count = written["created"]
        batch.updated_count = written["updated"]
        batch.unchanged_count = written["unchanged"]
        batch.joined_count = written["joined"]
        batch.committed_at = timezone.now()
        batch.committed_by = user if getattr(user, "pk", None) else None
        batch.message = ""
        batch.save()
        audit.record(
            AuditEntry.Action.IMPORT, obj=batch, org_path=batch.org.path,
            changes={"file": batch.original_name, "mode": mode, "rows": batch.total_rows,
                     "created": batch.new_count, "updated": batch.updated_count,
                     "unchanged": batch.unchanged_count, "joined": batch.joined_count,
                     "rejected": batch.rejected_count},
            note=(f"花名册导入：{batch.original_name}，新增{batch.new_count}人，更新{batch.updated_count}人，"
                  f"入会{batch.joined_count}人，未导入{batch.rejected_count}行"),
        )
    return CommitResult(batch, True, "导入完成。")


def _member_numbers(org_rows: dict[int, list[Row]], orgs: dict[int, Organization]) -> None:
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
PERSON_KEYS = tuple(spec.key for spec in COLUMNS if spec.key not in SPECIAL_KEYS)
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


def _create_changes(rows: list[Row], columns: dict[str, list], pieces: dict[str, _Pieces]) -> list[str]:
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


def _write(batch: ImportBatch, rows: list[Row], columns: list[str], user) -> dict:
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
    admitted: dict[int, list[Row]] = defaultdict(list)
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


def _create_people(rows: list[Row], note: str, pieces: dict, keys: Sequence[str]) -> list[int]:
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


def _update_people(rows: list[Row], note: str) -> int:
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


def _admit(pairs: list[tuple[Row, int]], actor_id, event_note: str) -> int:
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


# ------------------------------------------------------------------------------------------------ files for people


def template_columns() -> list[excel.Column]:
    return [excel.Column(spec.label, spec.width, spec.kind, spec.hint) for spec in COLUMNS]


def build_template(out) -> None:
    """The downloadable template: Chinese headers, text-formatted ID/phone columns, date columns, drop-downs for
    choice columns, and a sheet explaining every column."""
    import xlsxwriter

    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    sheet = book.add_worksheet("花名册")
    head = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1, "align": "center"})
    required = book.add_format({"bold": True, "bg_color": "#FDECEA", "font_color": "#B71C1C", "border": 1,
                                "align": "center"})
    text = book.add_format({"num_format": "@"})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    money = book.add_format({"num_format": "#,##0.00"})
    last_row = 20000
    for index, spec in enumerate(COLUMNS):
        cell_format = {"date": date, "money": money}.get(spec.kind, text)
        sheet.set_column(index, index, spec.width, cell_format)
        sheet.write_string(0, index, spec.label, required if spec.required else head)
        if spec.hint:
            sheet.write_comment(0, index, spec.hint, {"x_scale": 2.2, "y_scale": 1.6})
        if spec.choices:
            sheet.data_validation(1, index, last_row, index, {
                "validate": "list", "source": list(spec.choices), "ignore_blank": True,
                "error_type": "warning", "error_title": spec.label, "error_message": "请从下拉列表中选择",
            })
        elif spec.kind == "date":
            sheet.data_validation(1, index, last_row, index, {
                "validate": "date", "criteria": "between", "minimum": datetime.date(1900, 1, 1),
                "maximum": datetime.date(2100, 12, 31), "ignore_blank": True, "error_type": "warning",
                "error_title": spec.label, "error_message": "请填写日期，如 2020-01-05",
            })
    sheet.freeze_panes(1, 2)

    guide = book.add_worksheet("填写说明")
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    guide.set_column(0, 0, 16)
    guide.set_column(1, 1, 10)
    guide.set_column(2, 2, 36)
    guide.set_column(3, 3, 70)
    for col, title in enumerate(("列名", "是否必填", "也可写作", "说明与可填的值")):
        guide.write_string(0, col, title, head)
    for row, spec in enumerate(COLUMNS, start=1):
        guide.write_string(row, 0, spec.label)
        guide.write_string(row, 1, "必填" if spec.required else "")
        guide.write_string(row, 2, "、".join(spec.aliases), wrap)
        detail = spec.hint
        if spec.choices:
            detail = (detail + " " if detail else "") + "可填：" + "、".join(spec.choices) + "。"
        guide.write_string(row, 3, detail, wrap)
    tail = len(COLUMNS) + 2
    for offset, line in enumerate((
        "1. 第一行为列名，请勿修改；列的顺序可以调整，不需要的可选列可以删除。",
        "2. 每人一行；同一个身份证号在文件中只能出现一次。已登记的人员按身份证号更新，空白单元格不会清除已有信息。",
        "3. 日期可写作 2020-01-05、2020/1/5、2020年1月5日 或 20200105；全角数字和多余空格会自动处理。",
        f"4. 每个文件最多 {max_rows():,} 行、{max_upload_bytes() // (1024 * 1024)} MB；支持 .xlsx、.xls、.csv（UTF-8 或 GBK 编码）。",
        "5. 上传后先校验、预览，确认后才写入；可以下载错误报告逐行修改。",
    )):
        guide.write_string(tail + offset, 0, line)
    book.close()


ERROR_COLUMNS = [excel.Column("行号", 8, "number"), excel.Column("列", 14), excel.Column("原值", 28),
                 excel.Column("原因", 70)]


def error_rows(batch: ImportBatch) -> tuple[Iterator[tuple], bool]:
    """The rows of the error report: all errors, re-read from the file when more were found than are stored
    (and the batch is still waiting), else the stored ones. The flag says whether the list is complete."""
    if batch.errors_truncated and batch.status == ImportBatch.Status.VALIDATED:
        try:
            with _local_copy(batch) as path:
                analysis = _analyse_batch(batch, path, user=None)
            return ((e.row, e.column, e.value, e.reason) for e in analysis.errors), True
        except ImportFileError:
            pass
    stored = ((e["row"], e["column"], e["value"], e["reason"]) for e in batch.errors)
    return stored, not batch.errors_truncated


def write_error_report(batch: ImportBatch, path) -> None:
    rows, complete = error_rows(batch)
    title = f"导入错误报告：{batch.original_name}（{batch.created_at:%Y-%m-%d %H:%M}），共 {batch.error_count} 条"
    with excel.StreamingXlsx(path, ERROR_COLUMNS, sheet_name="错误报告", title=title) as book:
        for row in rows:
            book.append(row)
        if not complete:
            book.append(("", "", "", f"错误较多，此处只列出前 {len(batch.errors)} 条（共 {batch.error_count} 条）。"
                                     "请修改后重新上传以查看其余错误。"))
