"""Registration and record numbers: DC2026000123, DCJC2026000123 (district prefix, letters, year, sequence)."""

from __future__ import annotations

from django.utils import timezone

from minorworks.core.sequences import next_value, next_values

DISTRICT_PREFIX = {"110101": "DC"}  # Dongcheng; other districts fall back to their code


def prefix_for(district_code: str) -> str:
    """The letters that start the registration numbers of a district."""
    return DISTRICT_PREFIX.get(district_code, district_code)


def next_project_number(district_code: str) -> str:
    """A new, unique registration number for a project of the district."""
    year = timezone.localdate().year
    prefix = prefix_for(district_code)
    return f"{prefix}{year}{next_value(f'project-{prefix}-{year}'):06d}"


def next_project_numbers(district_code: str, count: int) -> list[str]:
    """``count`` new registration numbers of the district, reserved in one step."""
    year = timezone.localdate().year
    prefix = prefix_for(district_code)
    return [f"{prefix}{year}{value:06d}" for value in next_values(f"project-{prefix}-{year}", count)]


def next_record_number(letters: str, district_code: str) -> str:
    """A new number for a record of the district, e.g. DCJC2026000123 for an inspection (letters "JC")."""
    year = timezone.localdate().year
    prefix = prefix_for(district_code)
    return f"{prefix}{letters}{year}{next_value(f'{letters.lower()}-{prefix}-{year}'):06d}"


def next_record_numbers(letters: str, district_code: str, count: int) -> list[str]:
    """``count`` new record numbers of the district, reserved in one step."""
    year = timezone.localdate().year
    prefix = prefix_for(district_code)
    values = next_values(f"{letters.lower()}-{prefix}-{year}", count) if count else range(0)
    return [f"{prefix}{letters}{year}{value:06d}" for value in values]
