"""Committee pages: terms, elections and positions, through the test client."""
import datetime

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Role
from gonghui.orgs import services
from gonghui.orgs.models import Election, Position, Term

TODAY = localdate()


def page(response) -> str:
    return response.content.decode()


def committee_url(name, org):
    return reverse(f"orgs:{name}", kwargs={"pk": org.pk})


def detail(client, org, tab):
    return page(client.get(reverse("orgs:detail", args=[org.pk]) + f"?tab={tab}"))


def election_data(term="new", kind=Election.Kind.GENERAL, held_on=TODAY, elected=(), **extra):
    """POST data of the election form with its formset of elected people."""
    data = {"kind": kind, "term": term, "held_on": held_on.isoformat(), "approved_by_upper_on": "",
            "electorate": "", "attendance": "", "result": "", "elected-TOTAL_FORMS": str(max(len(elected), 1) + 1),
            "elected-INITIAL_FORMS": "0", "elected-MIN_NUM_FORMS": "0", "elected-MAX_NUM_FORMS": "200"}
    for i, (person, title) in enumerate(elected):
        data[f"elected-{i}-person"] = str(person.pk)
        data[f"elected-{i}-title"] = title
    data.update({k: str(v) for k, v in extra.items()})
    return data


@pytest.fixture
def people(tree, make_person):
    return {
        "chair": make_person(tree["company"], "周主席"),
        "vice": make_person(tree["branch"], "吴副主席", female=True),  # in a branch: inside the subtree
        "new_chair": make_person(tree["company"], "郑新主席"),
        "school": make_person(tree["school"], "乙校教师"),
    }


# --- terms ----------------------------------------------------------------------------------------------------
def test_create_terms_and_list_them(client, officer_a, tree):
    company = tree["company"]
    client.force_login(officer_a)
    form = page(client.get(committee_url("term_add", company)))
    assert 'name="number"' in form and 'value="1"' in form and "data-once" in form
    r = client.post(committee_url("term_add", company),
                    {"number": "1", "starts_on": "2020-03-01", "ends_on": "2025-02-28", "note": "首届"}, follow=True)
    assert "已新建第1届" in page(r) and 'id="terms"' in page(r)
    assert "2020-03-01 至 2025-02-28" in page(r)
    assert 'value="2"' in page(client.get(committee_url("term_add", company)))  # next number offered

    again = client.post(committee_url("term_add", company), {"number": "1", "starts_on": "2021-01-01"})
    assert again.status_code == 200 and "第1届已存在" in page(again)
    bad = client.post(committee_url("term_add", company), {"number": "2", "starts_on": "2025-03-01",
                                                           "ends_on": "2025-01-01"})
    assert "任期届满日期应晚于任期开始日期" in page(bad)
    assert Term.objects.filter(org=company).count() == 1


def test_terms_tab_shows_buttons_to_managers_only(client, officer_a, tree, make_user):
    client.force_login(officer_a)
    html = detail(client, tree["company"], "terms")
    assert committee_url("term_add", tree["company"]) in html and committee_url("election_add", tree["company"]) in html
    client.force_login(make_user("upper", Role.UPPER, tree["fed"]))
    html = detail(client, tree["company"], "terms")
    assert 'id="terms"' in html and committee_url("term_add", tree["company"]) not in html
    assert client.get(committee_url("term_add", tree["company"])).status_code == 404


# --- elections ------------------------------------------------------------------------------------------------
def test_general_election_records_positions_and_ends_the_previous_terms(client, officer_a, tree, people):
    company = tree["company"]
    old_term = services.term_create(org=company, number=1, starts_on=datetime.date(2020, 1, 1))
    services.election_record(org=company, term=old_term, kind=Election.Kind.GENERAL, held_on=datetime.date(2020, 1, 1),
                             elected=[(people["chair"], Position.Title.CHAIR), (people["vice"], Position.Title.COMMITTEE)])
    client.force_login(officer_a)
    form = page(client.get(committee_url("election_add", company)))
    assert "新建第2届" in form and 'id="elected-rows"' in form and 'name="elected-TOTAL_FORMS"' in form

    data = election_data(elected=[(people["new_chair"], Position.Title.CHAIR),
                                  (people["vice"], Position.Title.VICE_CHAIR)],
                         electorate=50, attendance=48, result="选举产生第二届委员会")
    r = client.post(committee_url("election_add", company), data, follow=True)
    assert "已登记第2届换届选举" in page(r) and "当选任职2人次" in page(r)

    new_term = Term.objects.get(org=company, number=2)
    assert new_term.starts_on == TODAY
    election = Election.objects.get(org=company, term=new_term)
    assert (election.electorate, election.attendance) == (50, 48)
    current = {(p.person.name, p.title) for p in Position.objects.filter(org=company, ends_on__isnull=True)}
    assert current == {("郑新主席", Position.Title.CHAIR), ("吴副主席", Position.Title.VICE_CHAIR)}
    ended = Position.objects.filter(org=company, term=old_term)
    assert ended.count() == 2 and all(p.ends_on == TODAY and p.end_reason == "换届" for p in ended)

    committee = detail(client, company, "committee")
    assert "郑新主席" in committee and "周主席" in committee  # the old chair kept under 历任
    past = committee.split('id="past-positions"')[1]
    assert "周主席" in past and "换届" in past
    terms = detail(client, company, "terms")
    assert "工会主席：郑新主席" in terms and "工会主席：周主席（已离任）" in terms and "选举产生第二届委员会" in terms


