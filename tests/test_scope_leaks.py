"""DESIGN.md rule 1: nothing of another union leaks, through any page or endpoint, whatever id is guessed.

The test walks every URL pattern of the project at run time (`get_resolver()`, recursively; admin and static
files skipped), so URLs added later are checked without touching this file. Two unions under one federation:
甲公司工会 (A, the logged-in officer's) and 乙学校工会 (B). Every object of union B is created after the id
sequences of every table have been moved far above anything that exists, so "an id of a B object" is simply "an
id above the offset", for every model at once — including models this file has never heard of.

For each pattern with integer kwargs, each such id is substituted (in every kwarg; with several kwargs, also one
kwarg at a time while the others hold ids of A's own objects) and GET and POST are sent (for a DRF route: the
methods it maps, e.g. PATCH). Each answer must be 404 — or 403/405 — and the same answer as for an id that exists
nowhere (a 403 for B's object but 404 for a missing one would tell that it exists), with none of B's names, ID
numbers, phones, member numbers or organisation names in the body. Patterns without kwargs are fetched with GET,
plainly and with B's name and ids as search terms and filters, and must not show B's people.

Apps that add models reachable by id should also create a union-B object of them: put a module
`gonghui/<app>/tests/leak_objects.py` with `def create(b: dict) -> None` (see `b` in `two_unions` for what it
receives: B's union, branch, officer, people, family, transfers, term, and the make_person/make_user factories).
"""
from __future__ import annotations

import datetime
import importlib
import itertools
import json
import logging
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.fields import AutoFieldMixin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

from gonghui.accounts.roles import Role
from gonghui.core import idcard
from gonghui.core.models import AuditEntry
from gonghui.members import services as member_services
from gonghui.members.models import FamilyMember, Person, Transfer
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Election, Organization, Position

ALLOWED = {403, 404, 405}
SKIP_PREFIXES = ("admin/",)
DRF_EXTRA_METHODS = ("patch", "put", "delete")
NO_PROBES = {"api-schema", "api-docs", "api-token"}  # no data behind them; fetched once


# --- walking the URL patterns --------------------------------------------------------------------------------------

def _skipped(route: str) -> bool:
    static = tuple(p.lstrip("/") for p in (settings.STATIC_URL, settings.MEDIA_URL) if p)
    return route.startswith(SKIP_PREFIXES + static)


def _regex_to_template(regex: str) -> str | None:
    """'^people/(?P<pk>[0-9]+)/$' → 'people/{pk}/'; None when the regex is not a plain path."""
    regex = regex.lstrip("^")
    regex = re.sub(r"(\$|\\Z)$", "", regex)
    out, i = [], 0
    while i < len(regex):
        if regex.startswith("(?P<", i):
            name_end = regex.index(">", i)
            name = regex[i + 4:name_end]
            depth, j = 1, name_end + 1
            while depth:
                depth += {"(": 1, ")": -1}.get(regex[j], 0) if regex[j - 1] != "\\" else 0
                j += 1
            out.append("{%s}" % name)
            i = j
        elif regex[i] == "\\" and i + 1 < len(regex):
            out.append(regex[i + 1])
            i += 2
        elif regex[i] in "()[]*+?|.{}":
            return None
        else:
            out.append(regex[i])
            i += 1
    return "".join(out)


def _is_int_pattern(regex: str) -> bool:
    return bool(re.fullmatch(regex, "12345")) and not re.fullmatch(regex, "abc")


def _pattern_parts(pattern) -> tuple[str | None, dict[str, bool]]:
    """(template with {kwarg} holes, {kwarg: takes integers}) for one piece of a route."""
    if isinstance(pattern, RoutePattern):
        route = str(pattern._route)
        template = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        kinds = {name: _is_int_pattern(conv.regex) for name, conv in pattern.converters.items()}
        return template, kinds
    if isinstance(pattern, RegexPattern):
        regex = str(pattern._regex)
        groups = {}
        for match in re.finditer(r"\(\?P<(\w+)>", regex):
            inner = regex[match.end():]
            depth, j = 1, 0
            while depth:
                if inner[j] == "(" and (j == 0 or inner[j - 1] != "\\"):
                    depth += 1
                elif inner[j] == ")" and (j == 0 or inner[j - 1] != "\\"):
                    depth -= 1
                j += 1
            groups[match.group(1)] = _is_int_pattern(inner[: j - 1])
        return _regex_to_template(regex), groups
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix, {}
    return None, {}


