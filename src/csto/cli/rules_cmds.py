"""``csto rules ...`` (provisions, reforms, cases, rotation checks) and ``csto decide``: parse, call, render."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from csto.cli.problems import database_problem, fail, os_problem, stdout
from csto.periods import DateError, parse_day

if TYPE_CHECKING:
    from csto.rules import RuleSet
    from csto.rules.records import Provision, Version
    from csto.store import KnowledgeBase

# The rules, the store, YAML and Rich (through csto.cli.rules_render) are imported inside the
# commands, so that the rest of the command line starts fast.
rules_app = typer.Typer(
    help="The Treaty and the Charter as executable rules: provisions, reforms, cases.", no_args_is_help=True
)

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
DbUrl = Annotated[
    str | None, typer.Option("--db", help="Database URL (default: CSTO_DATABASE_URL or the user data dir).")
]
Reforms = Annotated[list[str] | None, typer.Option("--reform", help="Apply a shipped reform (repeatable).")]
AsOf = Annotated[str | None, typer.Option("--as-of", help="Only what is in force on this date (YYYY-MM-DD).")]


@contextmanager
def _reported() -> Iterator[None]:
    """One clear line on stderr: exit code 2 for bad input, 1 for a broken store."""
    from sqlalchemy.exc import SQLAlchemyError

    from csto.rules import RulesError
    from csto.store import StoreError, UnknownEntityError

    try:
        yield
    except (RulesError, UnknownEntityError, DateError) as error:
        raise fail(str(error)) from None
    except StoreError as error:
        raise fail(str(error), 1) from None
    except OSError as error:
        raise fail(os_problem(error)) from None
    except SQLAlchemyError as error:
        raise fail(database_problem(error), 1) from None


def _rules(reforms: list[str] | None) -> RuleSet:
    from csto.rules import compose

    return compose(tuple(reforms or ()))


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def _shown(provision: Provision, at: date | None) -> list[Version]:
    """The version in force on ``at``, or every version when no date is given."""
    if at is None:
        return list(provision.versions)
    version = provision.at(at)
    return [version] if version is not None else []


@rules_app.command("list")
def list_provisions(as_of: AsOf = None, reform: Reforms = None, as_json: AsJson = False) -> None:
    """Every provision with its instrument, article and the dates each version is in force."""
    from csto.cli import rules_render as render
    from csto.rules.views import provision_dict

    with _reported():
        rules = _rules(reform)
        at = parse_day(as_of) if as_of else None
        provisions = sorted(rules.provisions.values(), key=lambda p: (p.start or date.min, p.id))
        if at is not None:
            rules.check_date(at)
            provisions = [p for p in provisions if p.at(at) is not None]
    if as_json:
        _print_json([provision_dict(rules, p, _shown(p, at)) for p in provisions])
    else:
        stdout().print(render.provisions_table(rules, provisions, at))


@rules_app.command("explain")
def explain(
    provision: Annotated[str, typer.Argument(help="Provision id (see `csto rules list`).")],
    as_of: AsOf = None,
    reform: Reforms = None,
    as_json: AsJson = False,
) -> None:
    """One provision: what it provides, each dated version, its instrument, parameters and sources."""
    from csto.cli import rules_render as render
    from csto.rules.views import provision_dict

    with _reported():
        rules = _rules(reform)
        p = rules.provision(provision)
        versions = [rules.version(provision, parse_day(as_of))] if as_of else list(p.versions)
    if as_json:
        _print_json(provision_dict(rules, p, versions))
    else:
        stdout().print(render.provision_panel(rules, p, versions))


@rules_app.command("reforms")
def list_reforms(as_json: AsJson = False) -> None:
    """The shipped reforms: what each changes, who proposed it, and where."""
    from csto.cli import rules_render as render
    from csto.rules import load_reforms, load_rules

    with _reported():
        reforms = list(load_reforms().values())
        rules = load_rules()
    if as_json:
        _print_json(
            [
                {
                    **r.record.model_dump(mode="json", exclude={"changes"}),
                    "changes": [c.model_dump(mode="json", exclude_none=True, by_alias=True) for c in r.record.changes],
                    "citations": [rules.sources[s].model_dump(exclude_none=True) for s in r.record.sources],
                }
                for r in reforms
            ]
        )
    else:
        stdout().print(render.reforms_table(rules, reforms))


@rules_app.command("cases")
def cases(reform: Reforms = None, as_json: AsJson = False, db: DbUrl = None) -> None:
    """Run every historical case and compare its outcome with the one the case expects."""
    from csto.cli import rules_render as render
    from csto.rules import check_case, load_cases, run_case
    from csto.store import open_store

    with _reported():
        rules = _rules(reform)
        kb = open_store(db)
        results = [(c, d, check_case(c, d)) for c in load_cases() for d in [run_case(c, kb, rules)]]
    if as_json:
        _print_json(
            [
                {
                    "case": c.id,
                    "expected": c.record.expected.outcome,
                    "decision": d.model_dump(mode="json"),
                    "problems": p,
                }
                for c, d, p in results
            ]
        )
    else:
        stdout().print(render.cases_table(f"Historical cases under {rules.name}", results))


@rules_app.command("diff")
def diff(
    reform: Annotated[str, typer.Option("--reform", help="The reform to compare with the baseline.")],
    start: Annotated[
        str | None, typer.Option("--from", help="Apply the reform from this date (default: 1994-04-20).")
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Also list the cases that do not change.")] = False,
    as_json: AsJson = False,
    db: DbUrl = None,
) -> None:
    """Which historical cases would have come out differently under a reform."""
    from csto.cli import rules_render as render
    from csto.rules import diff_cases, get_reform, load_rules
    from csto.store import open_store

    with _reported():
        chosen = get_reform(reform)
        day = parse_day(start) if start else load_rules().earliest
        results = diff_cases(chosen, open_store(db), day)
    changed = [r for r in results if r.changes]
    shown = results if show_all else changed
    if as_json:
        cases_out = [
            {
                "case": r.case.id,
                "before": r.before.outcome.value,
                "after": r.after.outcome.value,
                "changes": {k: {"before": b, "after": a} for k, (b, a) in r.changes.items()},
                "reason_after": r.after.reason,
            }
            for r in shown
        ]
        _print_json({"reform": chosen.name, "from": day.isoformat(), "changed": len(changed), "cases": cases_out})
        return
    title = f"{chosen.record.title} ({chosen.name}): {len(changed)} of {len(results)} cases change"
    console = stdout()
    console.print(render.diff_table(title, shown))
    console.print(f"[dim]proposed by {chosen.record.proposed_by} on {chosen.record.proposed_on}; applied from {day}[/]")


@rules_app.command("check")
def check(
    since: Annotated[
        int | None, typer.Option(min=1992, max=2100, help="First year (default: 2004 for chairs, 2015 for the SG).")
    ] = None,
    until: Annotated[int | None, typer.Option(min=1992, max=2100, help="Last year (default: this year).")] = None,
    post: Annotated[str, typer.Option(help="chair, secretary-general or both.")] = "both",
    only_disagreements: Annotated[bool, typer.Option("--disagreements", help="Only years that disagree.")] = False,
    as_json: AsJson = False,
    db: DbUrl = None,
) -> None:
    """The chairmanship and Secretary General derived by the rotation rules, beside the recorded facts."""
    from csto.cli import rules_render as render
    from csto.rules import check_chairmanship, check_secretary_general
    from csto.store import open_store

    if post not in ("chair", "secretary-general", "both"):
        raise fail(f"--post must be chair, secretary-general or both, not {post!r}")
    last = until or date.today().year
    if since is not None and since > last:
        raise fail(f"--since {since} is after --until {last}")
    with _reported():
        kb = open_store(db)
        checks = check_chairmanship(kb, since or 2004, last) if post in ("chair", "both") else []
        if post in ("secretary-general", "both"):
            checks += check_secretary_general(kb, since or 2015, last)
    shown = [c for c in checks if c.disagreement] if only_disagreements else checks
    if as_json:
        _print_json([c.as_dict() for c in shown])
        return
    console = stdout()
    console.print(
        render.check_table(f"Derived vs recorded, to {last}" + (" (this year)" if until is None else ""), shown)
    )
    console.print(f"{sum(c.disagreement for c in checks)} year(s) where the record and the rules disagree")


def _pairs(items: list[str] | None, option: str) -> dict[str, str]:
    from csto.rules import RulesError

    out: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise RulesError(f"{option} {item!r}: expected STATE=VALUE")
        out[key.strip()] = value.strip()
    return out


def _read_file(path: Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, str] | None]:
    import yaml

    from csto.rules import RulesError

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise RulesError(f"--file {path}: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise RulesError(
            f"--file {path}: not UTF-8 text (byte {error.start}: 0x{error.object[error.start]:02x})"
        ) from None
    except yaml.YAMLError as error:
        raise RulesError(f"--file {path}: not valid YAML or JSON: {' '.join(str(error).split())}") from None
    if not isinstance(data, dict) or not isinstance(data.get("proposal"), dict):
        raise RulesError(f"--file {path}: expected a mapping with a `proposal` mapping (and `positions`, `membership`)")
    unknown = set(data) - {"proposal", "positions", "membership"}
    if unknown:
        raise RulesError(f"--file {path}: unknown key(s) {sorted(unknown)}")
    return dict(data["proposal"]), dict(data.get("positions") or {}), data.get("membership")


def decide_command(
    kind: Annotated[str | None, typer.Option(help="collective_assistance, suspension, document_adoption, ...")] = None,
    on: Annotated[str | None, typer.Option("--date", help="Date of the decision (YYYY-MM-DD).")] = None,
    body: Annotated[str | None, typer.Option(help="Deciding body (CSC, CFM, CMD, CSSC or its id).")] = None,
    requester: Annotated[str | None, typer.Option(help="Requesting or sponsoring state.")] = None,
    subject: Annotated[
        str | None, typer.Option(help="State the proposal is about (suspended, admitted, host).")
    ] = None,
    aggressor: Annotated[str | None, typer.Option(help="Attacking state, if any.")] = None,
    threat: Annotated[
        str | None, typer.Option(help="external_aggression, armed_attack, member_aggression, ...")
    ] = None,
    territory: Annotated[list[str] | None, typer.Option(help="Where forces would act (repeatable).")] = None,
    un_mandate: Annotated[bool, typer.Option("--un-mandate", help="A UN Security Council mandate exists.")] = False,
    forces: Annotated[str | None, typer.Option(help="peacekeeping or crrf.")] = None,
    third_party: Annotated[str | None, typer.Option(help="Non-member state or bloc concerned.")] = None,
    position: Annotated[list[str] | None, typer.Option(help="STATE=POSITION (repeatable).")] = None,
    member: Annotated[list[str] | None, typer.Option(help="STATE=STATUS; membership not read from the db.")] = None,
    file: Annotated[Path | None, typer.Option(help="YAML/JSON with `proposal`, `positions`, `membership`.")] = None,
    reform: Reforms = None,
    as_json: AsJson = False,
    db: DbUrl = None,
) -> None:
    """Decide a proposal: positions in, an outcome with its trace, article by article, out."""
    from csto.cli import rules_render as render
    from csto.rules import decide
    from csto.rules.views import resolve_names
    from csto.store import open_store

    with _reported():
        proposal, positions, membership = _read_file(file) if file else ({}, {}, None)
        given = {"kind": kind, "date": on, "body": body, "requester": requester, "subject": subject}
        given |= {"aggressor": aggressor, "threat": threat, "forces": forces, "third_party": third_party}
        proposal |= {k: v for k, v in given.items() if v is not None}
        proposal |= {"territory": territory} if territory else {}
        proposal |= {"un_mandate": True} if un_mandate else {}
        positions |= _pairs(position, "--position")
        membership = _pairs(member, "--member") if member else membership
        kb: KnowledgeBase | None = None if membership is not None else open_store(db)
        if kb is not None:
            proposal, positions = resolve_names(proposal, positions, kb)
        if membership is not None:
            decision = decide(proposal, positions, membership, _rules(reform))
        else:
            assert kb is not None
            decision = decide(proposal, positions, kb, _rules(reform))
    if as_json:
        print(decision.model_dump_json(indent=2))
    else:
        stdout().print(render.render_decision(decision))
