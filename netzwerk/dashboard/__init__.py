"""What the network achieves: the workspace overview (the start page's numbers and tasks), a global search, a
person's history, and the network dashboard with accessible SVG charts (`charts.py`, pure), their tables, CSV/XLSX
exports and a yearly report PDF. Figures are counted in SQL (`figures.py`); other features add charts through
`services.add_chart_source` (feedback ratings)."""


def init_app(app) -> None:
    from ..networks.services import show_on_overview
    from .overview import overview
    from .routes import bp

    app.register_blueprint(bp)
    show_on_overview(overview)
