"""女职工安康互助保障 enrolments read by the core import engine (`women_mutual_aid`, 安康互助保障名单导入): the list a
union sends to the insurer each year — name, member number or ID number, year, plan, premium, claims paid. Each row is
checked as the page checks one (a woman, a member of the union or a union below it, once a person and year, in the
file and in the database). Imported by importing.py (the engine discovers `<app>.importing` only)."""
from __future__ import annotations

from django.db.models import Q

from gonghui.accounts.roles import Perm
from gonghui.core import importing
from gonghui.core.importing import Column, parsers


def year(raw) -> int:
    """A year such as 2025 (also “2025年”)."""
    text = parsers.clean_text(str(raw)) if not isinstance(raw, (int, float)) else f"{raw:.0f}"
    text = text.removesuffix("年").removesuffix(".0")
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise ValueError("年度应为2000至2100之间的年份，如 2025")
    return int(text)


@importing.register
class MutualAidImporter(importing.Importer):
    key, title, noun, unit, sheet_name = ("women_mutual_aid", "女职工安康互助保障名单导入", "安康互助保障", "人",
                                          "安康互助保障")
    perm = Perm.WOMEN_WORK
    org_label = "导入到工会"
    org_help = "参保女职工须是该工会或其下级组织的女会员"
    result_link = ("rights:women_aid_list", "女职工安康互助保障")
    columns = (
        Column("name", "姓名", parsers.name, required=True),
        Column("member_no", "会员编号", parsers.text(32, "会员编号")),
        Column("id_number", "身份证号", parsers.id_number, synonyms=("身份证号码",)),
        Column("year", "保障年度", year, synonyms=("年度",), required=True),
        Column("plan", "保障计划", parsers.text(100, "保障计划"), synonyms=("保障项目", "计划"), required=True, width=24),
        Column("premium", "互助金（元）", parsers.money, synonyms=("互助金", "缴费金额", "金额"), required=True,
               kind="money"),
        Column("claims", "已获给付（元）", parsers.money, synonyms=("给付金额", "已获给付"), kind="money"),
    )
    preview_columns = (("name", "姓名"), ("year", "保障年度"), ("plan", "保障计划"))
    row_checks = ()

    @staticmethod
    def _people(org, rows):
        from gonghui.members.models import Person

        numbers = [r.values["member_no"] for r in rows if r.values.get("member_no")]
        ids = [r.values["id_number"] for r in rows if r.values.get("id_number")]
        return list(Person.objects.filter(org__path__startswith=org.path).filter(
            Q(member_no__in=numbers) | Q(id_number__in=ids)).values_list("pk", "name", "member_no", "id_number",
                                                                          "gender", "member_status", "org_id"))

    def validate(self, rows, checks, *, org, user) -> None:
        from gonghui.members.models import Gender, Person

        from .models import MutualAidEnrolment

        people = self._people(org, rows)
        by_no = {p[2]: p for p in people if p[2]}
        by_id = {p[3]: p for p in people if p[3]}
        members = (Person.MemberStatus.ACTIVE, Person.MemberStatus.TRANSFERRING)
        this_year = parsers.today().year
        found_ids = [p[0] for p in people]
        taken = set(MutualAidEnrolment.objects.filter(person_id__in=found_ids).values_list("person_id", "year"))
        seen: dict[tuple, int] = {}
        for row in rows:
            v = row.values
            found = by_no.get(v.get("member_no")) or by_id.get(v.get("id_number"))
            row.person_id = None
            if not v.get("member_no") and not v.get("id_number"):
                checks.add(row, "member_no", "", "请填写会员编号或身份证号")
            elif found is None:
                checks.add(row, "member_no", v.get("member_no") or v.get("id_number"), "本会及下级组织中没有此人")
            elif found[1] != v.get("name"):
                checks.add(row, "name", v.get("name"), f"姓名与登记的“{found[1]}”不一致")
            elif found[4] != Gender.FEMALE:
                checks.add(row, "name", v.get("name"), "女职工安康互助保障只适用于女职工")
            elif found[5] not in members:
                checks.add(row, "name", v.get("name"), "不是在册会员")
            else:
                row.person_id = found[0]
            y = v.get("year")
            if y and y > this_year + 1:
                checks.add(row, "year", y, f"保障年度不能晚于{this_year + 1}年")
            if v.get("premium") is not None and v["premium"] <= 0:
                checks.add(row, "premium", v["premium"], "互助金应大于0")
            if row.person_id and y:
                key = (row.person_id, y)
                if key in taken:
                    checks.add(row, "year", y, f"该女职工{y}年已参加安康互助保障")
                elif key in seen:
                    checks.add(row, "name", v.get("name"), f"与第{seen[key]}行重复（同一人同一年度）")
                seen.setdefault(key, row.number)

    def write(self, batch, rows, columns, user) -> dict:
        from gonghui.core import audit, bulk
        from gonghui.core.models import AuditEntry

        from .models import MutualAidEnrolment

        people = {}
        for pk, _, no, idn, _, _, org_id in self._people(batch.org, rows):
            people[no or "-"] = people[idn or "-"] = (pk, org_id)
        fields = ("org_id", "person_id", "year", "plan", "premium", "claims", "note")
        data = []
        for row in rows:
            v = row.values
            pk, org_id = people.get(v.get("member_no") or "~") or people[v.get("id_number")]
            data.append((org_id, pk, v["year"], v["plan"], v["premium"], v.get("claims") or 0, ""))
        # Checked in validate; a row entered on the page since then makes the constraint refuse the whole batch.
        ids = bulk.insert_rows(MutualAidEnrolment, fields, data)
        audit.record_rows(AuditEntry.Action.CREATE, MutualAidEnrolment,
                          [(pk, f"{r[2]}年 {r[3]}", batch.org.path,
                            {name: [None, str(value) if value is not None else None]
                             for name, value in zip(fields, r)}) for pk, r in zip(ids, data)],
                          note=f"导入批次{batch.pk}")
        return {"created": len(ids)}
