"""Labour competitions and skill contests (劳动竞赛、技能比武) and mentoring pairs (师带徒)."""
from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Sum

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

from ..models import Competition, CompetitionEntry, CompetitionScore, MentorPair
from ._common import past_date, require, text

__all__ = ["competition_create", "competition_update", "entry_add", "score_record", "scores_record",
           "competition_finish", "ranking", "pair_create", "pair_assess", "PRIZES"]

#: The awards given at the end, by rank: 一等奖 to the first, 二等奖 to the next two, 三等奖 to the next three.
PRIZES = (("一等奖", 1), ("二等奖", 2), ("三等奖", 3))


@transaction.atomic
def competition_create(*, actor, org: Organization, name: str, kind: str, starts_on: datetime.date,
                       ends_on: datetime.date, rules: str = "", team_based: bool = True, rounds: int = 1,
                       max_score: int = 100, trade: str = "") -> Competition:
    require(actor, Perm.ACHIEVE_EDIT, org)
    if org.kind not in Organization.UNION_KINDS:
        raise ServiceError("劳动竞赛由工会组织。")
    name = text(name, 100)
    if not name:
        raise ServiceError("请填写竞赛名称。")
    if kind not in Competition.Kind.values:
        raise ServiceError("请选择竞赛类别。")
    if starts_on is None or ends_on is None or ends_on < starts_on:
        raise ServiceError("请填写竞赛起止日期（结束不早于开始）。")
    if not 1 <= int(rounds) <= 20 or not 1 <= int(max_score) <= 1000:
        raise ServiceError("轮次应为1至20，每轮满分应为1至1000。")
    if Competition.objects.filter(org=org, name=name).exists():
        raise ServiceError(f"已有竞赛“{name}”。")
    return Competition.objects.create(org=org, name=name, kind=kind, starts_on=starts_on, ends_on=ends_on,
                                      rules=(rules or "").strip(), team_based=team_based, rounds=rounds,
                                      max_score=max_score, trade=text(trade, 50))


@transaction.atomic
def entry_add(*, actor, competition: Competition, team: str = "", person: Person | None = None,
              members: int = 1) -> CompetitionEntry:
    """A 班组 (team) or a person entered. The same entry twice is recorded once."""
    competition = Competition.objects.select_related("org").get(pk=competition.pk)
    require(actor, Perm.ACHIEVE_EDIT, competition.org)
    if competition.state != Competition.State.OPEN:
        raise ServiceError("竞赛已评定，不能再报名。")
    if competition.team_based:
        team = text(team, 60)
        if not team:
            raise ServiceError("请填写参赛班组。")
        found = CompetitionEntry.objects.filter(competition=competition, team=team).first()
        return found or CompetitionEntry.objects.create(competition=competition, team=team,
                                                        members=max(1, int(members or 1)))
    if person is None:
        raise ServiceError("请选择参赛职工。")
    if not person.org.path.startswith(competition.org.path):
        raise ServiceError(f"{person.name}不是{competition.org.name}的职工。")
    found = CompetitionEntry.objects.filter(competition=competition, person=person).first()
    return found or CompetitionEntry.objects.create(competition=competition, person=person, members=1)


@transaction.atomic
def score_record(*, actor, entry: CompetitionEntry, round: int, score) -> CompetitionScore:
    """An entry's score in a round (within 0 and the competition's maximum); entered again it replaces the old one."""
    c = Competition.objects.select_related("org").get(pk=entry.competition_id)  # the state now, not a cached one
    require(actor, Perm.ACHIEVE_EDIT, c.org)
    if c.state != Competition.State.OPEN:
        raise ServiceError("竞赛已评定，不能再改分。")
    if not 1 <= int(round) <= c.rounds:
        raise ServiceError(f"轮次应在1至{c.rounds}之间。")
    try:
        value = Decimal(str(score))
    except (InvalidOperation, ValueError):
        raise ServiceError(f"得分“{score}”不是数字。") from None
    value = _score_value(c, score)
    return _store(entry, round, value)


def _score_value(c: Competition, score) -> Decimal:
    try:
        value = Decimal(str(score).strip())
    except (InvalidOperation, ValueError):
        raise ServiceError(f"得分“{score}”不是数字。") from None
    if not value.is_finite():
        raise ServiceError(f"得分“{score}”不是数字。")
    if value < 0 or value > c.max_score:
        raise ServiceError(f"得分应在0至{c.max_score}分之间，填写的是{value.normalize():f}分。")
    if value != value.quantize(Decimal("0.1")):
        raise ServiceError(f"得分最多保留一位小数，填写的是{value.normalize():f}分。")
    return value


