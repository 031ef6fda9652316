"""placeholder"""


def init_app(app) -> None:
    pass
