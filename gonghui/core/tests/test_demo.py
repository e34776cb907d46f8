"""gonghui demo: the demo federation, its logins and the large benchmark federation."""
from __future__ import annotations

import datetime
import io
import random
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Min

from gonghui.accounts.models import RoleAssignment, User
from gonghui.accounts.roles import Role
from gonghui.core import idcard
from gonghui.core.models import AuditEntry, Sequence
from gonghui.core.pinyin import name_pinyin
from gonghui.demo import builder, names
from gonghui.members import services
from gonghui.members.metrics import overview
from gonghui.members.models import FamilyMember, Membership, MembershipEvent, Person, Transfer
from gonghui.orgs.models import Election, Organization, Position, Term


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out, **options)
    return out.getvalue()


def test_status_is_empty_before_loading(db):
    assert run("--status").strip() == "empty"


def test_demo_federation(db, client):
    output = run()
    assert "已加载演示数据" in output and builder.PASSWORD in output
    assert run("--status").strip() == "loaded"

    fed = Organization.objects.get(code=builder.FED_CODE)
    assert fed.name == "滨江区总工会" and fed.kind == Organization.Kind.FEDERATION
    unions = fed.children.filter(kind=Organization.Kind.GRASSROOTS)
    assert set(unions.values_list("employer", flat=True)) == {
        "滨江华兴精密机械有限公司", "滨江区实验中学", "滨江区市场监督管理局"}
    for union in unions:
        assert union.party_org and union.founded_on and union.legal_person_registered
        assert union.legal_person_cert_no and len(union.employer_credit_code) == 18
    company = unions.get(code="BJ01")
    assert company.children.filter(kind=Organization.Kind.BRANCH).count() == 3
    assert Organization.objects.filter(path__startswith=company.path, kind=Organization.Kind.GROUP).count() >= 9

    people = Person.objects.filter(org__path__startswith=fed.path)
    total = people.count()
    assert 550 <= total <= 650
    # Real ID numbers from real district codes, agreeing with the recorded birth date and sex.
    for person in people:
        parsed = idcard.parse(person.id_number)
        assert parsed.birth_date == person.birth_date and parsed.gender == person.gender
        assert parsed.region in names.ALL_DISTRICTS
        assert person.name_pinyin == name_pinyin(person.name)[0]
        if person.work_status == Person.WorkStatus.SERVING:
            assert 18 <= person.age <= 60
    women = people.filter(gender="F").count() / total
    assert 0.35 <= women <= 0.5
    employment = Counter(people.values_list("employment_type", flat=True))
    assert employment["contract"] and employment["dispatched"] and employment["migrant"]
    assert people.exclude(model_worker="").count() >= 5
    assert people.exclude(model_worker="").values("model_worker").distinct().count() >= 3
    assert people.exclude(hardship_level="").count() >= 10
    assert 1 <= people.filter(is_military_family=True).count() <= 10
    retired_members = people.filter(work_status=Person.WorkStatus.RETIRED,
                                    member_status=Person.MemberStatus.ACTIVE).count()
    members = people.filter(member_status__in=["active", "transferring"]).count()
    assert 0.07 <= retired_members / members <= 0.14

    # 入会率 between 92% and 98% for the federation; every union has employees who are not members.
    figures = overview(fed)
    assert 92 <= figures.join_rate <= 98, figures
    assert people.filter(member_status=Person.MemberStatus.NONE).exists()
    assert people.filter(member_status=Person.MemberStatus.PENDING).exists()

    # Families.
    relations = Counter(FamilyMember.objects.filter(person__in=people).values_list("relation", flat=True))
    assert relations["spouse"] > total / 2 and relations["child"] > total / 2 and relations["father"] > 20

    # Membership work since 1 January of the year before last, through the services (so the history and the
    # audit trail are real): admissions, retirements and transfers every year, one withdrawal, one death.
    year_ago = builder.today() - datetime.timedelta(days=366)
    events = MembershipEvent.objects.filter(org__path__startswith=fed.path)
    assert events.filter(kind="join", occurred_on__gte=year_ago).count() >= 10
    assert events.filter(kind="retire", occurred_on__gte=year_ago).count() >= 3
    assert events.filter(kind="withdraw").count() == 1 and events.filter(kind="death").count() == 1
    transfers = Transfer.objects.filter(from_org__path__startswith=fed.path)
    assert transfers.filter(status=Transfer.Status.ACCEPTED).count() >= 3
    assert transfers.filter(status=Transfer.Status.PENDING).count() == 1
    for year in YEARS[:2]:  # the two full years before this one
        assert events.filter(kind="join", occurred_on__year=year).count() >= 10, year
        assert events.filter(kind="retire", occurred_on__year=year).count() >= 3, year
        assert transfers.filter(status=Transfer.Status.OUTSIDE, decided_on__year=year).exists(), year
    # An admission in the window comes with its application; no admission or retirement is in the future.
    joins = events.filter(kind="join", occurred_on__gte=datetime.date(YEARS[0], 1, 1))
    assert MembershipEvent.objects.filter(kind="apply", person__in=joins.values("person")).count() >= joins.count()
    assert not events.filter(occurred_on__gt=builder.today()).exclude(kind="apply").exists()
    moved = transfers.filter(status=Transfer.Status.ACCEPTED).first().person
    assert moved.memberships.count() == 2 and moved.memberships.filter(ended_on__isnull=True).count() == 1
    assert AuditEntry.objects.filter(content_type__model="membershipevent").count() == events.count()
    # Member numbers are unique in each organisation and the counters continue after them.
    numbers = Membership.objects.values_list("org_id", "member_no")
    assert len(set(numbers)) == len(numbers)

    _window_figures(fed, company)
    _window_care(fed, company)

    # Officers: terms, a general election with its result, positions, group leaders.
    assert Term.objects.filter(org=company).count() == 2
    election = Election.objects.filter(org=company, kind=Election.Kind.GENERAL).order_by("-held_on").first()
    assert "工会主席" in election.result and election.attendance <= election.electorate
    current = Position.objects.filter(org__path__startswith=fed.path, ends_on__isnull=True)
    titles = set(current.values_list("title", flat=True))
    assert {"chair", "vice_chair", "committee", "women_director", "audit_director", "group_leader"} <= titles
    assert Position.objects.filter(org=company, ends_on__isnull=False, end_reason="换届").exists()
    assert Election.objects.filter(kind=Election.Kind.BY_ELECTION).exists()

    # Logins with their roles.
    expected = {"admin": Role.ADMIN, "fed_staff": Role.UPPER, "company_chair": Role.CHAIR,
                "company_officer": Role.OFFICER, "school_officer": Role.OFFICER, "group_leader": Role.GROUP_LEADER,
                "auditor": Role.AUDITOR, "member": Role.MEMBER}
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password(builder.PASSWORD) and not user.must_change_password
        assert RoleAssignment.objects.filter(user=user, role=role).exists()
    assert User.objects.get(username="admin").is_superuser
    member = User.objects.get(username="member")
    assert member.person.member_status == Person.MemberStatus.ACTIVE
    assert User.objects.get(username="company_chair").person.positions.filter(title="chair", ends_on=None).exists()

    # The pages open for the logins.
    for username in ("company_officer", "fed_staff", "group_leader"):
        client.force_login(User.objects.get(username=username))
        assert client.get("/people/").status_code == 200
        assert client.get("/").status_code == 200
    client.force_login(member)
    assert client.get("/people/me/").status_code == 200

    logins = run("--logins", "--port", "9123")
    assert "http://127.0.0.1:9123/" in logins
    for username in expected:
        assert username in logins
    assert "工会小组长" in logins and "union chair" in logins and builder.PASSWORD in logins

    # A second load is refused; --reset reloads a database that holds only the demo.
    with pytest.raises(CommandError, match="已加载"):
        run()


