"""Reads of training, meetings and publicity, scoped to the user (ACTIVITIES_VIEW on the record's union)."""
from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q

from ..models import Article, Attendance, Course, CourseMaterial, Decision, Meeting, Newsletter


def _within(qs, within, field="org"):
    return qs.filter(**{f"{field}__path__startswith": within.path}) if within is not None else qs


def courses(user, perm=Perm.ACTIVITIES_VIEW, *, within=None) -> QuerySet[Course]:
    return _within(Course.objects.filter(org_q(user, perm)).select_related("org"), within).annotate(
        listed=Count("attendances"), signed=Count("attendances", filter=Q(attendances__signed_in=True)))


def course_get(user, pk, perm=Perm.ACTIVITIES_VIEW) -> Course:
    return get_object_or_404(courses(user, perm), pk=pk)


def attendances(course: Course) -> QuerySet[Attendance]:
    return course.attendances.select_related("person", "person__org").order_by("person__name_pinyin")


def materials(user, perm=Perm.ACTIVITIES_VIEW) -> QuerySet[CourseMaterial]:
    """Training materials of the courses the user may see (the download and delete read through this: 404 else)."""
    return CourseMaterial.objects.filter(org_q(user, perm, "course__org")).select_related("course", "course__org")


def material_get(user, pk, perm=Perm.ACTIVITIES_VIEW) -> CourseMaterial:
    return get_object_or_404(materials(user, perm), pk=pk)


def meetings(user, perm=Perm.ACTIVITIES_VIEW, *, within=None) -> QuerySet[Meeting]:
    return _within(Meeting.objects.filter(org_q(user, perm)).select_related("org"), within).annotate(
        n_decisions=Count("decisions"))


def meeting_get(user, pk, perm=Perm.ACTIVITIES_VIEW) -> Meeting:
    return get_object_or_404(meetings(user, perm), pk=pk)


def decisions(user, perm=Perm.ACTIVITIES_VIEW, *, within=None) -> QuerySet[Decision]:
    return _within(Decision.objects.filter(org_q(user, perm, "meeting__org")).select_related("meeting"),
                   within, "meeting__org")


def decision_get(user, pk, perm=Perm.ACTIVITIES_EDIT) -> Decision:
    return get_object_or_404(decisions(user, perm), pk=pk)


def overdue_decisions(user, *, within=None, day=None) -> QuerySet[Decision]:
    """Decisions past their due date and not done (the desk's to-do: one COUNT)."""
    return decisions(user, Perm.ACTIVITIES_EDIT, within=within).filter(done_on__isnull=True,
                                                                        due_on__lt=day or localdate())


def newsletters(user, perm=Perm.ACTIVITIES_VIEW, *, within=None) -> QuerySet[Newsletter]:
    return _within(Newsletter.objects.filter(org_q(user, perm)).select_related("org"), within)


def articles(user, perm=Perm.ACTIVITIES_VIEW, *, within=None) -> QuerySet[Article]:
    return _within(Article.objects.filter(org_q(user, perm)).select_related("org"), within)


def article_get(user, pk, perm=Perm.ACTIVITIES_EDIT) -> Article:
    return get_object_or_404(articles(user, perm), pk=pk)
