"""How batch runs look in the terminal: the progress bar (stderr) and the summary tables,
with labels in English or Arabic. Shared by `taqdir batch` and `taqdir runs`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from engine.cli.common import console, terminal_width
from engine.cli.tables import render
from indicators.bidi import isolate

if TYPE_CHECKING:
    from engine.runs import Run, RunRecord

LABELS = {
    "rows": {"en": "rows", "ar": "صفوف"},
    "run": {"en": "Run", "ar": "التشغيل"},
    "profile": {"en": "Profile", "ar": "ملف الأوزان"},
    "method": {"en": "Method", "ar": "الطريقة"},
    "distribution": {"en": "Tier distribution (variants)", "ar": "توزيع المستويات (المتغيرات)"},
    "extremes": {"en": "Highest and lowest variants", "ar": "أعلى المتغيرات وأدناها"},
    "which": {"en": "", "ar": ""},
    "highest": {"en": "highest", "ar": "الأعلى"},
    "lowest": {"en": "lowest", "ar": "الأدنى"},
    "variant": {"en": "Variant", "ar": "المتغير"},
    "from": {"en": "From", "ar": "المصدر"},
    "score": {"en": "Score", "ar": "الدرجة"},
    "tier": {"en": "Tier", "ar": "المستوى"},
    "values": {"en": "Raw values", "ar": "القيم الخام"},
    "tipping": {
        "en": "Tipping points (one indicator moves, the rest at the sweep's base)",
        "ar": "نقاط التحوّل (يتغير مؤشر واحد ويبقى الباقي عند أساس المسح)",
    },
    "sweep": {"en": "Sweep", "ar": "المسح"},
    "indicator": {"en": "Indicator", "ar": "المؤشر"},
    "at_base": {"en": "At base", "ar": "عند الأساس"},
    "flips": {"en": "Tier flips (raw value)", "ar": "تحوّلات المستوى (القيمة الخام)"},
    "none": {"en": "no flip in the swept range", "ar": "لا تحوّل ضمن نطاق المسح"},
    "at": {"en": "at", "ar": "عند"},
    "status": {"en": "Status", "ar": "الحالة"},
    "started": {"en": "Started", "ar": "البدء"},
    "batch": {"en": "Batch", "ar": "الدفعة"},
    "output": {"en": "Output", "ar": "المخرجات"},
    "runs": {"en": "Stored runs", "ar": "التشغيلات المحفوظة"},
}


def label(key: str, lang: str) -> str:
    return LABELS[key][lang]


# --- progress --------------------------------------------------------------------------


class RowsPerSecond(ProgressColumn):
    """Rows per second, from rich's moving estimate."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "… rows/s", style="progress.data.speed")


class RowsDone(ProgressColumn):
    """`done/total rows` with thousands separators, padded to the total's width so that the
    layout does not jump and the count is never cut."""

    def __init__(self, total: int) -> None:
        super().__init__()
        self.width = len(f"{total:,}/{total:,} rows")

    def render(self, task: Task) -> Text:
        total = int(task.total or 0)
        text = f"{int(task.completed):,}/{total:,} rows"
        return Text(text.rjust(self.width), style="progress.download")


def progress_columns(run_id: str, total_rows: int, width: int) -> list[ProgressColumn]:
    """The progress line's columns for `width` terminal columns, most needed first: the row
    count always (never cut), then time left, the speed, the run id and a bar with what is
    left. Rich separates columns with one space."""
    count = RowsDone(total_rows)
    optional: list[tuple[int, ProgressColumn]] = [
        (9, TimeRemainingColumn()),  # "-:--:--" or "0:01:23"
        (16, RowsPerSecond()),  # "1,234,567 rows/s"
        (len(run_id), TextColumn(f"[bold]{run_id}[/]")),
    ]
    used = count.width
    chosen: dict[int, ProgressColumn] = {}
    for i, (w, col) in enumerate(optional):
        if used + 1 + w <= width - 1:  # one column spare: a full last column wraps in some
            chosen[i] = col
            used += 1 + w
    bar_width = width - 1 - used - 1
    columns: list[ProgressColumn] = []
    if 2 in chosen:
        columns.append(chosen[2])
    if bar_width >= 10:
        columns.append(BarColumn(bar_width=min(bar_width, 40)))
    columns.append(count)
    columns += [chosen[i] for i in (1, 0) if i in chosen]
    return columns