@pytest.mark.django_db(transaction=True)  # --reset empties the database (TRUNCATE on PostgreSQL): no test transaction
def test_reset_reloads_only_a_demo_database():
    from gonghui.orgs.services import org_create

    run("--members", "60", "--unions", "2")
    run("--reset", "--members", "80", "--unions", "2")
    assert Person.objects.filter(member_status="active").count() == 80
    org_create(code="OTHER", name="别的总工会", kind=Organization.Kind.FEDERATION)
    with pytest.raises(CommandError, match="不能重置"):
        run("--reset")
    assert Organization.objects.filter(code="OTHER").exists()


YEARS = (builder.today().year - 2, builder.today().year - 1, builder.today().year)


def _window_figures(fed, company):
    """Last year's summary has the year before to compare with (同比): every figure a summary quotes is there for
    both years, and they differ as a real union's do."""
    from gonghui.reports import registry
    from gonghui.reports.periods import Period

    codes = ["members.members", "members.new", "members.employees", "care.condolence.visits",
             "care.condolence.amount", "care.assistance.payments", "care.assistance.amount",
             "care.assistance.households", "care.hardship.files", "care.health.participants",
             "care.assistance.festival.amount", "care.campaign.count"]
    before, last = (registry.compute(codes, company, Period.year(y)) for y in YEARS[:2])
    for code in codes:
        assert before[code] and last[code], code
    # Members joined and left: the year-end counts differ (and agree with the dated history).
    assert before["members.members"] != last["members.members"]
    assert last["members.members"] == Membership.objects.filter(
        org__path__startswith=company.path, started_on__lte=datetime.date(YEARS[1], 12, 31)).exclude(
        ended_on__lte=datetime.date(YEARS[1], 12, 31)).count()
    # Rises by design: birthday gifts began in March of the year before last; the women's check began last year.
    assert last["care.condolence.visits"] > before["care.condolence.visits"]
    assert last["care.health.participants"] > before["care.health.participants"]
    # Falls by design (a summary's "fall against last year"): a cheaper mooncake box, and the two large 大病救助
    # payments of the year before last.
    assert last["care.assistance.festival.amount"] < before["care.assistance.festival.amount"]
    assert last["care.assistance.amount"] < before["care.assistance.amount"]
    federation = registry.compute(["members.members", "care.condolence.visits"], fed, Period.year(YEARS[1]))
    assert federation["members.members"] > last["members.members"]
    assert federation["care.condolence.visits"] > last["care.condolence.visits"]