def test_by_election_adds_without_ending(client, officer_a, tree, people):
    company = tree["company"]
    term = services.term_create(org=company, number=1, starts_on=datetime.date(2020, 1, 1))
    services.position_assign(org=company, person=people["chair"], title=Position.Title.CHAIR,
                             starts_on=datetime.date(2020, 1, 1), term=term)
    client.force_login(officer_a)
    data = election_data(term=term.pk, kind=Election.Kind.BY_ELECTION,
                         elected=[(people["vice"], Position.Title.COMMITTEE)])
    assert client.post(committee_url("election_add", company), data).status_code == 302
    assert Position.objects.filter(org=company, ends_on__isnull=True).count() == 2


def test_election_with_someone_outside_the_subtree_is_refused_and_saves_nothing(client, officer_a, tree, people):
    company = tree["company"]
    client.force_login(officer_a)
    data = election_data(elected=[(people["chair"], Position.Title.CHAIR), (people["school"], Position.Title.COMMITTEE)])
    r = client.post(committee_url("election_add", company), data)
    assert r.status_code == 200 and "所选人员不在本组织及下级组织中" in page(r)
    assert "乙校教师" not in page(r)  # the posted outsider is not echoed back
    assert "周主席" in page(r)  # the valid choice stays shown
    assert not Term.objects.filter(org=company).exists() and not Election.objects.exists()
    assert not Position.objects.exists()


def test_service_refuses_people_outside_the_subtree(tree, people):
    from gonghui.core.errors import ServiceError

    with pytest.raises(ServiceError, match="不在甲公司工会及其下级组织中"):
        services.position_assign(org=tree["company"], person=people["school"], title=Position.Title.COMMITTEE,
                                 starts_on=TODAY)


def test_double_post_of_an_election_is_harmless(client, officer_a, tree, people):
    company = tree["company"]
    client.force_login(officer_a)
    data = election_data(elected=[(people["chair"], Position.Title.CHAIR)])
    assert client.post(committee_url("election_add", company), data).status_code == 302
    second = client.post(committee_url("election_add", company), data)
    assert second.status_code == 200 and "该选举已登记" in page(second)
    assert Election.objects.count() == 1 and Term.objects.count() == 1 and Position.objects.count() == 1


def test_election_form_checks_rows_and_numbers(client, officer_a, tree, people):
    company = tree["company"]
    client.force_login(officer_a)
    data = election_data(elected=[(people["chair"], "")], electorate=10, attendance=12)
    r = page(client.post(committee_url("election_add", company), data))
    assert "请选择职务" in r and "实到人数不能多于应到人数" in r
    data = election_data(elected=[(people["chair"], Position.Title.COMMITTEE), (people["chair"], Position.Title.COMMITTEE)])
    assert "同一职务填写了两次" in page(client.post(committee_url("election_add", company), data))
    assert not Election.objects.exists()


def test_add_row_returns_a_row_and_updates_the_form_count(client, officer_a, tree):
    client.force_login(officer_a)
    r = client.get(committee_url("election_row", tree["company"]), {"index": 6}, HTTP_HX_REQUEST="true")
    html = page(r)
    assert r.status_code == 200 and 'name="elected-6-person"' not in html  # nothing chosen yet: no radio
    assert 'name="elected-6-title"' in html and 'hx-vals=\'{"field": "elected-6-person"}\'' in html
    assert 'id="id_elected-TOTAL_FORMS" hx-swap-oob="true"' in html and 'value="7"' in html
    assert "index=7" in html
    assert client.get(committee_url("election_row", tree["company"]), {"index": "x"}).status_code == 400


