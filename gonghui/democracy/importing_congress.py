"""Delegates import (代表名单导入) on the core import engine: one row per delegate of the union's term in office
(or of the term named in the 届次 column): name with an ID number or a member number of a member of the union (or a
union below it), the category (一线职工、专业技术人员、中层以上管理人员、其他人员) and the delegation (代表团/组,
created when new). A person already a delegate of that term, a person not found or not a member, a name that does
not match the ID number: the row is refused with the reason. Each delegate is written through
services.congress.delegate_elect (女职工 and 青年 taken from the person on the election day)."""
from __future__ import annotations

from gonghui.accounts.roles import Perm
from gonghui.core import importing
from gonghui.core.errors import ServiceError
from gonghui.core.importing import Column, parsers
from gonghui.core.importing.rows import Row
from gonghui.members.models import Person

from .models import Congress, Delegate, DelegateCategory, Delegation, Term

CATEGORIES = parsers.labels(DelegateCategory.choices, {"一线": "frontline", "一线工人": "frontline",
                                                       "技术人员": "technical", "专技人员": "technical",
                                                       "管理人员": "manager", "中层管理人员": "manager",
                                                       "中层以上": "manager", "其他": "other"})


class DelegateRow(Row):
    person = None
    term = None


def _number(raw) -> int:
    text = parsers.clean_text(raw).removeprefix("第").removesuffix("届")
    from gonghui.core.formatting import chinese_number

    for n in range(1, 31):
        if text in (str(n), chinese_number(n)):
            return n
    raise ValueError("届次应为数字或中文数字，如：2 或 二")