def _window_care(fed, company):
    """The care work a summary reports and the reminders an officer acts on today."""
    from gonghui.care.models import AidRuleSet, Campaign, Condolence, HardshipFile, LifeEvent

    today = builder.today()
    campaigns = Campaign.objects.filter(org=company)
    closed = set(campaigns.filter(status=Campaign.Status.CLOSED).values_list("kind", "planned_on__year"))
    for year in YEARS[:2]:
        assert {("spring", year), ("zhongqiu", year)} <= closed, year
    assert ("spring", YEARS[2]) in closed
    assert campaigns.filter(status=Campaign.Status.DRAFT).count() == 1  # the next festival's, in preparation
    # Two fund-rule sets: the year before last's, and the revised one since.
    assert AidRuleSet.objects.filter(org=fed).count() == 2
    # Hardship files opened before and during the window; exactly one yearly review is overdue now.
    files = HardshipFile.objects.filter(org__path__startswith=fed.path)
    assert files.filter(opened_on__lt=datetime.date(YEARS[0], 1, 1)).exists()
    assert files.filter(opened_on__year=YEARS[0]).exists() and files.filter(status="closed").count() == 3
    assert files.filter(status="open", review_due_on__lt=today).count() == 1
    assert files.filter(verified_on__gt=F("opened_on")).exists()  # reviewed since opening
    # A member in hospital since a few days ago, not visited yet (五必访 reminder).
    assert LifeEvent.objects.filter(kind="hospitalised", condolences__isnull=True,
                                    occurred_on__gte=today - datetime.timedelta(days=5)).exists()
    # Nobody is visited, paid or given a birthday gift before joining (the work is played in date order).
    first = {p: d for p, d in Membership.objects.values_list("person").annotate(d=Min("started_on"))}
    for person_id, day in Condolence.objects.filter(org__path__startswith=fed.path).values_list(
            "person_id", "visited_on"):
        assert first[person_id] <= day


