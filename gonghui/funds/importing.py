"""Spreadsheets of the funds area, read by the core import engine (`core/importing/`, see docs/ENGINEERING.md):

- `employers` (用人单位台账导入): the register an upper union keeps; a row whose 统一社会信用代码 (or, without a code,
  whose name) is already in this register updates it, otherwise it is added. A code registered by another union's
  register is refused (one employer, one register).
- `payroll` (工资表导入, in the dues part): the monthly basic wage per person.
"""
from __future__ import annotations

from django.db.models import Q

from gonghui.accounts.roles import Perm
from gonghui.core import creditcode, importing
from gonghui.core.importing import Column, parsers
from gonghui.core.importing.parsers import clean_text
from gonghui.orgs.models import Organization

from .models import Employer, EmployerKind

KIND_LABELS = parsers.labels(EmployerKind.choices, {
    "国企": EmployerKind.STATE_ENTERPRISE, "国有": EmployerKind.STATE_ENTERPRISE,
    "民企": EmployerKind.PRIVATE_ENTERPRISE, "私营企业": EmployerKind.PRIVATE_ENTERPRISE,
    "非公企业": EmployerKind.PRIVATE_ENTERPRISE, "外资企业": EmployerKind.FOREIGN_ENTERPRISE,
    "外企": EmployerKind.FOREIGN_ENTERPRISE, "合资企业": EmployerKind.FOREIGN_ENTERPRISE,
    "党政机关": EmployerKind.ORGAN, "行政机关": EmployerKind.ORGAN, "社会团体": EmployerKind.SOCIAL,
    "民办非企业单位": EmployerKind.SOCIAL, "个体": EmployerKind.INDIVIDUAL,
})


def credit_code(raw) -> str:
    code = creditcode.normalize(clean_text(raw) if isinstance(raw, str) else raw)
    if not code:
        return ""
    reason = creditcode.problem(code)
    if reason:
        raise ValueError(reason)
    return code


def count(label: str, limit: int = 2_000_000):
    """A whole number of people: 120, "120人", 120.0 (Excel numbers)."""
    def parse(raw) -> int:
        if isinstance(raw, bool):
            raise ValueError(f"{label}应为整数")
        if isinstance(raw, float):
            if not raw.is_integer():
                raise ValueError(f"{label}应为整数")
            raw = int(raw)
        if isinstance(raw, int):
            value = raw
        else:
            text = clean_text(raw).replace(",", "").replace("，", "").removesuffix("人").removesuffix("名")
            if not text.isdigit():
                raise ValueError(f"{label}“{clean_text(raw)}”应为整数")
            value = int(text)
        if value < 0 or value > limit:
            raise ValueError(f"{label}应在0至{limit}之间")
        return value
    return parse