def url_patterns():
    """Every URLPattern as (display route, template or None, {kwarg: int?}, URLPattern)."""
    def walk(resolver, display, template, kinds):
        for entry in resolver.url_patterns:
            part_template, part_kinds = _pattern_parts(entry.pattern)
            sub_display = display + str(entry.pattern)
            sub_template = None if template is None or part_template is None else template + part_template
            sub_kinds = {**kinds, **part_kinds}
            if isinstance(entry, URLResolver):
                yield from walk(entry, sub_display, sub_template, sub_kinds)
            elif isinstance(entry, URLPattern):
                yield sub_display, sub_template, sub_kinds, entry

    yield from walk(get_resolver(), "", "", {})


def _methods(entry: URLPattern) -> list[str]:
    actions = getattr(entry.callback, "actions", None)
    if actions:  # a DRF viewset route answers 405 to any method it does not map, before looking anything up
        return sorted(actions)
    methods = ["get", "post"]
    if getattr(entry.callback, "cls", None) is not None:  # a DRF APIView
        methods += [m for m in DRF_EXTRA_METHODS if hasattr(entry.callback.cls, m)]
    return methods


def _request(client: Client, method: str, url: str, data=None):
    if method == "get":
        return client.get(url, data or {})
    if method == "post":
        return client.post(url, {})
    return client.generic(method.upper(), url, "{}", content_type="application/json")


def _body(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def _found(body: str, markers) -> list[str]:
    """Markers in the body, raw or JSON-escaped (JsonResponse escapes Chinese by default)."""
    return [m for m in markers if m in body or json.dumps(m)[1:-1] in body]


# --- the two unions ------------------------------------------------------------------------------------------------

def _int_pk_models():
    """Models with integer ids and a table (a model whose migration is not written yet has none)."""
    tables = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.proxy and meta.managed and isinstance(meta.pk, AutoFieldMixin) and meta.db_table in tables:
            yield model


def _move_sequences_above_everything() -> int:
    """Make every table's next id larger than every id that exists anywhere; returns that bound."""
    highest = 0
    with connection.cursor() as cursor:
        for model in _int_pk_models():
            cursor.execute(f"SELECT MAX({connection.ops.quote_name(model._meta.pk.column)}) "
                           f"FROM {connection.ops.quote_name(model._meta.db_table)}")
            highest = max(highest, cursor.fetchone()[0] or 0)
        offset = highest + 1_000_000
        for model in _int_pk_models():
            table, column = model._meta.db_table, model._meta.pk.column
            if connection.vendor == "sqlite":
                cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [offset, table])
                if cursor.rowcount == 0:
                    cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, offset])
            elif connection.vendor == "postgresql":
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [connection.ops.quote_name(table), column])
                sequence = cursor.fetchone()[0]
                if sequence:
                    cursor.execute("SELECT setval(%s, %s)", [sequence, offset])
            else:  # pragma: no cover
                pytest.skip(f"moving id sequences is not written for {connection.vendor}")
    return offset


def _ids_above(offset: int, per_model: int = 8) -> dict[int, list[str]]:
    """{id: [model labels]} of the rows above the offset, in every table with an integer id.

    A model with many union-B rows (the audit trail) is sampled — first, last and evenly between — since every
    row of one model goes through the same scoping; ids of all models overlap (every table starts at the
    offset), so the ids to try stay few however many models there are.
    """
    found: dict[int, list[str]] = {}
    for model in _int_pk_models():
        ids = list(model._default_manager.filter(pk__gt=offset).order_by("pk").values_list("pk", flat=True))
        if len(ids) > per_model:
            step = (len(ids) - 1) / (per_model - 1)
            ids = sorted({ids[round(i * step)] for i in range(per_model)})
        for pk in ids:
            found.setdefault(pk, []).append(model._meta.label)
    return found