def test_large_federation(db):
    output = run("--members", "600", "--unions", "4")
    assert "600" in output
    fed = Organization.objects.get(code=builder.FED_CODE)
    assert fed.children.count() == 4
    assert Organization.objects.filter(kind=Organization.Kind.BRANCH).count() == 8
    members = Person.objects.filter(member_status=Person.MemberStatus.ACTIVE)
    assert members.count() == 600
    assert Person.objects.filter(member_status=Person.MemberStatus.NONE).count() >= 4  # ~4% employees not members
    assert Membership.objects.filter(ended_on__isnull=True).count() == 600
    assert MembershipEvent.objects.filter(kind="join").count() == 600
    for person in Person.objects.all()[:200]:
        assert (person.name_pinyin, person.name_initials) == name_pinyin(person.name)
        assert idcard.parse(person.id_number).birth_date == person.birth_date
    numbers = list(Person.objects.exclude(member_no="").values_list("org_id", "member_no"))
    assert len(set(numbers)) == len(numbers) == 600
    assert Person.objects.exclude(member_no="").exclude(member_no__startswith="BJ").count() == 0
    # Admitting one more through the services continues the numbering without a clash.
    person = Person.objects.filter(member_status=Person.MemberStatus.NONE).select_related("org").first()
    last = Sequence.objects.get(name=f"member_no:{person.org_id}").value
    membership = services.member_admit(person=person, joined_on=builder.today() - datetime.timedelta(days=1))
    assert membership.member_no == f"{person.org.code}-{last + 1:06d}"
    # A person created afterwards gets a fresh id (the loader set the ids itself).
    new = services.person_create(org=fed.children.first(), name="新来的", gender="F")
    assert new.pk > max(Person.objects.exclude(pk=new.pk).values_list("pk", flat=True))
    assert User.objects.filter(username__in=["admin", "fed_staff", "company_officer"]).count() == 3
    assert run("--status").strip() == "loaded"


def test_people_factory_is_reproducible_and_unique():
    day = datetime.date(2025, 6, 30)
    first, second = builder.PeopleFactory(random.Random(7), day), builder.PeopleFactory(random.Random(7), day)
    a = [(first.name("M"), first.id_number("320115", first.birth_for_age(40), "F")) for _ in range(300)]
    b = [(second.name("M"), second.id_number("320115", second.birth_for_age(40), "F")) for _ in range(300)]
    assert a == b
    ids = [i for _, i in a]
    assert len(set(ids)) == len(ids)
    for number in ids:
        parsed = idcard.parse(number, today=day)
        assert parsed.gender == "F" and parsed.region == "320115"
        birth = parsed.birth_date
        assert day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day)) == 40
    phones = {first.phone() for _ in range(500)}
    assert len(phones) == 500 and all(len(p) == 11 and p.isdigit() for p in phones)


def test_credit_codes_have_valid_check_characters():
    # A published example of GB 32100-2015 (organisation code M000100Y-4 inside it).
    assert builder.org_code_check_char("M000100Y") == "4"
    assert builder.credit_check_char("91350100M000100Y4") == "3"
    code = builder.credit_code("9", "1", "320115", "75405321")
    assert len(code) == 18 and code.startswith("91320115")
    assert code[16] == builder.org_code_check_char("75405321")
    assert code[17] == builder.credit_check_char(code[:17])
