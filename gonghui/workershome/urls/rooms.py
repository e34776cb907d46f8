"""URL patterns of rooms and bookings."""
from django.urls import path

from ..views import rooms as views

urlpatterns = [
    path("rooms/", views.RoomListView.as_view(), name="room_list"),
    path("rooms/new/", views.RoomCreateView.as_view(), name="room_add"),
    path("rooms/<int:pk>/", views.RoomDetailView.as_view(), name="room_detail"),
    path("bookings/", views.BookingListView.as_view(), name="booking_list"),
    path("bookings/<int:pk>/cancel/", views.BookingCancelView.as_view(), name="booking_cancel"),
]
