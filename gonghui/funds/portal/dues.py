"""Dues on the member's phone (我的会费): filled by the dues part."""
