"""netzwerk: network meetings and migration job fairs for municipal integration networks.

`create_app` lives in `netzwerk.app` and is loaded on first use: importing `netzwerk` (and so any pure engine
below it) does not load Flask.
"""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import create_app

__all__ = ["create_app"]


def __getattr__(name: str):
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
