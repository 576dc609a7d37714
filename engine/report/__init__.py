"""What taqdir shows and publishes: Vega-Lite chart specifications (`charts`, plain dicts any
Vega-Lite renderer draws) and self-contained bilingual HTML reports (`html`, with the Vega
runtime bundled by `vega` so a report opens offline).

This is the face the command line and the dashboard import; `charts` is part of it as a
namespace of chart builders (`charts.scores(...)`, `charts.tornado(...)`).
"""

from engine.report import charts
from engine.report.html import compare_report, spread_report, timeline_report
from engine.report.vega import Bundle, bundle

__all__ = ["Bundle", "bundle", "charts", "compare_report", "spread_report", "timeline_report"]
