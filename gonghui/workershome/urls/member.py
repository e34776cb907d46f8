"""URL patterns of the member's side (phone)."""
from django.urls import path

from ..views import member as views

urlpatterns = [
    path("my/books/", views.MyBooksView.as_view(), name="my_books"),
    path("my/books/<int:pk>/reserve/", views.MyReserveView.as_view(), name="my_reserve"),
    path("my/loans/", views.MyLoansView.as_view(), name="my_loans"),
    path("my/loans/<int:pk>/renew/", views.MyRenewView.as_view(), name="my_renew"),
    path("my/reservations/<int:pk>/cancel/", views.MyReservationCancelView.as_view(), name="my_reservation_cancel"),
    path("my/rooms/", views.MyRoomsView.as_view(), name="my_rooms"),
    path("my/rooms/<int:pk>/", views.MyRoomView.as_view(), name="my_room"),
    path("my/bookings/<int:pk>/cancel/", views.MyBookingCancelView.as_view(), name="my_booking_cancel"),
]