# --- positions ------------------------------------------------------------------------------------------------
def test_assign_and_end_positions_keeps_history(client, officer_a, tree, people):
    company = tree["company"]
    client.force_login(officer_a)
    assert 'class="person-picker"' in page(client.get(committee_url("position_add", company)))
    r = client.post(committee_url("position_add", company),
                    {"person": people["chair"].pk, "title": Position.Title.CHAIR, "starts_on": "2024-01-01",
                     "is_fulltime": "on"}, follow=True)
    assert "已任命周主席为工会主席" in page(r)
    first = Position.objects.get(person=people["chair"])
    assert first.is_fulltime and first.ends_on is None

    # A new chair: the previous one ends the same day, and stays in the history.
    client.post(committee_url("position_add", company),
                {"person": people["new_chair"].pk, "title": Position.Title.CHAIR, "starts_on": TODAY.isoformat()})
    first.refresh_from_db()
    assert first.ends_on == TODAY and first.end_reason == "职务调整"

    committee = detail(client, company, "committee")
    current, past = committee.split('id="past-positions"')
    assert "郑新主席" in current and reverse("orgs:position_end", args=[first.pk]) not in current
    assert "周主席" in past

    vice = services.position_assign(org=company, person=people["vice"], title=Position.Title.VICE_CHAIR,
                                    starts_on=datetime.date(2024, 1, 1))
    end_url = reverse("orgs:position_end", args=[vice.pk])
    assert "吴副主席" in page(client.get(end_url))
    r = client.post(end_url, {"ends_on": TODAY.isoformat(), "reason": "调离"}, follow=True)
    assert f"吴副主席已于{TODAY:%Y-%m-%d}离任工会副主席" in page(r)
    vice.refresh_from_db()
    assert vice.ends_on == TODAY and vice.end_reason == "调离"
    assert Position.objects.filter(org=company).count() == 3  # nothing removed
    # Ending it again: the page says so, and a second POST changes nothing.
    assert "该职务已于" in page(client.get(end_url))
    again = client.post(end_url, {"ends_on": TODAY.isoformat(), "reason": "再次"})
    assert again.status_code == 200 and "该职务已经结束" in page(again)
    vice.refresh_from_db()
    assert vice.end_reason == "调离"


def test_position_for_someone_outside_the_subtree_is_refused(client, officer_a, tree, people):
    client.force_login(officer_a)
    r = client.post(committee_url("position_add", tree["company"]),
                    {"person": people["school"].pk, "title": Position.Title.COMMITTEE, "starts_on": TODAY.isoformat()})
    assert r.status_code == 200 and "所选人员不在本组织及下级组织中" in page(r)
    assert not Position.objects.exists()


def test_end_date_before_start_is_refused(client, officer_a, tree, people):
    pos = services.position_assign(org=tree["company"], person=people["chair"], title=Position.Title.CHAIR,
                                   starts_on=datetime.date(2024, 1, 1))
    client.force_login(officer_a)
    r = client.post(reverse("orgs:position_end", args=[pos.pk]), {"ends_on": "2023-01-01"})
    assert "离任日期不能早于任职日期" in page(r)


def test_person_search_is_limited_to_the_subtree(client, officer_a, tree, people):
    client.force_login(officer_a)
    search = committee_url("committee_person_search", tree["company"])
    html = page(client.get(search, {"q": "wu", "field": "elected-0-person"}))  # pinyin of 吴
    assert "吴副主席" in html and "甲公司一分会" in html and 'name="elected-0-person"' in html
    assert "乙校教师" not in page(client.get(search, {"q": "乙校"}))
    assert "周主席" in page(client.get(search, {"q": "zzx"}))  # initials
    # Searching from the branch does not reach the company.
    assert "周主席" not in page(client.get(committee_url("committee_person_search", tree["branch"]), {"q": "周"}))


def test_another_unions_committee_pages_answer_404(client, officer_b, tree, people):
    company = tree["company"]
    pos = services.position_assign(org=company, person=people["chair"], title=Position.Title.CHAIR, starts_on=TODAY)
    client.force_login(officer_b)
    for name in ("term_add", "election_add", "position_add", "election_row", "committee_person_search"):
        assert client.get(committee_url(name, company), {"index": 1, "q": "周"}).status_code == 404, name
    assert client.post(committee_url("term_add", company), {"number": 1, "starts_on": "2024-01-01"}).status_code == 404
    assert client.post(committee_url("position_add", company),
                       {"person": people["school"].pk, "title": "committee", "starts_on": "2024-01-01"}).status_code == 404
    end_url = reverse("orgs:position_end", args=[pos.pk])
    assert client.get(end_url).status_code == 404
    assert client.post(end_url, {"ends_on": TODAY.isoformat()}).status_code == 404
    pos.refresh_from_db()
    assert pos.ends_on is None and not Term.objects.exists()


def test_closed_organisation_is_read_only(client, officer_a, tree):
    group = tree["group"]
    services.org_close(org=group, closed_on=TODAY, reason="撤并")
    client.force_login(officer_a)
    assert "该组织已撤销" in page(client.get(committee_url("term_add", group)))
    r = client.post(committee_url("term_add", group), {"number": 1, "starts_on": "2024-01-01"})
    assert "该组织已撤销" in page(r) and not Term.objects.exists()
