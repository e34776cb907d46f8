from django.urls import path

from . import views_dashboard as views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("figures/<str:code>/", views.figure_records, name="figure_records"),
]
