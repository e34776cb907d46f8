"""Masking keeps enough to recognise a record and hides at least half of any number."""
import pytest

from gonghui.core.masking import mask_id_number


def test_resident_id_numbers_keep_region_and_last_four():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("110105491231002") == "110105*****1002"


@pytest.mark.parametrize("value", ["E12345678", "H123456789", "M1234567", "1234567", "12345678901234"])
def test_short_numbers_hide_at_least_half(value):
    masked = mask_id_number(value)
    assert len(masked) == len(value) and masked != value
    assert masked.count("*") * 2 >= len(value)


@pytest.mark.parametrize("value", ["", None, "12", "123456"])
def test_tiny_values_are_hidden_whole(value):
    assert mask_id_number(value) == "*" * len(value or "")
