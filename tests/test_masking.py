"""Personal numbers are masked for lists and exports."""

import pytest

from minorworks.core.masking import mask_id_number, mask_numbers_in, mask_phone


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("13812345678", "138****5678"),
        ("", ""),
        (None, ""),
        ("1234567", "*******"),
        ("010-65123456", "010*****3456"),
    ],
)
def test_mask_phone(raw, masked):
    assert mask_phone(raw) == masked


@pytest.mark.parametrize(
    ("raw", "masked"),
    [("110101199001011234", "1101**********1234"), ("11010119900101123X", "1101**********123X"), ("", "")],
)
def test_mask_id_number(raw, masked):
    assert mask_id_number(raw) == masked


def test_numbers_in_free_text_are_masked_and_record_numbers_kept():
    text = "联系13812345678或010-65123456，身份证11010519491231002X；登记DC2026000123，投资1,000,000元，街道110101010"
    assert mask_numbers_in(text) == (
        "联系138****5678或010*****3456，身份证1101**********002X；登记DC2026000123，投资1,000,000元，街道110101010"
    )
    assert mask_numbers_in("") == ""
