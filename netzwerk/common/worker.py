"""What the background workers (`print-worker --loop`, `send-mail --loop`) also do each round: features register
their periodic steps here (scheduled mails), so whichever worker runs does them; each step must be safe to run in
several processes at once."""
from collections.abc import Callable

_steps: list[Callable[[], object]] = []


def every_round(step: Callable[[], object]) -> None:
    if step not in _steps:
        _steps.append(step)


def run_round(log=None) -> None:
    """Run every registered step; one that fails is logged and does not stop the others or the worker."""
    for step in _steps:
        try:
            step()
        except Exception:  # noqa: BLE001 - a worker keeps running; the step is retried next round
            if log is not None:
                log.exception("periodic step %s failed", getattr(step, "__name__", step))
