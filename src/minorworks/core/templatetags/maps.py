"""``{% map_picker form.latitude form.longitude %}``: a map that fills two coordinate fields.

One widget for every form with a site location (registration, leads; inspections and reports later). Without
JavaScript the widget stays hidden and the two inputs work as they are; without tiles (none configured, or no
network) the map is a coordinate grid on which a tap still places the point.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.forms import BoundField

register = template.Library()


@register.inclusion_tag("includes/map_picker.html")
def map_picker(latitude: BoundField, longitude: BoundField) -> dict[str, Any]:
    """The map for the two bound fields, with the tile source from the settings (MAP_TILE_URL …)."""
    return {
        "latitude": latitude,
        "longitude": longitude,
        "tile_url": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "subdomains": settings.MAP_TILE_SUBDOMAINS,
        "max_zoom": settings.MAP_TILE_MAX_ZOOM,
        "center": ",".join(str(x) for x in settings.MAP_CENTER),
        "zoom": settings.MAP_ZOOM,
    }
