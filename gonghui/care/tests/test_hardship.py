import datetime

import pytest

from gonghui.care import metrics, selectors, services
from gonghui.care.models import Assistance, HardshipFile, HardshipLevel
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.members import services as member_services
from gonghui.members.models import Person

D = datetime.date


def open_file(officer, person, level=HardshipLevel.ORDINARY, on=D(2025, 2, 1), **extra):
    extra.setdefault("causes", ["illness", "schooling"])
    return services.hardship_file_open(actor=officer, person=person, level=level, opened_on=on,
                                       household_size=3, income_per_head="850.00", **extra)


def test_open_file_sets_person_level_history_and_number(tree, officer_a, member):
    file = open_file(officer_a, member, verified_by="张委员", verified_on=D(2025, 1, 20))
    member.refresh_from_db()
    assert member.hardship_level == Person.HardshipLevel.ORDINARY
    assert file.file_no.startswith("A-KN")
    assert sorted(file.cause_labels) == sorted(["因病", "子女就学"])
    assert file.review_due_on == D(2026, 1, 20)  # a year after verification
    assert [(c.level, c.effective_from) for c in file.level_changes.all()] == [("ordinary", D(2025, 2, 1))]
    assert AuditEntry.objects.filter(object_repr__contains=file.file_no, action=AuditEntry.Action.CREATE).exists()


def test_second_open_file_for_same_person_is_refused(tree, officer_a, member):
    open_file(officer_a, member)
    with pytest.raises(ServiceError, match="已有在档"):
        open_file(officer_a, member)


def test_level_history_gives_the_level_of_a_past_day(tree, officer_a, member):
    file = open_file(officer_a, member, on=D(2024, 3, 1))
    services.hardship_file_change_level(actor=officer_a, file=file, level=HardshipLevel.DEEP,
                                        effective_from=D(2025, 6, 1), reason="大病住院，支出剧增")
    member.refresh_from_db()
    assert member.hardship_level == Person.HardshipLevel.DEEP
    assert selectors.hardship_level_on(file, D(2025, 5, 31)) == "ordinary"
    assert selectors.hardship_level_on(file, D(2025, 6, 1)) == "deep"
    assert selectors.hardship_level_on(file, D(2024, 2, 1)) == ""
    # The stock metric counts the level of the period's last day.
    deep = metrics.get("care.hardship.deep")
    assert deep.compute(tree["company"], D(2024, 1, 1), D(2024, 12, 31)) is None
    assert deep.compute(tree["company"], D(2025, 1, 1), D(2025, 12, 31)) == 1
    by_level = metrics.get("care.hardship.files").breakdown(tree["fed"], D(2024, 1, 1), D(2024, 12, 31), "level")
    assert [(label, n) for _, label, n in by_level] == [("一般困难", 1)]


def test_level_change_needs_reason_and_cannot_go_back_in_time(tree, officer_a, member):
    file = open_file(officer_a, member, on=D(2025, 3, 1))
    with pytest.raises(ServiceError, match="原因"):
        services.hardship_file_change_level(actor=officer_a, file=file, level="deep", effective_from=D(2025, 4, 1),
                                            reason=" ")
    with pytest.raises(ServiceError, match="不能早于"):
        services.hardship_file_change_level(actor=officer_a, file=file, level="deep", effective_from=D(2025, 2, 1),
                                            reason="病情加重")


