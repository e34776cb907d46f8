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

__all__ = ["competition_create", "entry_add", "score_record", "competition_finish", "ranking", "pair_create",
           "pair_assess", "PRIZES"]

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
    if value < 0 or value > c.max_score:
        raise ServiceError(f"得分应在0至{c.max_score}分之间，填写的是{value.normalize():f}分。")
    row, _ = CompetitionScore.objects.update_or_create(entry=entry, round=round, defaults={"score": value})
    total = CompetitionScore.objects.filter(entry=entry).aggregate(t=Sum("score"))["t"] or 0
    CompetitionEntry.objects.filter(pk=entry.pk).update(total=Decimal(str(total)).quantize(Decimal("0.1")))
    return row


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
    return c


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
