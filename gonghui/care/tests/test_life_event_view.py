import datetime

from django.urls import reverse

from gonghui.care.models import LifeEvent


def test_officer_records_a_hospitalisation_and_it_awaits_a_visit(client, tree, officer_a, make_person):
    person = make_person(tree["company"], "住院者")
    client.force_login(officer_a)
    page = client.get(reverse("members:person_detail", args=[person.pk]))
    assert reverse("care:life_event_add") in page.content.decode()
    url = reverse("care:life_event_add") + f"?person={person.pk}"
    assert client.get(url).status_code == 200
    kind = LifeEvent._meta.get_field("kind").choices[0][0]
    response = client.post(url, {"kind": kind, "occurred_on": datetime.date.today().isoformat(), "note": "阑尾炎"})
    assert response.status_code == 302
    event = LifeEvent.objects.get(person=person)
    assert event.source == LifeEvent.Source.OFFICER and event.reported_by == officer_a


def test_another_unions_person_is_404(client, tree, officer_a, make_person):
    other = make_person(tree["school"], "别人")
    client.force_login(officer_a)
    assert client.get(reverse("care:life_event_add") + f"?person={other.pk}").status_code == 404
    assert client.get(reverse("care:life_event_add")).status_code == 404