@importing.register
class EmployerImporter(importing.Importer):
    key, title, noun, unit, sheet_name = "employers", "用人单位台账导入", "用人单位", "家", "用人单位"
    perm = Perm.FUNDS_EDIT
    org_label = "导入到台账（工会）"
    org_help = "登记这些单位的上级工会，如区总工会、街道工会联合会"
    result_link = ("funds:employer_list", "用人单位台账")
    columns = (
        Column("name", "单位名称", parsers.text(100, "单位名称"), synonyms=("用人单位名称", "企业名称", "单位"),
               required=True, width=30),
        Column("credit_code", "统一社会信用代码", credit_code, synonyms=("信用代码", "社会信用代码"), width=22,
               hint="18位；最后一位为校验码"),
        Column("kind", "单位类型", parsers.choice(KIND_LABELS, "单位类型", "、".join(EmployerKind.labels)),
               synonyms=("单位性质", "类型"), required=True, choices=tuple(EmployerKind.labels),
               display=dict(EmployerKind.choices)),
        Column("employees", "职工人数", count("职工人数"), synonyms=("职工数", "从业人数", "人数"), kind="number"),
        Column("employees_on", "人数统计日期", parsers.date, kind="date"),
        Column("address", "地址", parsers.text(200, "地址"), synonyms=("单位地址", "注册地址"), width=30),
        Column("district", "所在街道（乡镇）", parsers.text(50, "所在街道"), synonyms=("街道", "乡镇", "所在街道")),
        Column("registered_on", "列入台账日期", parsers.date, synonyms=("登记日期",), required=True, kind="date"),
        Column("contact_name", "联系人", parsers.text(50, "联系人")),
        Column("contact_phone", "联系电话", parsers.text(30, "联系电话"), synonyms=("电话",)),
        Column("founded_on", "建会日期", parsers.date, synonyms=("工会成立日期",), kind="date"),
        Column("members_on_founding", "建会时会员人数", count("建会时会员人数"), kind="number"),
        Column("note", "备注", parsers.text(200, "备注")),
    )
    preview_columns = (("name", "单位名称"), ("credit_code", "统一社会信用代码"), ("employees", "职工人数"),
                       ("founded_on", "建会日期"))
    row_checks = ()

    def validate(self, rows, checks, *, org, user) -> None:
        if org.kind not in Organization.UNION_KINDS:
            for row in rows:
                checks.add(row, "name", row.values.get("name", ""), "用人单位台账应导入到工会（总工会、联合工会等），"
                                                                   "不能导入到分会或小组")
            return
        seen_codes: dict[str, int] = {}
        seen_names: dict[str, int] = {}
        for row in rows:
            code, name = row.values.get("credit_code") or "", row.values.get("name") or ""
            if code:
                if code in seen_codes:
                    checks.add(row, "credit_code", code, f"与第{seen_codes[code]}行的统一社会信用代码重复")
                seen_codes.setdefault(code, row.number)
            if name in seen_names:
                checks.add(row, "name", name, f"与第{seen_names[name]}行的单位名称重复")
            seen_names.setdefault(name, row.number)
            founded, members = row.values.get("founded_on"), row.values.get("members_on_founding")
            if members is not None and founded is None:
                checks.add(row, "members_on_founding", members, "填写了建会时会员人数，但没有建会日期")
            employees = row.values.get("employees")
            if members is not None and employees is not None and members > employees:
                checks.add(row, "members_on_founding", members, f"超过职工人数（{employees}人）")
        existing = self._existing(org, rows)
        for row in rows:
            found = self._match(existing, row)
            row.match_id = found.pk if found is not None else None
        elsewhere = dict(Employer.objects.filter(credit_code__in=list(seen_codes)).exclude(org=org)
                         .values_list("credit_code", "org__name"))
        for row in rows:
            code = row.values.get("credit_code")
            if code in elsewhere:
                checks.add(row, "credit_code", code, f"该单位已登记在{elsewhere[code]}的台账中")

    def summarise(self, analysis, rows) -> None:
        for row in rows:
            if row.rejected:
                continue
            found = getattr(row, "match_id", None)
            if found is None:
                analysis.new_count += 1
            else:
                analysis.updated_count += 1
            if len(analysis.preview) < importing.engine.PREVIEW_ROWS:
                analysis.preview.append({**self.preview_row(row), "action": "新增" if found is None else "更新"})

    @staticmethod
    def _existing(org, rows) -> dict:
        codes = [r.values["credit_code"] for r in rows if r.values.get("credit_code")]
        names = [r.values["name"] for r in rows if r.values.get("name")]
        found = Employer.objects.filter(org=org).filter(Q(credit_code__in=codes) | Q(name__in=names))
        out = {}
        for e in found:
            if e.credit_code:
                out[("code", e.credit_code)] = e
            out[("name", e.name)] = e
        return out

    @staticmethod
    def _match(existing: dict, row):
        code = row.values.get("credit_code")
        if code and ("code", code) in existing:
            return existing[("code", code)]
        return existing.get(("name", row.values.get("name")))

    def write(self, batch, rows, columns, user) -> dict:
        existing = self._existing(batch.org, rows)
        created = updated = unchanged = 0
        for row in rows:
            values = {k: v for k, v in row.values.items() if k in columns or k in ("name", "kind", "registered_on")}
            found = self._match(existing, row)
            if found is None:
                Employer.objects.create(org=batch.org, **values)
                created += 1
                continue
            changed = [k for k, v in values.items() if getattr(found, k) != v]
            for key in changed:
                setattr(found, key, values[key])
            if changed:
                found.save(update_fields=changed)
                updated += 1
            else:
                unchanged += 1
        return {"created": created, "updated": updated, "unchanged": unchanged}