@importing.register
class DelegateImporter(importing.Importer):
    key = "democracy-delegates"
    title = "职代会代表名单导入"
    noun = "代表"
    unit = "名"
    sheet_name = "代表名单"
    perm = Perm.DEMOCRACY_EDIT
    row_class = DelegateRow
    org_label = "职代会所属工会"
    org_help = "代表当选为该工会职代会（教代会）本届代表；表中“届次”为空时导入到正在任期内的一届。"
    columns = (
        Column("name", "姓名", parsers.name, synonyms=("代表姓名",), required=True, width=10),
        Column("id_number", "身份证号", parsers.id_number, synonyms=("身份证号码", "公民身份号码"), width=20,
               hint="身份证号与会员编号至少填一项。"),
        Column("member_no", "会员编号", parsers.code(30, "会员编号"), synonyms=("会员号",), width=14),
        Column("category", "代表构成", parsers.choice(CATEGORIES, "代表构成", "一线职工、专业技术人员、中层以上管理人员、其他人员"),
               required=True, choices=tuple(label for _, label in DelegateCategory.choices), width=16,
               display=dict(DelegateCategory.choices)),
        Column("delegation", "代表团（组）", parsers.text(60, "代表团（组）"), synonyms=("代表团", "代表组", "所在代表团"),
               width=22),
        Column("elected_on", "当选日期", parsers.date, kind="date", width=12, hint="为空时取本届开始日期。"),
        Column("term_number", "届次", _number, width=8, hint="为空时导入到正在任期内的一届。"),
    )
    template_notes = ("每名代表一行；同一届不能重复当选。", "女职工、青年代表按人员信息自动统计，无需填写。")
    preview_columns = (("name", "姓名"), ("category_label", "代表构成"), ("delegation", "代表团（组）"),
                       ("term", "届"))
    row_checks = []

    def check_row(self, row, checks) -> None:
        super().check_row(row, checks)
        if not row.values.get("id_number") and not row.values.get("member_no"):
            checks.add(row, "name", row.values.get("name", ""), "身份证号与会员编号至少填一项")

    def validate(self, rows, checks, *, org, user) -> None:
        congresses = list(Congress.objects.filter(org=org))
        terms = {t.pk: t for t in Term.objects.filter(congress__in=congresses).select_related("congress")}
        open_terms = [t for t in terms.values() if t.ended_on is None]
        ids = {r.values["id_number"] for r in rows if r.values.get("id_number")}
        numbers = {r.values["member_no"] for r in rows if r.values.get("member_no")}
        scope = Person.objects.filter(org__path__startswith=org.path)
        by_id = {p.id_number: p for p in scope.filter(id_number__in=ids)} if ids else {}
        by_no = {p.member_no: p for p in scope.filter(member_no__in=numbers)} if numbers else {}
        taken = set(Delegate.objects.filter(term__in=terms.values()).values_list("term_id", "person_id"))
        seen: dict = {}
        for row in rows:
            if row.rejected:
                continue
            v = row.values
            number = v.get("term_number")
            if number is not None:
                matches = [t for t in terms.values() if t.number == number]
                if len(matches) != 1:
                    checks.add(row, "term_number", number, f"{org.name}没有第{number}届职代会" if not matches
                               else f"{org.name}有多个职代会的第{number}届，请分开导入")
                    continue
                term = matches[0]
            elif len(open_terms) == 1:
                term = open_terms[0]
            else:
                checks.add(row, "name", v.get("name"), f"{org.name}没有正在任期内的职代会届次，请先新建一届" if not open_terms
                           else "该工会有多个正在任期内的届次，请填写“届次”")
                continue
            person = by_id.get(v.get("id_number")) if v.get("id_number") else by_no.get(v.get("member_no"))
            key = "id_number" if v.get("id_number") else "member_no"
            if person is None:
                checks.add(row, key, v.get(key), f"在{org.name}及下属组织中找不到此人")
                continue
            if person.name != v.get("name"):
                checks.add(row, "name", v.get("name"), f"姓名与{'身份证号' if key == 'id_number' else '会员编号'}"
                                                        f"对应的人员（{person.name}）不一致")
                continue
            if not person.is_member:
                checks.add(row, "name", v.get("name"), "不是在册会员，不能当选职工代表")
                continue
            if (term.pk, person.pk) in taken:
                checks.add(row, "name", v.get("name"), f"已是{term}代表")
                continue
            if (term.pk, person.pk) in seen:
                checks.add(row, "name", v.get("name"), f"在文件中重复（与第{seen[(term.pk, person.pk)]}行相同）")
                continue
            elected_on = v.get("elected_on")
            if elected_on is not None and (elected_on < term.started_on
                                           or (term.ended_on is not None and elected_on > term.ended_on)):
                checks.add(row, "elected_on", elected_on, f"当选日期应在{term}任期内")
                continue
            seen[(term.pk, person.pk)] = row.number
            row.person, row.term = person, term

    def preview_row(self, row) -> dict:
        return {"row": row.number, "action": "新增", "name": row.values.get("name", ""),
                "category_label": DelegateCategory(row.values["category"]).label,
                "delegation": row.values.get("delegation", ""), "term": str(row.term) if row.term else ""}

    def write(self, batch, rows, columns, user) -> dict:
        from .services import congress as services

        groups: dict = {}
        created = 0
        for row in rows:
            if row.person is None:  # rows restored from staging carry values only: resolve again
                continue
            term, name = row.term, row.values.get("delegation", "")
            group = None
            if name:
                group = groups.get((term.pk, name))
                if group is None:
                    group = (Delegation.objects.filter(term=term, name=name).first()
                             or services.delegation_create(actor=user, term=term, name=name,
                                                           order=Delegation.objects.filter(term=term).count() + 1))
                    groups[(term.pk, name)] = group
            try:
                services.delegate_elect(actor=user, term=term, person=row.person, category=row.values["category"],
                                        elected_on=row.values.get("elected_on"), delegation=group,
                                        note=f"导入批次{batch.pk}")
            except ServiceError as exc:
                raise importing.ImportFileError(f"第{row.number}行：{exc.messages[0]}") from None
            created += 1
        return {"created": created}


DELEGATES = importing.get("democracy-delegates")
