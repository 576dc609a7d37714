"""What taqdir shows and publishes: Vega-Lite chart specifications (`charts`, plain dicts any
Vega-Lite renderer draws) and self-contained bilingual HTML reports (`html`, with the Vega
runtime bundled by `vega` so a report opens offline), and the brief: the situation assessment
itself as a document (`gather` its numbers, `brief_html` the HTML, `html_to_pdf` the PDF),
and what stands behind one scenario's score (`behind`: each indicator's value and evidence).

This is the face the command line and the dashboard import; `charts` is part of it as a
namespace of chart builders (`charts.scores(...)`, `charts.tornado(...)`).
"""

from engine.report import charts
from engine.report.brief import brief_html
from engine.report.brief_data import BriefData, Earlier, gather, samples_drawn
from engine.report.drill import Behind, behind
from engine.report.html import compare_report, spread_report, timeline_report
from engine.report.pdf import PdfUnavailable, html_to_pdf
from engine.report.pdf import missing as pdf_missing
from engine.report.pdf import unavailable as pdf_unavailable
from engine.report.vega import Bundle, bundle

__all__ = [
    "Behind",
    "BriefData",
    "Bundle",
    "Earlier",
    "PdfUnavailable",
    "behind",
    "brief_html",
    "bundle",
    "charts",
    "compare_report",
    "gather",
    "html_to_pdf",
    "pdf_missing",
    "pdf_unavailable",
    "samples_drawn",
    "spread_report",
    "timeline_report",
]