def _store(entry: CompetitionEntry, round: int, value: Decimal) -> CompetitionScore:
    row, _ = CompetitionScore.objects.update_or_create(entry=entry, round=round, defaults={"score": value})
    total = CompetitionScore.objects.filter(entry=entry).aggregate(t=Sum("score"))["t"] or 0
    CompetitionEntry.objects.filter(pk=entry.pk).update(total=Decimal(str(total)).quantize(Decimal("0.1")))
    return row


@transaction.atomic
def scores_record(*, actor, competition: Competition, round: int, scores: dict) -> int:
    """A round's score sheet: {entry id: score} for the competition's entries (a blank score is left as it is).
    Every score is checked before any is written; a wrong one is refused naming its entry. Returns how many were
    recorded."""
    c = Competition.objects.select_for_update().select_related("org").get(pk=competition.pk)
    require(actor, Perm.ACHIEVE_EDIT, c.org)
    if c.state != Competition.State.OPEN:
        raise ServiceError("竞赛已评定，不能再改分。")
    if not 1 <= int(round) <= c.rounds:
        raise ServiceError(f"轮次应在1至{c.rounds}之间。")
    entries = {e.pk: e for e in c.entries.select_related("person")}
    checked, problems = [], []
    for entry_id, score in scores.items():
        entry = entries.get(int(entry_id))
        if entry is None:
            raise ServiceError("参赛者不属于该竞赛。")
        if score is None or str(score).strip() == "":
            continue
        try:
            checked.append((entry, _score_value(c, score)))
        except ServiceError as exc:
            problems.append(f"{entry}：{exc.messages[0]}")
    if problems:
        raise ServiceError(problems)
    for entry, value in checked:
        _store(entry, round, value)
    return len(checked)


@transaction.atomic
def competition_update(*, actor, competition: Competition, name: str, kind: str, starts_on: datetime.date,
                       ends_on: datetime.date, rules: str = "", team_based: bool = True, rounds: int = 1,
                       max_score: int = 100, trade: str = "") -> Competition:
    """Edit an open competition. Team or individual cannot change once someone entered; the rounds and the maximum
    cannot go below the scores already given."""
    c = Competition.objects.select_for_update().select_related("org").get(pk=competition.pk)
    require(actor, Perm.ACHIEVE_EDIT, c.org)
    if c.state != Competition.State.OPEN:
        raise ServiceError("竞赛已评定，不能再修改。")
    name = text(name, 100)
    if not name:
        raise ServiceError("请填写竞赛名称。")
    if kind not in Competition.Kind.values:
        raise ServiceError("请选择竞赛类别。")
    if starts_on is None or ends_on is None or ends_on < starts_on:
        raise ServiceError("请填写竞赛起止日期（结束不早于开始）。")
    if not 1 <= int(rounds) <= 20 or not 1 <= int(max_score) <= 1000:
        raise ServiceError("轮次应为1至20，每轮满分应为1至1000。")
    if Competition.objects.filter(org=c.org, name=name).exclude(pk=c.pk).exists():
        raise ServiceError(f"已有竞赛“{name}”。")
    if bool(team_based) != c.team_based and c.entries.exists():
        raise ServiceError("已有参赛者，不能更改参赛方式（班组/个人）。")
    scores = CompetitionScore.objects.filter(entry__competition=c)
    top_round = scores.order_by("-round").values_list("round", flat=True).first()
    if top_round and int(rounds) < top_round:
        raise ServiceError(f"第{top_round}轮已有得分，轮次不能少于{top_round}。")
    top = scores.order_by("-score").values_list("score", flat=True).first()
    if top is not None and int(max_score) < top:
        raise ServiceError(f"已有{top.normalize():f}分的成绩，每轮满分不能低于它。")
    c.name, c.kind, c.starts_on, c.ends_on = name, kind, starts_on, ends_on
    c.rules, c.team_based, c.rounds, c.max_score = (rules or "").strip(), bool(team_based), int(rounds), int(max_score)
    c.trade = text(trade, 50)
    c.save()
    return c


def ranking(competition: Competition) -> list[CompetitionEntry]:
    """Entries by total score, highest first (ties: the same rank, then by name)."""
    entries = list(competition.entries.select_related("person").order_by("-total", "team", "id"))
    rank, previous = 0, None
    for i, e in enumerate(entries, start=1):
        if e.total != previous:
            rank, previous = i, e.total
        e.rank = rank
    return entries


