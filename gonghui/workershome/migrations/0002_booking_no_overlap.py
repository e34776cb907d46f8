"""No two active bookings of one room overlap — held by PostgreSQL itself: the btree_gist extension and an exclusion
constraint on (room =, tstzrange(starts_at, ends_at, '[)') &&) where the booking is active.

On SQLite both operations do nothing (SQLite has no exclusion constraints; the booking service takes the write lock
first instead: see services/rooms.py). The constraint is not in the model's Meta, so that SQLite's table rebuilds
never try to write it; the operation keeps no migration state for the same reason."""
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations
from django.db.models import Func, Q

NAME = "workershome_booking_no_overlap"


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def constraint():
    return ExclusionConstraint(
        name=NAME,
        expressions=[("room", RangeOperators.EQUAL),
                     (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS)],
        condition=Q(status="active"),
    )


class PostgresOnlyConstraint(migrations.operations.base.Operation):
    reduces_to_sql = True
    reversible = True

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(app_label, "Booking")
        schema_editor.add_constraint(model, constraint())

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = from_state.apps.get_model(app_label, "Booking")
        schema_editor.remove_constraint(model, constraint())

    def describe(self):
        return "Exclusion constraint: no overlapping active bookings of a room (PostgreSQL only)"


class Migration(migrations.Migration):
    dependencies = [("workershome", "0001_reading_room_rooms_equipment")]

    operations = [BtreeGistExtension(), PostgresOnlyConstraint()]
