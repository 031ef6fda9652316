"""Command line for people outside the app.

    python -m netzwerk.tables solve IN.json [--seconds S] [--seed N] [--previous PLAN.json --locked 0,1]

writes {"assignment": ..., "metrics": ..., "lower_bounds": ..., "upper_bounds": ..., "bound_notes": ...,
"moved": ..., "search": ...} as JSON to standard output. Invalid input ends with exit code 2 and one line on
standard error.
"""
from __future__ import annotations

import argparse
import json
import sys

from .assign import solve
from .instance import Instance, InstanceError

INVALID = 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m netzwerk.tables",
                                     description="Seat people at tables over several rounds (Tischgruppen).")
    commands = parser.add_subparsers(dest="command", required=True)
    solve_parser = commands.add_parser("solve", help="write a seating plan for IN.json as JSON to standard output")
    solve_parser.add_argument("input", metavar="IN.json")
    solve_parser.add_argument("--seconds", type=float, default=2.0, help="time box (default 2)")
    solve_parser.add_argument("--seed", type=int, default=0, help="same seed, same plan (default 0)")
    solve_parser.add_argument("--previous", metavar="PLAN.json",
                              help="an earlier output of solve: keep its seats in the --locked rounds")
    solve_parser.add_argument("--locked", default="", help="rounds already published, e.g. 0,1")
    solve_parser.add_argument("--workers", type=int, default=None, help="processes (default: up to 2 cores)")
    args = parser.parse_args(argv)
    try:
        instance = Instance.from_json(_read_json(args.input))
        previous = _previous(args.previous) if args.previous else None
        locked = _rounds(args.locked)
        if args.seconds <= 0:
            raise InstanceError(f"--seconds must be positive, got {args.seconds}")
        plan = solve(instance, seconds=args.seconds, seed=args.seed, previous=previous, locked_rounds=locked,
                     workers=args.workers)
    except InstanceError as error:
        print(f"{args.input}: {' '.join(str(error).split())}", file=sys.stderr)
        return INVALID
    result = plan.to_json()
    del result["conflicts"]  # the app highlights them; on the command line they drown the plan
    sys.stdout.write(_format(result) + "\n")
    return 0


def _format(result: dict) -> str:
    """Indented JSON with one line per person, so a plan of 600 people stays readable."""
    def dumps(value):
        return json.dumps(value, ensure_ascii=False)

    parts = []
    for key, value in result.items():
        if isinstance(value, dict) and value:
            lines = ",\n".join(f"  {dumps(name)}: {dumps(item)}" for name, item in value.items())
            parts.append(f" {dumps(key)}: {{\n{lines}\n }}")
        else:
            parts.append(f" {dumps(key)}: {dumps(value)}")
    return "{\n" + ",\n".join(parts) + "\n}"


def _read_json(path: str) -> object:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise InstanceError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InstanceError(f"{path} is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise InstanceError(f"malformed JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None


def _previous(path: str) -> dict:
    data = _read_json(path)
    assignment = data.get("assignment") if isinstance(data, dict) else None
    if not isinstance(assignment, dict) or not all(
            isinstance(row, list) and all(isinstance(t, str) for t in row) for row in assignment.values()):
        raise InstanceError(f"{path}: expected an object with \"assignment\": {{person id: [table id per round]}}")
    return assignment


def _rounds(text: str) -> set[int]:
    try:
        return {int(part) for part in text.split(",") if part.strip()}
    except ValueError:
        raise InstanceError(f"--locked must list round numbers like 0,1, got {text!r}") from None


if __name__ == "__main__":
    sys.exit(main())
