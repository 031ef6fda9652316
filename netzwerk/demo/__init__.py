"""Realistic demo data for the programme "Ankommen in Deutschland" (all people invented)."""


def init_app(app) -> None:
    from .commands import seed_demo

    app.cli.add_command(seed_demo)
