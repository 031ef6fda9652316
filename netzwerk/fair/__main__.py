"""`python -m netzwerk.fair schedule IN.json`: the scheduler outside the app; JSON in, JSON on stdout.

Exit codes: 0 done, 2 bad input (one line on stderr naming the field).
"""
import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from .instance import InstanceError, instance_from_dict
from .schedule import schedule


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message}\n")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m netzwerk.fair", description="Interview slots for a Migrationsmesse.")
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("schedule", help="plan interviews; writes JSON to stdout")
    command.add_argument("input", help="the fair as JSON (see README), or - for stdin")
    command.add_argument("--seconds", type=_seconds, default=2.0,
                         help="solver budget when availability windows need CP-SAT (default 2)")
    args = parser.parse_args(argv)
    try:
        instance = instance_from_dict(_load(args.input))
    except InstanceError as error:
        print(f"{args.input}: {error}", file=sys.stderr)
        return 2
    plan = schedule(instance, seconds=args.seconds)
    output = {
        "interviews": [{**asdict(interview), "start_minute": interview.slot * instance.slot_minutes}
                       for interview in plan.interviews],
        "unscheduled": [asdict(wish) for wish in plan.unscheduled],
        "metrics": asdict(plan.metrics),
    }
    sys.stdout.write(_dumps(output))
    return 0


def _dumps(output: dict) -> str:
    """Indented JSON with one interview (or wish) per line: easy to read and to diff."""
    line = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
    parts = []
    for key, value in output.items():
        if isinstance(value, list):
            items = ",\n".join(f"    {line(item)}" for item in value)
            parts.append(f"  {line(key)}: [\n{items}\n  ]" if value else f"  {line(key)}: []")
        else:
            parts.append(f"  {line(key)}: {line(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected seconds (0 or more), got {text!r}")
    return value


def _load(path: str) -> object:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InstanceError(f"cannot read: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise InstanceError("not UTF-8 text") from error
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as error:
        raise InstanceError(f"not valid JSON: {error}") from error
    except RecursionError as error:
        raise InstanceError("not valid JSON: nested too deeply") from error


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    data = dict(pairs)
    if len(data) < len(pairs):
        seen = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise InstanceError(f"key {twice!r} appears twice in one object")
    return data


if __name__ == "__main__":
    sys.exit(main())
