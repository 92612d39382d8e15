"""Personal numbers are masked for lists and exports."""

import pytest

from minorworks.core.masking import mask_id_number, mask_phone


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