@transaction.atomic
def competition_finish(*, actor, competition: Competition, on: datetime.date, title: str = "") -> Competition:
    """The ranking is fixed and the awards given (一等奖 1, 二等奖 2, 三等奖 3, by rank); `title` (e.g. 岗位标兵,
    安康杯优胜班组) goes to the award winners. Finishing twice is harmless."""
    c = Competition.objects.select_for_update().get(pk=competition.pk)
    require(actor, Perm.ACHIEVE_EDIT, c.org)
    if c.state == Competition.State.FINISHED:
        return c
    on = past_date(on, "评定日期")
    if on < c.starts_on:
        raise ServiceError("评定日期不能早于竞赛开始日期。")
    entries = ranking(c)
    if not entries or not any(e.total for e in entries):
        raise ServiceError("尚无参赛成绩，不能评定。")
    slots = [award for award, n in PRIZES for _ in range(n)]
    for i, e in enumerate(entries):
        e.award = slots[i] if i < len(slots) and e.total > 0 else ""
        e.title = text(title, 60) if e.award else ""
    CompetitionEntry.objects.bulk_update(entries, ["rank", "award", "title"])
    c.state, c.finished_on = Competition.State.FINISHED, on
    c.save(update_fields=["state", "finished_on"])
    for e in entries:
        if e.title:
            _title_honour(actor, c, e, on)
    return c


def _title_honour(actor, c: Competition, e: CompetitionEntry, on: datetime.date):
    """The title an award leads to becomes an honour of the union's own level (本单位), awarded by the union: a team
    as a collective, a person as a person. Recorded once (honour_record keeps one per recipient, name and year)."""
    from ..models import Honour, HonourLevel, HonourTitle
    from .honours import honour_record

    labels = {label: value for value, label in HonourTitle.choices}
    if e.person_id:
        kind, title = Honour.Kind.PERSON, labels.get(e.title, HonourTitle.OTHER)
        if title in (HonourTitle.ADVANCED_UNIT, HonourTitle.MAY_DAY_AWARD, HonourTitle.PIONEER,
                     HonourTitle.MODEL_HOME):
            title = HonourTitle.OTHER
    else:
        kind, title = Honour.Kind.UNIT, labels.get(e.title, HonourTitle.ADVANCED_UNIT)
    name = text(f"{c.name}{e.award}（{e.title}）", 100)
    return honour_record(actor=actor, union=c.org, kind=kind, person=e.person if e.person_id else None,
                         unit_name=e.team, title=title, name=name, level=HonourLevel.INTERNAL, year=on.year,
                         awarded_by=c.org.name, awarded_on=on, note=f"由劳动竞赛“{c.name}”评定")


@transaction.atomic
def pair_create(*, actor, org: Organization, master: Person, apprentice: Person, started_on: datetime.date,
                agreement: str = "", goals: str = "", due_on: datetime.date | None = None) -> MentorPair:
    require(actor, Perm.ACHIEVE_EDIT, org)
    if master.pk == apprentice.pk:
        raise ServiceError("师傅和徒弟不能是同一人。")
    for p in (master, apprentice):
        if not p.org.path.startswith(org.path):
            raise ServiceError(f"{p.name}不是{org.name}的职工。")
    started_on = past_date(started_on, "结对日期")
    if due_on and due_on <= started_on:
        raise ServiceError("计划出师日期应晚于结对日期。")
    try:
        with transaction.atomic():
            return MentorPair.objects.create(org=org, master=master, apprentice=apprentice, started_on=started_on,
                                             agreement=text(agreement, 100), goals=(goals or "").strip(),
                                             due_on=due_on)
    except IntegrityError:
        return MentorPair.objects.get(master=master, apprentice=apprentice, started_on=started_on)


@transaction.atomic
def pair_assess(*, actor, pair: MentorPair, outcome: str, on: datetime.date, note: str = "") -> MentorPair:
    p = MentorPair.objects.select_for_update().get(pk=pair.pk)
    require(actor, Perm.ACHIEVE_EDIT, p.org)
    if outcome not in MentorPair.Outcome.values:
        raise ServiceError("请选择考核结果。")
    on = past_date(on, "考核日期")
    if on < p.started_on:
        raise ServiceError("考核日期不能早于结对日期。")
    if p.outcome:
        if (p.outcome, p.assessed_on) == (outcome, on):
            return p
        raise ServiceError(f"该师徒对子已于{p.assessed_on:%Y年%-m月%-d日}考核（{p.get_outcome_display()}）。")
    p.outcome, p.assessed_on, p.note = outcome, on, text(note, 300)
    p.save(update_fields=["outcome", "assessed_on", "note"])
    return p
