"""Reads of suggestions: officers' (ACHIEVE_VIEW scope), the panel's (their union's open ones), the author's own."""
from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q

from ..models import PanelMember, Suggestion, SuggestionCriterion

S = Suggestion.State


def suggestions(user, perm: str = Perm.ACHIEVE_VIEW, *, within=None) -> QuerySet[Suggestion]:
    qs = Suggestion.objects.filter(org_q(user, perm)).select_related("org", "author")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs


def suggestion_get(user, pk, perm: str = Perm.ACHIEVE_VIEW) -> Suggestion:
    return get_object_or_404(suggestions(user, perm), pk=pk)


def for_panel(user) -> QuerySet[Suggestion]:
    """Suggestions of the unions whose review panel the user's person sits on now (one query with a subquery)."""
    if not getattr(user, "person_id", None):
        return Suggestion.objects.none()
    unions = PanelMember.objects.filter(person_id=user.person_id, until__isnull=True).values("org_id")
    return Suggestion.objects.filter(union_id__in=unions).select_related("org", "author")


def panel_get(user, pk) -> Suggestion:
    return get_object_or_404(for_panel(user), pk=pk)


def to_score(user, *, within=None) -> QuerySet[Suggestion]:
    """Open suggestions a panel member has not scored yet and is not an author of (the 待评审 to-do)."""
    qs = for_panel(user).filter(state__in=(S.SUBMITTED, S.REVIEWING)).exclude(
        scores__reviewer_id=user.person_id).exclude(author_id=user.person_id).exclude(
        coauthors__person_id=user.person_id)
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs


def to_decide(user, *, within=None) -> QuerySet[Suggestion]:
    """Officers: suggestions scored and waiting for a grade, or graded and waiting for adoption."""
    qs = suggestions(user, Perm.ACHIEVE_EDIT, within=within)
    return qs.filter(Q(state=S.REVIEWING) | Q(state=S.GRADED))


def unscored(user, *, within=None, on=None, days: int = 30) -> QuerySet[Suggestion]:
    """Officers: suggestions submitted `days` days ago or more (by `on`, default today) that nobody has scored yet."""
    import datetime

    from django.utils.timezone import localdate

    day = (on or localdate()) - datetime.timedelta(days=days)
    return suggestions(user, Perm.ACHIEVE_EDIT, within=within).filter(state=S.SUBMITTED, submitted_on__lte=day)


def mine(user) -> QuerySet[Suggestion]:
    """The suggestions the user's person raised or co-authored."""
    if not getattr(user, "person_id", None):
        return Suggestion.objects.none()
    return Suggestion.objects.filter(Q(author_id=user.person_id) | Q(coauthors__person_id=user.person_id)).distinct()


def mine_get(user, pk) -> Suggestion:
    return get_object_or_404(mine(user).select_related("org", "author"), pk=pk)


def criteria(union) -> QuerySet[SuggestionCriterion]:
    return SuggestionCriterion.objects.filter(org=union, active=True).order_by("order", "id")