class Bar:
    """The batch progress on stderr: rows done of total, rows per second, time left.

    A live bar only when stderr is a terminal, fitted to its width (the row count is never
    cut); in a pipe or a file, nothing while the run goes (the run's start notice and the
    result say what happened), so logs hold no snapshots of a bar."""

    def __init__(self, enabled: bool = True, lang: str = "en") -> None:
        self.enabled = enabled
        self.lang = lang
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def begin(self, run: Run, total_rows: int, done_rows: int) -> None:
        # Always say which run this is: a killed run is finished with its id.
        notice = start_notice(run, total_rows, bool(done_rows), self.lang)
        live = self.enabled and sys.stderr.isatty()
        if live:
            import textwrap

            notice = textwrap.fill(notice, terminal_width(sys.stderr) - 1)
        print(notice, file=sys.stderr, flush=True)
        if not live:
            return
        width = terminal_width(sys.stderr)
        self._progress = Progress(
            *progress_columns(run.id, total_rows, width),
            console=console(sys.stderr),
            transient=False,
        )
        self._progress.start()
        self._task = self._progress.add_task("rows", total=total_rows, completed=done_rows)

    def advance(self, rows: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, rows)

    def end(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def start_notice(run: Run, total_rows: int, resuming: bool, lang: str = "en") -> str:
    """The line that says which run this is and how to finish it if it stops."""
    parts = (
        count(run.variants, "variant", lang),
        count(total_rows, "row", lang),
        count(run.chunks, "chunk", lang),
        count(run.chunk_size, "variant", lang),
    )
    if lang == "ar":
        what = "يُستأنف" if resuming else "بدأ"
        return (
            f"التشغيل {isolate(run.id, 'ar')} {what}: {parts[0]}، {parts[1]} في {parts[2]} "
            f"من {parts[3]} ({isolate(str(run.executor), 'ar')})؛ إن توقف فإن "
            f"{isolate(f'taqdir batch --resume {run.id}', 'ar')} يُكمله."
        )
    what = "resuming" if resuming else "started"
    return (
        f"run {run.id} {what}: {parts[0]}, {parts[1]} in {parts[2]} of {parts[3]} "
        f"({run.executor}); if it stops, `taqdir batch --resume {run.id}` finishes it."
    )


def count(n: int, noun: str, lang: str = "en") -> str:
    """`n` and the noun, in the right number (indicators.plurals)."""
    from indicators.plurals import counted

    return counted(n, noun, lang)


# --- the summary ---------------------------------------------------------------------------


def _value(value: float, indicator: str, record: RunRecord) -> str:
    levels = record.levels.get(indicator)
    if levels and float(value).is_integer() and 0 <= int(value) < len(levels):
        return levels[int(value)]
    return f"{value:.4g}"


def _tier(tier_id: str, record: RunRecord, lang: str) -> str:
    name = record.tier_names.get(tier_id)
    return name[lang] if name else tier_id


def _indicator(ind: str, record: RunRecord, lang: str) -> str:
    name = record.indicator_names.get(ind)
    return name[lang] if name else ind


def summary_tables(summary: dict[str, Any], record: RunRecord, lang: str = "en") -> str:
    """The three summary tables as text."""
    tiers = summary["tiers"]
    dist = Table(title=label("distribution", lang), title_justify="left")
    dist.add_column(label("profile", lang))
    dist.add_column(label("method", lang))
    for t in tiers:
        dist.add_column(_tier(t, record, lang), justify="right")
    for row in summary["distribution"]:
        cells = [f"{row['counts'][t]:,} ({row['shares'][t]:.0%})" for t in tiers]
        dist.add_row(row["profile"], row["method"], *cells)

    swept = {sw.id: set(sw.indicators) for sw in record.sweeps}
    ext = Table(title=label("extremes", lang), title_justify="left")
    for key in ("profile", "method", "which", "variant", "from", "score", "tier", "values"):
        ext.add_column(label(key, lang), justify="right" if key in ("variant", "score") else "left")
    for which in ("highest", "lowest"):
        for group in summary[which]:
            for v in group["variants"][:1]:
                origin = v["base"] if v["sweep"] is None else f"{v['sweep']} ← {v['base']}"
                # The sweep's own indicators; a scenario's values are its own (see its id).
                shown = swept.get(v["sweep"], ())
                raw = ", ".join(
                    f"{k}={_value(x, k, record)}" for k, x in v["raw"].items() if k in shown
                )
                ext.add_row(
                    group["profile"],
                    group["method"],
                    label(which, lang),
                    str(v["variant"]),
                    origin or "",
                    f"{v['score']:.1f}",
                    _tier(v["tier"], record, lang),
                    raw,
                )
    out = render(dist) + render(ext)
    if summary["tipping"]:
        tip = Table(title=label("tipping", lang), title_justify="left")
        for key in ("sweep", "indicator", "profile", "method", "at_base", "flips"):
            tip.add_column(label(key, lang))
        for line in summary["tipping"]:
            ind = line["indicator"]
            flips = "; ".join(
                f"{_tier(f['from'], record, lang)} → {_tier(f['to'], record, lang)} "
                f"{label('at', lang)} {f['level'] or _value(f['at'], ind, record)}"
                for f in line["flips"]
            )
            value, tier = line["base_value"], line["base_tier"]
            at_base = f"{_value(value, ind, record)} → {_tier(tier, record, lang)}"
            tip.add_row(
                line["sweep"],
                _indicator(ind, record, lang),
                line["profile"],
                line["method"],
                at_base,
                flips or label("none", lang),
            )
        out += render(tip)
    return out


def runs_table(runs: list[dict[str, Any]], lang: str = "en") -> str:
    table = Table(title=label("runs", lang), title_justify="left")
    for key in ("run", "batch", "status", "rows", "started", "output"):
        table.add_column(label(key, lang))
    for r in runs:
        table.add_row(
            r["id"],
            r["batch_id"],
            r["status"],
            f"{r['row_count']:,}/{r['rows_expected']:,}",
            r["started"],
            r["output"] or "",
        )
    return render(table)
