"""URL patterns of events (officer pages, the QR check-in, and the member's pages under m/)."""
from django.urls import path

from ..views import events as views
from ..views import member

urlpatterns = [
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/new/", views.EventCreateView.as_view(), name="event_add"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("events/<int:pk>/edit/", views.EventEditView.as_view(), name="event_edit"),
    path("events/<int:pk>/copy/", views.EventCopyView.as_view(), name="event_copy"),
    path("events/<int:pk>/cancel/", views.EventCancelView.as_view(), name="event_cancel"),
    path("events/<int:pk>/hold/", views.EventHoldView.as_view(), name="event_hold"),
    path("events/<int:pk>/cost/", views.EventCostView.as_view(), name="event_cost"),
    path("events/<int:pk>/team/", views.TeamCreateView.as_view(), name="team_add"),
    path("events/<int:pk>/award/", views.AwardCreateView.as_view(), name="award_add"),
    path("events/<int:pk>/do/<str:act>/", views.EventStateView.as_view(), name="event_act"),
    path("events/<int:pk>/signups/", views.SignupAdminView.as_view(), name="signup_admin"),
    path("events/<int:pk>/sheet/", views.SignInSheetView.as_view(), name="signin_sheet"),
    path("events/<int:pk>/checkin/", views.CheckinDeskView.as_view(), name="checkin_desk"),
    path("events/<int:pk>/photo/", views.PhotoUploadView.as_view(), name="photo_add"),
    path("photos/<int:pk>/", views.PhotoView.as_view(), name="photo"),
    path("checkin/<str:token>/", views.CheckinView.as_view(), name="checkin"),
    path("m/", member.OpenEventsView.as_view(), name="open_events"),
    path("m/mine/", member.MyEventsView.as_view(), name="my_events"),
    path("m/<int:pk>/", member.MemberEventView.as_view(), name="my_event"),
    path("m/<int:pk>/signup/", member.MemberSignupView.as_view(), name="my_signup"),
    path("m/<int:pk>/cancel/", member.MemberCancelView.as_view(), name="my_cancel"),
]
