"""URL patterns of training, meetings and publicity."""
from django.urls import path

from ..views import calendar
from ..views import other as views

urlpatterns = [
    path("calendar/", calendar.CalendarLinkView.as_view(), name="calendar"),
    path("calendar/<str:token>.ics", calendar.ics, name="ics"),
    path("training/", views.CourseListView.as_view(), name="course_list"),
    path("training/new/", views.CourseCreateView.as_view(), name="course_add"),
    path("training/<int:pk>/", views.CourseDetailView.as_view(), name="course_detail"),
    path("training/<int:pk>/do/", views.CourseActView.as_view(), name="course_act"),
    path("training/materials/<int:pk>/", views.MaterialView.as_view(), name="course_material"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/new/", views.MeetingCreateView.as_view(), name="meeting_add"),
    path("meetings/decisions/", views.DecisionListView.as_view(), name="decision_list"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("meetings/<int:pk>/minutes/", views.MinutesPrintView.as_view(), name="meeting_minutes"),
    path("meetings/<int:pk>/decision/", views.DecisionAddView.as_view(), name="decision_add"),
    path("decisions/<int:pk>/done/", views.DecisionDoneView.as_view(), name="decision_done"),
    path("publicity/newsletters/", views.NewsletterListView.as_view(), name="newsletter_list"),
    path("publicity/newsletters/new/", views.NewsletterCreateView.as_view(), name="newsletter_add"),
    path("publicity/articles/", views.ArticleListView.as_view(), name="article_list"),
    path("publicity/articles/new/", views.ArticleCreateView.as_view(), name="article_add"),
    path("publicity/articles/<int:pk>/decide/", views.ArticleDecideView.as_view(), name="article_decide"),
]
