"""The names documents print for the offices of the region tree (street offices sign notices and orders)."""

from __future__ import annotations

from .models import Region


def office_title(street: str, district: str = "", city: str = "北京市") -> str:
    """北京市东城区和平里街道办事处: a street (街道) is run by its office (办事处); a town or area by itself."""
    office = f"{street}办事处" if street.endswith("街道") else street
    return f"{city}{district}{office}" if district.endswith("区") else f"{district}{office}"


def street_office(street: Region) -> str:
    """The office of ``street`` (its district and city read through ``parent``; select them to save queries)."""
    district = street.parent
    city = district.parent if district is not None else None
    return office_title(street.name, district.name if district else "", city.name if city else "北京市")
