"""Exports of the people list. (To be completed: streamed .xlsx and a printable roster.)"""
from django.http import Http404


def export_people(request, queryset, fmt):
    raise Http404("导出功能尚未完成")