def test_close_is_final_and_a_closed_file_cannot_be_reused(tree, officer_a, member):
    file = open_file(officer_a, member, on=D(2025, 1, 5))
    services.hardship_file_close(actor=officer_a, file=file, closed_on=D(2025, 9, 1), reason="子女就业，家庭收入提高")
    member.refresh_from_db()
    assert member.hardship_level == ""
    with pytest.raises(ServiceError, match="脱困"):
        services.assistance_create(actor=officer_a, person=member, kind=Assistance.Kind.DAILY, amount="500",
                                   hardship_file=file, applied_on=D(2025, 10, 1))
    with pytest.raises(ServiceError, match="脱困"):
        services.hardship_file_change_level(actor=officer_a, file=file, level="deep", effective_from=D(2025, 10, 1),
                                            reason="再次困难")
    # Reopening means a new file; the old one keeps its history.
    again = open_file(officer_a, member, on=D(2025, 11, 1), level=HardshipLevel.DEEP)
    assert again.pk != file.pk and again.file_no != file.file_no
    assert HardshipFile.objects.filter(person=member).count() == 2
    files = metrics.get("care.hardship.files")
    assert files.compute(tree["company"], D(2025, 1, 1), D(2025, 9, 30)) is None  # closed on 9-1, new one from 11-1
    assert files.compute(tree["company"], D(2025, 1, 1), D(2025, 8, 31)) == 1
    assert metrics.get("care.hardship.closed").compute(tree["company"], D(2025, 1, 1), D(2025, 12, 31)) == 1
    assert metrics.get("care.hardship.opened").compute(tree["company"], D(2025, 1, 1), D(2025, 12, 31)) == 2


def test_review_records_verification_and_next_due_date(tree, officer_a, member):
    file = open_file(officer_a, member, on=D(2024, 1, 10), review_due_on=D(2025, 1, 10))
    due = selectors.hardship_reviews_due(officer_a, on=D(2025, 1, 1), days=30)
    assert list(due) == [file]
    services.hardship_file_review(actor=officer_a, file=file, verified_on=D(2025, 1, 8), verified_by="李委员",
                                  level=HardshipLevel.DEEP, reason="复核：配偶失业", causes=["illness", "unemployment"])
    file.refresh_from_db()
    assert file.review_due_on == D(2026, 1, 8) and file.level == "deep"
    assert sorted(c.cause for c in file.causes.all()) == ["illness", "unemployment"]
    assert not selectors.hardship_reviews_due(officer_a, on=D(2025, 1, 9), days=30).exists()


def test_household_members_must_be_the_persons_family(tree, officer_a, member, other_member):
    wife = member_services.family_member_add(person=member, relation="spouse", name="周妻")
    stranger = member_services.family_member_add(person=other_member, relation="spouse", name="陌生人")
    with pytest.raises(ServiceError, match="家属"):
        open_file(officer_a, member, household_members=[stranger])
    file = open_file(officer_a, member, household_members=[wife])
    assert list(file.household_members.all()) == [wife]


def test_bad_input(tree, officer_a, member):
    with pytest.raises(ServiceError, match="致困原因"):
        open_file(officer_a, member, causes=[])
    with pytest.raises(ServiceError, match="困难程度"):
        open_file(officer_a, member, level="extreme")
    with pytest.raises(ServiceError, match="负数"):
        services.hardship_file_open(actor=officer_a, person=member, level="ordinary", causes=["other"],
                                    opened_on=D(2025, 1, 1), income_per_head="-1")
    with pytest.raises(ServiceError, match="晚于今天"):
        open_file(officer_a, member, on=D(2999, 1, 1))


def test_outside_scope_is_refused(tree, officer_b, member):
    with pytest.raises(ServiceError, match="管辖范围"):
        open_file(officer_b, member)
    assert not HardshipFile.objects.exists()


def test_details_only_with_sensitive_permission_and_reading_is_audited(tree, officer_a, women_a, member):
    file = open_file(officer_a, member)
    assert not selectors.hardship_file_list(women_a).exists()
    with pytest.raises(Exception) as exc:
        selectors.hardship_file_get(women_a, file.pk)
    assert exc.typename == "Http404"
    assert list(selectors.in_care_people(women_a)) == [member]  # "in care", nothing more
    assert selectors.hardship_file_get(officer_a, file.pk) == file
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL, object_id=str(file.pk)).count() == 1
