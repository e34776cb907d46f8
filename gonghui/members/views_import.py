"""The roster import wizard. (To be completed: upload → preview with errors → commit.)"""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def import_start(request):
    return render(request, "members/import_start.html", {"title": "花名册导入"})
