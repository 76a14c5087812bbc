"""Transit and arrival: a graph of territories, land borders and air corridors (networkx).

Air routes follow chains of neighbouring airspaces (a shared land border, or a sea both touch);
land routes follow land borders. A route that crosses a non-member's territory needs that
state's permission, which each draw grants or refuses with the probability the parameters give;
the adversary never grants it. Travel time comes from great-circle legs, speed and handling.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from itertools import islice, pairwise

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from csto.sim.errors import ContextError
from csto.sim.params import OperationParams, dated_value

EARTH_KM = 6371.0
MAX_AIR_ROUTES = 6
MAX_HOPS = 6


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Route:
    contributor: str
    mode: str
    nodes: tuple[str, ...]
    km: float
    hours: float
    needs: tuple[str, ...]

    @property
    def label(self) -> str:
        via = " → ".join(self.nodes)
        need = f"; needs {', '.join(self.needs)}" if self.needs else ""
        return f"{self.mode} {via} ({self.km:,.0f} km, {self.hours:.1f} h{need})"


@dataclass(frozen=True)
class TransitPlan:
    """Routes for each member towards the place of the crisis, as arrays for the simulator.

    Each member's routes are sorted from fastest to slowest, so the first one whose permissions
    are all granted is the one taken. ``hours[i, r]`` is the travel time of member ``i``'s route
    ``r`` (inf where there is none);
    ``needs[i, r, k]`` says the route needs the permission of ``permitters[k]``, granted with
    probability ``probability[k]``.
    """

    members: tuple[str, ...]
    routes: tuple[tuple[Route, ...], ...]
    permitters: tuple[str, ...]
    probability: NDArray[np.float64]
    hours: NDArray[np.float64]
    needs: NDArray[np.bool_]
    air: NDArray[np.bool_]
    needs_bits: NDArray[np.int64]


def build_graph(ops: OperationParams) -> nx.Graph[str]:
    """Territories and seas as nodes; edges carry ``land`` (a land border) and ``air`` flags."""
    graph: nx.Graph[str] = nx.Graph()
    for name, node in ops.geography.nodes.items():
        graph.add_node(name, sea=node.sea)
    for a, b in ops.geography.land_borders:
        graph.add_edge(
            a, b, land=True, air=True, km=great_circle_km(_point(ops, a, "transit"), _point(ops, b, "transit"))
        )
    for a, b in ops.geography.sea_access:
        graph.add_edge(
            a, b, land=False, air=True, km=great_circle_km(_point(ops, a, "transit"), _point(ops, b, "transit"))
        )
    return graph


def _point(ops: OperationParams, node: str, role: str) -> tuple[float, float]:
    spec = ops.geography.nodes[node]
    if role == "origin":
        return spec.origin or spec.point
    return spec.transit or spec.point


def _length(ops: OperationParams, path: list[str], target: tuple[float, float]) -> float:
    points = [_point(ops, path[0], "origin"), *(_point(ops, n, "transit") for n in path[1:-1]), target]
    return sum(great_circle_km(a, b) for a, b in pairwise(points))


def plan_routes(
    ops: OperationParams,
    at: date,
    members: tuple[str, ...],
    transit_members: frozenset[str],
    destination: str,
    target: tuple[float, float],
    adversary: str | None,
) -> TransitPlan:
    """Every member's candidate routes to ``target`` in ``destination``'s territory on ``at``."""
    graph = build_graph(ops)
    if destination not in graph:
        raise ContextError(f"{destination!r} is not a node of the transit geography (operations.yaml)")
    air_graph = graph
    land_graph = graph.edge_subgraph([(a, b) for a, b, d in graph.edges(data=True) if d["land"]]).copy()
    routes: list[tuple[Route, ...]] = []
    for member in members:
        found: list[Route] = []
        if member in graph and member != destination:
            found += _air_routes(ops, air_graph, member, destination, target, transit_members)
            found += _land_route(ops, land_graph, member, destination, target, transit_members)
        found.sort(key=lambda r: r.hours)
        free = next((i for i, r in enumerate(found) if not r.needs), None)
        # a route slower than the fastest one needing no permission is never taken
        routes.append(tuple(found if free is None else found[: free + 1]))
    permitters = tuple(sorted({n for rs in routes for r in rs for n in r.needs}))
    default = ops.permission.default.value
    probability = np.array(
        [
            0.0 if p == adversary else float(dated_value(ops.permission.states.get(p, []), at, default) or 0.0)
            for p in permitters
        ]
    )
    width = max((len(r) for r in routes), default=0) or 1
    hours = np.full((len(members), width), np.inf)
    needs = np.zeros((len(members), width, max(len(permitters), 1)), dtype=bool)
    air = np.zeros((len(members), width), dtype=bool)
    for i, options in enumerate(routes):
        for r, route in enumerate(options):
            hours[i, r] = route.hours
            air[i, r] = route.mode == "air"
            for need in route.needs:
                needs[i, r, permitters.index(need)] = True
    needs_bits = (needs.astype(np.int64) << np.arange(needs.shape[2], dtype=np.int64)).sum(axis=2)
    return TransitPlan(members, tuple(routes), permitters, probability, hours, needs, air, needs_bits)


def _needs(graph: nx.Graph[str], path: list[str], transit_members: frozenset[str]) -> tuple[tuple[str, ...], bool]:
    between = path[1:-1]
    needs = tuple(n for n in between if not graph.nodes[n]["sea"] and n not in transit_members)
    crosses_member = any(n in transit_members for n in between)
    return needs, crosses_member


def _hours(ops: OperationParams, base: float, needs: tuple[str, ...], crosses_member: bool) -> float:
    hours = base
    if needs:
        hours += ops.permission.hours.value
    if crosses_member:
        hours += ops.permission.member_transit_hours.value
    return hours


def _air_routes(
    ops: OperationParams,
    graph: nx.Graph[str],
    source: str,
    destination: str,
    target: tuple[float, float],
    transit_members: frozenset[str],
) -> list[Route]:
    found = []
    paths = nx.shortest_simple_paths(graph, source, destination, weight="km")
    for path in islice(paths, 300):
        if len(path) - 2 > MAX_HOPS:
            break
        km = _length(ops, path, target)
        needs, crosses = _needs(graph, path, transit_members)
        flight = km / ops.airlift.speed_kmh.value + ops.airlift.ground_hours.value
        found.append(Route(source, "air", tuple(path), km, _hours(ops, flight, needs, crosses), needs))
    # keep the routes no other route beats on both time and permissions needed
    kept: list[Route] = []
    for route in sorted(found, key=lambda r: (r.hours, len(r.needs))):
        if not any(set(k.needs) <= set(route.needs) for k in kept):
            kept.append(route)
    return kept[:MAX_AIR_ROUTES]


def _land_route(
    ops: OperationParams,
    graph: nx.Graph[str],
    source: str,
    destination: str,
    target: tuple[float, float],
    transit_members: frozenset[str],
) -> list[Route]:
    if source not in graph or destination not in graph or not nx.has_path(graph, source, destination):
        return []
    path = nx.shortest_path(graph, source, destination, weight="km")
    km = _length(ops, path, target) * ops.land.circuity.value
    if km > ops.land.max_km.value:
        return []
    needs, crosses = _needs(graph, path, transit_members)
    drive = km / ops.land.speed_kmh.value
    return [Route(source, "land", tuple(path), km, _hours(ops, drive, needs, crosses), needs)]