# ---------------------------------------------------------------------------------------------------------------
# Payroll (工资表): the monthly basic wage per person, for dues
# ---------------------------------------------------------------------------------------------------------------

CAPITAL = set("零壹贰叁肆伍陆柒捌玖拾佰仟萬万億亿圆元角分整一二三四五六七八九十百千两")


def wage(raw) -> "Decimal":
    """A monthly wage in 元: 4500, 4500.5, "4,500.00元", "￥4500"; a wage written in Chinese numerals
    ("肆仟伍佰") is refused with a message that says so."""
    if isinstance(raw, str):
        text = clean_text(raw)
        letters = {c for c in text if not c.isascii() and c not in "元￥¥，,．"}
        if letters and letters <= CAPITAL:
            raise ValueError(f"基本工资“{text}”是中文大写（或汉字）金额，请改填阿拉伯数字，如4500或4,500.00")
        raw = text.replace("￥", "").replace("¥", "").replace("，", ",")
    value = parsers.money(raw)
    if value is None:
        raise ValueError("基本工资为空")
    if value >= 10_000_000:
        raise ValueError("基本工资应小于1000万元")
    return value


def month(raw) -> "datetime.date":
    """A month: a date cell (its month), 2025-03, 2025/3, 2025.3, 2025年3月, 202503, 2025-03-01."""
    import datetime
    import re

    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if isinstance(raw, datetime.date):
        return raw.replace(day=1)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = clean_text(str(raw))
    match = re.fullmatch(r"(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))(?:[-/.]\s*\d{1,2}日?|\d{1,2}日)?", text)
    if match:
        year, number = int(match[1]), int(match[2] or match[3])
        if 1 <= number <= 12 and 1949 < year < 2200:
            return datetime.date(year, number, 1)
    try:
        return parsers.date(raw).replace(day=1)
    except ValueError:
        raise ValueError(f"月份“{text}”无法识别，请填写如2025-03或2025年3月") from None


