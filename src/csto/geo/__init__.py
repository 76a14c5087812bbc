"""Geography: which state's internationally recognized territory holds a point.

``state_at(lat, lon)`` answers from Natural Earth 1:10m admin-0 polygons (``borders.json``, made by
``scripts/make_territory.py``), corrected to recognized borders, and reports the disputed, occupied or
contested areas the dataset records at that point. This package imports neither the dataset nor the
store; the simulator and the store may import it.
"""

from csto.geo.territory import AreaNote, Borders, TerritoryAnswer, TerritoryError, borders, state_at

__all__ = ["AreaNote", "Borders", "TerritoryAnswer", "TerritoryError", "borders", "state_at"]
