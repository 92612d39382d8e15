"""Registration numbers: unique, consecutive, reserved in bulk without overlap."""

import pytest

from minorworks.notices.lifecycle import next_notice_number
from minorworks.projects.numbering import next_project_number, next_project_numbers

pytestmark = pytest.mark.django_db


def test_numbers_are_consecutive_and_bulk_reservations_do_not_overlap():
    first = next_project_number("110101")
    batch = next_project_numbers("110101", 3)
    after = next_project_number("110101")
    assert first.startswith("DC") and len(first) == len("DC2026000001")
    numbers = [first, *batch, after]
    assert len(set(numbers)) == 5
    assert [int(n[-6:]) for n in numbers] == list(range(int(first[-6:]), int(first[-6:]) + 5))


def test_other_districts_use_their_code_and_notices_have_their_own_counter():
    assert next_project_number("110102").startswith("110102")
    assert next_notice_number("110101").startswith("DCGZ")