def _union_b_extras(b: dict) -> list[str]:
    """Let every app add its own union-B objects (gonghui/<app>/tests/leak_objects.py: create(b))."""
    used = []
    for config in apps.get_app_configs():
        if not config.name.startswith("gonghui."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.leak_objects")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(config.name):
                continue
            raise
        module.create(b)
        used.append(module.__name__)
    return used


@pytest.fixture
def two_unions(tree, make_person, make_user):
    day = datetime.date(2024, 3, 1)
    company, school = tree["company"], tree["school"]

    # Union A: the user's own objects (also used to fill the other kwargs of multi-kwarg URLs).
    officer_a = make_user("leak_officer_a", Role.OFFICER, company)
    a_person = make_person(company, "甲司张工", phone="13800000001")
    a_other = make_person(tree["branch"], "甲司李工", member=False)
    member_services.member_apply(person=a_other, applied_on=day)
    a_family = member_services.family_member_add(person=a_person, relation=FamilyMember.Relation.SPOUSE, name="甲司家属")
    a_term = org_services.term_create(org=company, number=1, starts_on=datetime.date(2023, 1, 1))
    org_services.election_record(org=company, term=a_term, kind=Election.Kind.GENERAL,
                                 held_on=datetime.date(2023, 1, 1), elected=[(a_person, Position.Title.CHAIR)])
    a_transfer_out = member_services.member_transfer_out(
        person=make_person(company, "甲司调出"), to_org_name="外市某工会", on=day)
    a_objects = [company, tree["branch"], tree["group"], officer_a, a_person, a_other, a_family, a_term,
                 a_transfer_out, *Position.objects.filter(org=company), *a_person.memberships.all()]

    client = Client()
    client.force_login(officer_a)
    ContentType.objects.get_for_models(*apps.get_models(include_auto_created=True))  # none created later
    offset = _move_sequences_above_everything()

    # Union B: everything from here on is B's, and has an id above the offset.
    b_branch = org_services.org_create(code="BLEAK1", name="乙学校教工分会", kind=Organization.Kind.BRANCH, parent=school)
    b_group = org_services.org_create(code="BLEAK1G", name="乙学校教工小组", kind=Organization.Kind.GROUP, parent=b_branch)
    officer_b = make_user("leak_officer_b", Role.OFFICER, school)
    b_chair = make_person(school, "乙校甲老师", phone="13911112222", joined=datetime.date(2018, 9, 1))
    b_teacher = make_person(b_branch, "乙校乙老师", female=True, phone="13933334444")
    b_applicant = make_person(school, "乙校丙职工", member=False)
    member_services.member_apply(person=b_applicant, applied_on=day)
    b_leaver = make_person(school, "乙校丁老师")
    b_family = member_services.family_member_add(person=b_chair, relation=FamilyMember.Relation.CHILD,
                                                 name="乙校家属小明",
                                                 id_number=idcard.make("110105", datetime.date(2010, 1, 1), 19))
    b_pending = member_services.member_transfer_out(person=b_teacher, to_org=school, on=day, reason="校内调整")
    b_outside = member_services.member_transfer_out(person=b_leaver, to_org_name="外省某工会", on=day)
    b_term = org_services.term_create(org=school, number=3, starts_on=datetime.date(2022, 9, 1))
    org_services.election_record(org=school, term=b_term, kind=Election.Kind.GENERAL,
                                 held_on=datetime.date(2022, 9, 1), elected=[(b_chair, Position.Title.CHAIR)])
    b_member_user = make_user("leak_b_member", Role.MEMBER, school, person=b_chair)
    b = {"union": school, "branch": b_branch, "group": b_group, "officer": officer_b, "member_user": b_member_user,
         "people": [b_chair, b_teacher, b_applicant, b_leaver], "family": [b_family],
         "transfers": [b_pending, b_outside], "term": b_term, "make_person": make_person, "make_user": make_user}
    extras = _union_b_extras(b)

    people = Person.objects.filter(org__path__startswith=school.path) | Person.objects.filter(pk=b_leaver.pk)
    markers = set()
    for person in people:
        markers |= {person.name, person.id_number or "", person.phone, person.member_no}
    for member in FamilyMember.objects.filter(person__in=people):
        markers |= {member.name, member.id_number}
    markers = {m for m in markers if m}
    assert Transfer.objects.filter(pk__in=[b_pending.pk, b_outside.pk], pk__gt=offset).count() == 2
    return {
        "client": client, "offset": offset, "b_ids": _ids_above(offset), "school": school,
        "a_ids": sorted({obj.pk for obj in a_objects}), "markers": sorted(markers),
        "org_markers": [school.name, b_branch.name, b_group.name], "b_person": b_chair, "extras": extras,
    }


# --- the test ------------------------------------------------------------------------------------------------------

def test_no_page_or_endpoint_leaks_another_unions_objects(two_unions, caplog):
    caplog.set_level(logging.ERROR, logger="django.request")  # thousands of expected 404s
    client, markers = two_unions["client"], two_unions["markers"]
    b_ids = dict(two_unions["b_ids"])
    b_ids.setdefault(two_unions["school"].pk, []).append("orgs.Organization (乙学校工会, id below the offset)")
    a_ids = two_unions["a_ids"]
    offset = two_unions["offset"]

    failures, checked, not_checked = [], [], []
    ghost = max(b_ids) + 1_000_000  # exists in no table
    baseline: dict[tuple[str, str], int] = {}
    requests = 0
    for display, template, kinds, entry in url_patterns():
        if _skipped(display):
            continue
        if not kinds:
            continue
        int_kwargs = [name for name, is_int in kinds.items() if is_int]
        if template is None or len(int_kwargs) != len(kinds):
            not_checked.append(f"{display} (kwargs that are not integers, or a route that cannot be built)")
            continue
        methods = _methods(entry)
        checked.append(f"{display} [{', '.join(m.upper() for m in methods)}]")
        fillings = [{name: pk for name in int_kwargs} for pk in b_ids]
        if len(int_kwargs) > 1:  # one B id at a time, the other kwargs holding A's own ids
            for slot, pk, other in itertools.product(int_kwargs, b_ids, a_ids):
                fillings.append({name: (pk if name == slot else other) for name in int_kwargs})
        for kwargs in fillings:
            url = "/" + template.format(**kwargs)
            try:
                match = resolve(url)
            except Resolver404:
                failures.append(f"{display}: built {url} does not resolve")
                break
            if match.func != entry.callback:
                break  # shadowed by an earlier pattern: not reachable
            # The same URL with every B id replaced by an id that exists nowhere: the answer must be the same,
            # or the difference tells that the object exists (a 403 here and a 404 there, say).
            ghost_url = "/" + template.format(**{k: (ghost if v > offset else v) for k, v in kwargs.items()})
            for method in methods:
                requests += 1
                try:
                    response = _request(client, method, url)
                except Exception as exc:  # noqa: BLE001 - a crash is a finding too
                    failures.append(f"{method.upper()} {url} raised {type(exc).__name__}: {exc}")
                    continue
                status = response.status_code
                leaked = _found(_body(response), markers + two_unions["org_markers"])
                what = f"(ids {kwargs}: {[b_ids.get(v, 'A') for v in kwargs.values()]})"
                if leaked:
                    failures.append(f"{method.upper()} {url} → {status} shows {leaked} {what}")
                elif all(pk < offset for pk in kwargs.values()):
                    continue  # an id below the offset may also be one of A's objects of another model
                elif status not in ALLOWED:
                    failures.append(f"{method.upper()} {url} → {status}, not 404 {what}")
                else:
                    if (ghost_url, method) not in baseline:
                        requests += 1
                        baseline[ghost_url, method] = _request(client, method, ghost_url).status_code
                    if baseline[ghost_url, method] != status:
                        failures.append(f"{method.upper()} {url} → {status} but {baseline[ghost_url, method]} for "
                                        f"an id that does not exist: the difference shows the object exists {what}")

    # Pages and endpoints without ids: the lists. Plain, and with B's name and ids as search and filters.
    b_person = two_unions["b_person"]
    probes = [{}, {"q": b_person.name}, {"q": b_person.id_number[-6:]}, {"search": b_person.name},
              {"org": two_unions["school"].pk}, {"person": b_person.pk}]
    for display, template, kinds, entry in url_patterns():
        if _skipped(display) or kinds or template is None or "logout" in display:
            continue
        url = "/" + template
        plain_only = entry.name in NO_PROBES
        checked.append(f"{display} [GET{'' if plain_only else f' with {len(probes)} probes'}]")
        for params in probes[:1] if plain_only else probes:
            requests += 1
            try:
                response = client.get(url, params)
            except Exception as exc:  # noqa: BLE001
                failures.append(f"GET {url} {params} raised {type(exc).__name__}: {exc}")
                continue
            # What the user typed is shown back in the search box: that is not a leak.
            leaked = _found(_body(response), [m for m in markers if m not in params.values()])
            if leaked:
                failures.append(f"GET {url} {params} → {response.status_code} shows {leaked}")
            if response.status_code >= 500:
                failures.append(f"GET {url} {params} → {response.status_code}")

    assert len(checked) > 20, checked  # the walk really found the project's URLs
    assert not failures, (
        f"{len(failures)} leak(s) or wrong answer(s) for another union's objects:\n  " + "\n  ".join(failures[:200])
        + f"\n\nChecked {len(checked)} URL patterns with {requests} requests, union-B ids "
        f"{sorted(b_ids)[:5]}… ({len(b_ids)} ids of {sorted({m for ms in b_ids.values() for m in ms})}); "
        f"extra union-B objects from {two_unions['extras'] or 'no app'}:\n  " + "\n  ".join(checked)
        + ("\nNot checked:\n  " + "\n  ".join(not_checked) if not_checked else "")
    )


# --- an upper union reads both, writes neither ---------------------------------------------------------------------

def test_upper_union_reads_both_unions_but_writes_neither(tree, make_person, make_user):
    from rest_framework.test import APIClient

    a = make_person(tree["company"], "甲司张工")
    b = make_person(tree["school"], "乙校甲老师")
    transfer = member_services.member_transfer_out(person=make_person(tree["company"], "甲司调出"),
                                                   to_org=tree["school"], on=datetime.date(2024, 3, 1))
    upper = make_user("upper_leak", Role.UPPER, tree["fed"])
    api = APIClient()
    api.force_login(upper)
    web = Client()
    web.force_login(upper)
    writes_before = AuditEntry.objects.filter(action__in=["create", "update", "delete"]).count()

    for person in (a, b):
        for suffix in ("", "memberships/", "events/", "family/", "transfers/"):
            assert api.get(f"/api/people/{person.pk}/{suffix}").status_code == 200, (person, suffix)
        assert web.get(f"/people/{person.pk}/").status_code == 200
    for org in (tree["company"], tree["school"], tree["fed"]):
        assert api.get(f"/api/orgs/{org.pk}/").status_code == 200
    assert {p["name"] for p in api.get("/api/people/").json()["results"]} >= {"甲司张工", "乙校甲老师"}
    assert api.get(f"/api/transfers/{transfer.pk}/").status_code == 200

    refused = []
    for person in (a, b):
        base = f"/api/people/{person.pk}/"
        attempts = [("patch", base, {"version": person.version, "note": "上级改"}),
                    ("post", base + "family/", {"relation": "child", "name": "某某"}),
                    ("post", base + "apply/", {}), ("post", base + "admit/", {}),
                    ("post", base + "reject-application/", {"note": "x"}),
                    ("post", base + "transfer-out/", {"to_org": tree["branch"].pk}),
                    ("post", base + "retire/", {}), ("post", base + "withdraw/", {"note": "x"}),
                    ("post", base + "death/", {})]
        for method, url, data in attempts:
            response = getattr(api, method)(url, data, format="json")
            if response.status_code != 403:
                refused.append(f"{method.upper()} {url} → {response.status_code}")
        for page in ("edit/", "family/add/", "membership/withdraw/", "membership/death/"):
            response = web.post(f"/people/{person.pk}/{page}", {"note": "x", "name": "x", "relation": "child"})
            if response.status_code not in (403, 404, 405):
                refused.append(f"POST /people/{person.pk}/{page} → {response.status_code}")
    for org in (tree["company"], tree["school"]):
        for method, url, data in [("patch", f"/api/orgs/{org.pk}/", {"version": org.version, "short_name": "x"}),
                                  ("post", f"/api/orgs/{org.pk}/close/", {"closed_on": "2024-01-01", "reason": "x"}),
                                  ("post", f"/api/orgs/{org.pk}/move/", {"new_parent": tree["fed"].pk})]:
            response = getattr(api, method)(url, data, format="json")
            if response.status_code != 403:
                refused.append(f"{method.upper()} {url} → {response.status_code}")
    for url, data in [("/api/people/", {"org": tree["school"].pk, "name": "新人", "gender": "M"}),
                      ("/api/orgs/", {"parent": tree["fed"].pk, "code": "UP", "name": "x", "kind": "grassroots"}),
                      (f"/api/transfers/{transfer.pk}/accept/", {}),
                      (f"/api/transfers/{transfer.pk}/reject/", {"note": "x"}),
                      (f"/api/transfers/{transfer.pk}/cancel/", {})]:
        response = api.post(url, data, format="json")
        if response.status_code != 403:
            refused.append(f"POST {url} → {response.status_code}")
    assert not refused, "an upper-union user could write (or got no clear 403/404):\n" + "\n".join(refused)
    assert AuditEntry.objects.filter(action__in=["create", "update", "delete"]).count() == writes_before
    assert AuditEntry.objects.filter(actor=upper, action__in=["create", "update", "delete"]).count() == 0
