"""The parts the application is made of: each adds API routes, pages and a menu entry.

This list is the one place that wires the rules, simulator and review parts into the application.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter


@dataclass
class Parts:
    api_routers: list[APIRouter] = field(default_factory=list)
    page_routers: list[APIRouter] = field(default_factory=list)
    nav: list[tuple[str, str]] = field(default_factory=list)


def all_parts() -> Parts:
    """Every part shipped with csto, in menu order."""
    from csto.api.routes_review import router as review_api
    from csto.api.routes_rules import router as rules_api
    from csto.api.routes_sim import router as sim_api
    from csto.web.pages_review import router as review_pages
    from csto.web.pages_rules import router as rules_pages
    from csto.web.pages_sim import router as sim_pages

    return Parts(
        api_routers=[rules_api, sim_api, review_api],
        page_routers=[rules_pages, sim_pages, review_pages],
        nav=[("Rules", "/rules"), ("Simulator", "/simulate"), ("Review", "/review")],
    )
