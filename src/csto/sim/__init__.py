"""The crisis-response simulator: how the Organization would answer a member's request for help.

A scenario (``sim/scenarios/*.yaml``, shipped in the package) is compiled against the knowledge
base and the rules engine (``build``), then drawn many times at once as NumPy arrays
(``Simulator``). Historical scenarios are backtested against the dataset (``backtest``); any
parameter can be swept (``sweep``).
"""

from csto.sim.backtest import BacktestReport, actual_outcome, backtest
from csto.sim.errors import ContextError, ParameterError, ScenarioError, SimulationError
from csto.sim.params import Parameters, load_parameters, with_overrides
from csto.sim.results import SimulationResult
from csto.sim.run import Simulator, build, simulate
from csto.sim.scenario import (
    Basis,
    CrisisKind,
    Measure,
    Scenario,
    ScenarioRegistry,
    UnknownScenarioError,
    find_scenario,
    list_scenarios,
    load_scenario,
)
from csto.vocabulary import CrisisOutcome

__all__ = [
    "BacktestReport",
    "Basis",
    "ContextError",
    "CrisisKind",
    "CrisisOutcome",
    "Measure",
    "ParameterError",
    "Parameters",
    "Scenario",
    "ScenarioError",
    "ScenarioRegistry",
    "SimulationError",
    "SimulationResult",
    "Simulator",
    "UnknownScenarioError",
    "actual_outcome",
    "backtest",
    "build",
    "find_scenario",
    "list_scenarios",
    "load_parameters",
    "load_scenario",
    "simulate",
    "with_overrides",
]
