"""The transit graph: routes, the airspace they need, and the adversary's refusal."""

from __future__ import annotations

import math
from datetime import date

from csto.sim.params import Parameters
from csto.sim.transit import build_graph, great_circle_km, plan_routes

MEMBERS = ("armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan")
YEREVAN = (40.18, 44.51)
ALMATY = (43.24, 76.95)


def test_great_circle_distance() -> None:
    assert math.isclose(great_circle_km((55.76, 37.62), (43.24, 76.95)), 3100, rel_tol=0.03)
    assert great_circle_km((0, 0), (0, 0)) == 0


def test_graph_has_borders_and_seas(params: Parameters) -> None:
    graph = build_graph(params.operations)
    assert graph.has_edge("russia", "kazakhstan") and graph.edges["russia", "kazakhstan"]["land"]
    assert graph.has_edge("iran", "caspian-sea") and not graph.edges["iran", "caspian-sea"]["land"]
    assert not graph.has_edge("russia", "armenia")


def test_reaching_armenia_needs_a_non_members_airspace(params: Parameters) -> None:
    transit = frozenset(m for m in MEMBERS if m != "armenia")
    plan = plan_routes(params.operations, date(2022, 9, 13), MEMBERS, transit, "armenia", YEREVAN, "azerbaijan")
    russia = plan.routes[MEMBERS.index("russia")]
    assert russia and all(route.needs for route in russia)
    assert {"georgia", "iran"} <= {n for route in russia for n in route.needs}
    probability = dict(zip(plan.permitters, plan.probability, strict=True))
    assert probability["azerbaijan"] == 0.0, "the adversary never lets forces through"
    assert probability["georgia"] < 0.1 < probability["iran"]
    assert [r.hours for r in russia] == sorted(r.hours for r in russia)
    assert plan.routes[MEMBERS.index("armenia")] == (), "the requester needs no route"


def test_reaching_almaty_stays_on_members_territory(params: Parameters) -> None:
    plan = plan_routes(params.operations, date(2022, 1, 5), MEMBERS, frozenset(MEMBERS), "kazakhstan", ALMATY, None)
    russia = plan.routes[MEMBERS.index("russia")]
    assert len(russia) == 1 and russia[0].mode == "air" and not russia[0].needs
    assert 5 < russia[0].hours < 10
    kyrgyz = plan.routes[MEMBERS.index("kyrgyzstan")]
    assert kyrgyz[0].hours < 10 and not kyrgyz[0].needs
    belarus = plan.routes[MEMBERS.index("belarus")]
    assert belarus[0].nodes == ("belarus", "russia", "kazakhstan")
    assert belarus[0].hours > russia[0].hours, "crossing a member adds its clearance time"