@importing.register
class PayrollImporter(importing.Importer):
    key, title, noun, unit, sheet_name = "payroll", "工资表导入（会费基数）", "工资记录", "条", "工资表"
    perm = Perm.FUNDS_EDIT
    org_label = "导入到工会"
    org_help = "工资表中的人员须是该工会（含下属分会、小组）的人员"
    result_link = ("funds:dues", "会费收缴")
    columns = (
        Column("name", "姓名", parsers.name, required=True),
        Column("id_number", "身份证号", parsers.id_number, synonyms=("身份证号码", "公民身份号码"), width=22),
        Column("member_no", "会员编号", parsers.code(32, "会员编号"), synonyms=("会员证号",)),
        Column("month", "月份", month, synonyms=("工资月份", "所属月份"), required=True, kind="date", hint="如2025-03"),
        Column("amount", "月基本工资", wage, synonyms=("基本工资", "岗位工资", "工资"), required=True, kind="money"),
    )
    preview_columns = (("name", "姓名"), ("month", "月份"), ("amount", "月基本工资"))
    row_checks = ()

    def validate(self, rows, checks, *, org, user) -> None:
        from gonghui.members.models import Person

        from .models import Wage

        ids = {r.values["id_number"] for r in rows if r.values.get("id_number")}
        numbers = {r.values["member_no"] for r in rows if r.values.get("member_no")}
        people = Person.objects.filter(org__path__startswith=org.path).filter(
            Q(id_number__in=ids) | Q(member_no__in=numbers)).values_list("pk", "name", "id_number", "member_no")
        by_id = {i: (pk, name) for pk, name, i, _ in people if i}
        by_no = {n: (pk, name) for pk, name, _, n in people if n}
        seen: dict = {}
        for row in rows:
            if row.rejected:
                continue
            key = row.values.get("id_number") or row.values.get("member_no")
            if not key:
                checks.add(row, "name", row.values.get("name", ""), "请填写身份证号或会员编号以确定人员")
                continue
            found = by_id.get(row.values.get("id_number")) or by_no.get(row.values.get("member_no"))
            if found is None:
                column = "id_number" if row.values.get("id_number") else "member_no"
                checks.add(row, column, key, f"在{org.name}的人员中找不到此人")
                continue
            if found[1] != row.values.get("name"):
                checks.add(row, "name", row.values.get("name"), f"与登记的姓名“{found[1]}”不符")
                continue
            pair = (found[0], row.values.get("month"))
            if pair in seen:
                checks.add(row, "month", row.values.get("month"), f"与第{seen[pair]}行是同一人同一月份")
                continue
            seen[pair] = row.number
            row.person_id = found[0]
        existing = set(Wage.objects.filter(person_id__in=[p for p, _ in seen], month__in={m for _, m in seen})
                       .values_list("person_id", "month"))
        for row in rows:
            row.exists = (getattr(row, "person_id", None), row.values.get("month")) in existing

    def summarise(self, analysis, rows) -> None:
        for row in rows:
            if row.rejected:
                continue
            if getattr(row, "exists", False):
                analysis.updated_count += 1
            else:
                analysis.new_count += 1
            if len(analysis.preview) < importing.engine.PREVIEW_ROWS:
                analysis.preview.append({**self.preview_row(row),
                                         "action": "更新" if getattr(row, "exists", False) else "新增"})

    def write(self, batch, rows, columns, user) -> dict:
        from gonghui.core import audit, bulk
        from gonghui.core.models import AuditEntry
        from gonghui.members.models import Person

        from .models import Wage

        person_ids = {r.person_id for r in rows}
        orgs = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "org_id"))
        existing = {(w.person_id, w.month): w for w in
                    Wage.objects.filter(person_id__in=person_ids, month__in={r.values["month"] for r in rows})}
        new, changed, audit_rows = [], [], []
        for row in rows:
            amount, month_ = row.values["amount"], row.values["month"]
            found = existing.get((row.person_id, month_))
            if found is None:
                new.append((orgs[row.person_id], row.person_id, month_, amount, Wage.Source.IMPORT, batch.pk))
            elif found.amount != amount:
                audit_rows.append((found.pk, str(found), batch.org.path,
                                   {"amount": [str(found.amount), str(amount)]}))
                found.amount, found.source, found.batch_id = amount, Wage.Source.IMPORT, batch.pk
                changed.append(found)
        ids = bulk.insert_rows(Wage, ("org_id", "person_id", "month", "amount", "source", "batch_id"), new) if new \
            else []
        if changed:
            Wage.objects.bulk_update(changed, ["amount", "source", "batch_id"], batch_size=1000)
        audit.record_rows(AuditEntry.Action.CREATE, Wage,
                          [(pk, f"{r[2]:%Y-%m} {r[3]}", batch.org.path,
                            {"person_id": [None, r[1]], "month": [None, str(r[2])], "amount": [None, str(r[3])]})
                           for pk, r in zip(ids, new)] + [], note=f"导入批次{batch.pk}")
        if audit_rows:
            audit.record_rows(AuditEntry.Action.UPDATE, Wage, audit_rows, note=f"导入批次{batch.pk}")
        return {"created": len(new), "updated": len(changed), "unchanged": len(rows) - len(new) - len(changed)}
