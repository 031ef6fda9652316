"""The chart engine: plain data in, accessible SVG out, every number as text."""
import pytest

from netzwerk.dashboard.charts import Chart, Series, chart_svg, describe

pytestmark = pytest.mark.db_independent  # no database: checked in the SQLite run of `make test` only


def chart(**overrides) -> Chart:
    values = dict(key="probe", title="Anmeldungen & Plätze", description="Je Treffen.", category_label="Treffen",
                  categories=["Januar", "März"], series=[Series("Jobcenter", [3, 0]), Series("IHK", [2, None])])
    return Chart(**{**values, **overrides})


def test_svg_is_an_image_with_a_title_a_label_and_its_numbers_in_the_description():
    svg = chart_svg(chart(reference=("Kapazität", 40)), number=lambda value: f"<{value}>")
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-label="Anmeldungen &amp; Plätze"' in svg
    assert '<title id="probe-title">Anmeldungen &amp; Plätze</title>' in svg
    assert "Januar: Jobcenter &lt;3&gt;, IHK &lt;2&gt;; März: Jobcenter &lt;0&gt;, IHK –; Kapazität: &lt;40&gt;" in svg
    assert "<title>März, IHK" not in svg  # a missing value draws no bar
    assert "style=" not in svg and "<script" not in svg


def test_table_rows_carry_drawn_series_then_extra_columns():
    probe = chart(extra=[Series("Eingecheckt", [1, 1])])
    assert probe.header == ["Treffen", "Jobcenter", "IHK", "Eingecheckt"]
    assert probe.rows == [["Januar", 3, 2, 1], ["März", 0, None, 1]]
    assert "Eingecheckt" not in describe(probe)


def test_line_and_stacked_charts_and_empty_data():
    assert "<polyline" in chart_svg(chart(kind="line"))
    stacked = chart_svg(chart(kind="stacked"))
    assert stacked.count("<rect") == 2 + 3  # legend squares, then three bars
    empty = chart(categories=[], series=[])
    assert empty.is_empty and chart_svg(empty).endswith("</svg>")
