"""The sections of the brief, each an HTML fragment in one language (`engine.report.brief`
assembles them). Numbers are written by `Sections.num`, which isolates them left to right and
tags them with their key and full value (`data-k`, `data-v`)."""

from __future__ import annotations

import re
from html import escape

from engine.report.brief_data import BriefData
from engine.report.brief_words import W, grade_words, say, standing
from indicators.bidi import html_ltr
from indicators.model import Evidence, Ordinal, Prose, in_language

_URL = re.compile(r"https?://[^\s<>\"')\]]+")
EXTRA = {
    "chart_missing": (
        "Chart not drawn: the Vega bundle (installed with Streamlit) was not found.",
        "لم يُرسم المخطط: حزمة Vega (المثبتة مع Streamlit) غير موجودة.",
    ),
}


def _link(text: str) -> str:
    """Escaped text with its web addresses as links."""
    out, last = [], 0
    for m in _URL.finditer(text):
        out += [escape(text[last : m.start()]), f'<a href="{escape(m.group(0))}">']
        out += [escape(m.group(0)), "</a>"]
        last = m.end()
    return "".join(out) + escape(text[last:])


class Sections:
    """Writes the brief's sections for one `BriefData` in one language."""

    def prose(self, text: Prose | None) -> str:
        """A free text (a citation, a note) in the brief's language; where the file gives it
        in English only, the English, marked as such, reading left to right."""
        said, lang = in_language(text, self.lang)
        if lang == self.lang:
            return _link(said)
        marked = '<span class="lang">(بالإنجليزية)</span>'
        return f'<span lang="en" dir="ltr">{_link(said)}</span> {marked}'

    def __init__(self, d: BriefData, lang: str) -> None:
        self.d, self.lang = d, lang
        self.a = d.assessment
        self.r = d.result
        self.notes_order: list[str] = []  # citation keys in order of first use
        self.note_urls: dict[str, list[str]] = {}  # citation key → the items' own links

    @staticmethod
    def word(key: str, lang: str) -> str:
        table = W if key in W else EXTRA
        return table[key][1 if lang == "ar" else 0]

    def w(self, key: str, **values: str) -> str:
        return say(key, self.lang, **values)

    def t(self, text: object) -> str:
        return escape(str(text))

    # --- numbers, dates and references ------------------------------------------------
    def num(self, v: float, key: str, fmt: str = ".1f") -> str:
        shown = format(int(v), fmt) if fmt == "d" else format(float(v), fmt)
        return html_ltr(shown, "num", k=key, v=repr(float(v)))

    def pct(self, p: float, key: str) -> str:
        sign = "٪" if self.lang == "ar" else "%"
        return html_ltr(f"{100 * float(p):.0f}{sign}", "num", k=key, v=repr(float(p)), f="pct")

    def span(self, *parts: str, sep: str = "–") -> str:
        """Numbers joined into one left-to-right island (a range, an arrow)."""
        return html_ltr(sep.join(parts))

    def label(self, text: str) -> str:
        """A date or a FILE@vN label, isolated left to right."""
        return html_ltr(escape(text), "date")

    def date(self, d: object) -> str:
        return html_ltr(escape(str(d)), "date", date=d)

    def cite(self, keys: list[str], url: str | None = None) -> str:
        """Numbered note marks for an item's citations; its own link (`url`) goes into the
        notes beside them (an item with a link and no citation is cited by its link)."""
        out = []
        for key in keys or ([url] if url else []):
            if key not in self.notes_order:
                self.notes_order.append(key)
            if url and url not in (links := self.note_urls.setdefault(key, [])):
                links.append(url)
            n = self.notes_order.index(key) + 1
            out.append(f'<sup class="fn"><a href="#fn-{n}" data-cite="{escape(key)}">{n}</a></sup>')
        return "".join(out)

    def tier(self, t: int) -> str:
        tier = self.a.tiers[t]
        return f'<span class="tier" data-tier="{tier.id}">{self.t(tier.name.get(self.lang))}</span>'

    def scen(self, sid: str) -> str:
        return self.t(self.a.scenario(sid).name.get(self.lang))

    def ind(self, kid: str) -> str:
        return self.t(self.a.indicator(kid).name.get(self.lang))

    def h2(self, key: str, anchor: str) -> str:
        return f'<h2 id="{anchor}">{self.w(key)}</h2>'

    # --- 1. title --------------------------------------------------------------------
    def title_block(self) -> str:
        a, L = self.a, self.lang
        src = a.source
        lines = [f'<p class="genre">{self.w("genre")}</p><h1>{self.t(a.title.get(L))}</h1>']
        if a.parties:
            names = self.w("sep").join(self.t(p.get(L)) for p in a.parties)
            lines.append(f'<p class="meta parties">{self.w("parties")}: {names}</p>')
        if src is not None and src.publisher is not None:
            lines.append(
                f'<p class="meta">{self.w("publisher")}: {self.t(src.publisher.get(L))}</p>'
            )
        if src is not None and src.author is not None:
            lines.append(f'<p class="meta">{self.w("author")}: {self.t(src.author.get(L))}</p>')
        lines.append(f'<p class="meta">{self.w("date")}: {self.date(self.r.as_of)}</p>')
        if src is not None and src.title is not None:
            ref = self.t(src.title.get(L))
            if src.url and _URL.fullmatch(src.url):  # web addresses only, never javascript:
                ref = f'<a href="{escape(src.url)}">{ref}</a>'
            when = f" ({self.date(src.published)})" if src.published else ""
            lines.append(f'<p class="meta">{self.w("source")}: {ref}{when}</p>')
        summary = f'<p class="summary">{self.t(a.summary.get(L))}</p>' if a.summary else ""
        return f"<header>{''.join(lines)}</header>{summary}"

    # --- 2. bottom line --------------------------------------------------------------
    def _words(self, p: float) -> str:
        from engine.robust import say as in_words

        return self.t(in_words(p, self.d.yardstick).get(self.lang))

    def bottom_line(self) -> str:
        d, r, b = self.d, self.r, self.d.baseline
        sid = r.scenario_ids[b]
        u = r.uncertainty
        assert u is not None
        order = d.likeliest(b)
        (t1, p1), rest = order[0], order[1:]
        profile = self.t(r.profile.name.get(self.lang))
        parts = [
            self.w(
                "bottom_main",
                date=self.date(r.as_of),
                tier=self.tier(t1),
                words=self._words(p1),
                p=self.pct(p1, f"p:{sid}:{self.a.tiers[t1].id}"),
                score=self.num(r.scores[b], f"score:{sid}"),
                range=self.span(self.num(u.p05[b], f"p05:{sid}"), self.num(u.p95[b], f"p95:{sid}")),
                profile=profile,
                method=self.w(f"method_{r.method}"),
            )
        ]
        if rest and rest[0][1] >= 0.5 * p1:  # the second is close: say it too
            t2, p2 = rest[0]
            parts.append(
                self.w(
                    "bottom_second",
                    tier=self.tier(t2),
                    words=self._words(p2),
                    p=self.pct(p2, f"p:{sid}:{self.a.tiers[t2].id}"),
                )
            )
        shaky = [
            ev
            for ind in self.a.indicators
            for ev in d.evidence(ind.id)
            if standing(ev) is not None and r.contributions[b, r.indicator_ids.index(ind.id)] > 0
        ]
        if shaky:
            items = self.w("sep").join(
                f'<span class="flag">{self.w(standing(ev) or "")}</span> '
                f"{self.ind(ev.indicator)}{self.cite(ev.sources, ev.url)}"
                for ev in shaky
            )
            parts.append(self.w("bottom_shaky", items=items))
        c = d.since
        if c is not None and d.earlier is not None and sid in c.scenario_ids:
            s = c.scenario_ids.index(sid)
            ta, tb = (int(c.tier_index[0, s]), int(c.tier_index[1, s]))
            tiers = (
                self.w("same_tier")
                if ta == tb
                else self.w("new_tier", a=self.tier(ta), b=self.tier(tb))
            )
            parts.append(
                self.w(
                    "bottom_since",
                    date=self.label(d.earlier.label),
                    a=self.num(c.scores[0, s], f"since:a:{sid}"),
                    b=self.num(c.scores[1, s], f"since:b:{sid}"),
                    delta=self.num(c.delta[s], f"since:delta:{sid}", "+.1f"),
                    tiers=tiers,
                )
            )
        return (
            self.h2("bottom", "bottom-line")
            + f'<div class="bottom" id="bottom-text"><p>{" ".join(parts)}</p></div>'
        )

    # --- 3. context ------------------------------------------------------------------
    def context(self) -> str:
        L = self.lang
        fams = "".join(
            f"<li><b>{self.t(f.name.get(L))}</b>"
            + (f": {self.t(f.description.get(L))}" if f.description else "")
            + "</li>"
            for f in self.a.families
        )
        tiers = "".join(
            f"<li>{self.tier(i)}: {html_ltr(f'{t.min:g}–{t.max:g}')}"
            + (f" — {self.t(t.description.get(L))}" if t.description else "")
            + "</li>"
            for i, t in enumerate(self.a.tiers)
        )
        return (
            self.h2("context", "context")
            + f"<h3>{self.w('measured')}</h3><ul>{fams}</ul>"
            + f"<h3>{self.w('tiers')}</h3><ul>{tiers}</ul>"
        )

    # --- 4. indicators ---------------------------------------------------------------
    def _value(self, k: int) -> str:
        r, b = self.r, self.d.baseline
        ind = self.a.indicator(r.indicator_ids[k])
        low, likely, high = (float(v) for v in r.raw[:, b, k])
        if isinstance(ind.transform, Ordinal):
            levels = ind.transform.levels
            name = levels[min(max(round(likely), 0), len(levels) - 1)].name.get(self.lang)
            return f"{self.t(name)} {html_ltr(f'({likely:.3g} / {len(levels) - 1})')}"
        unit = f" {self.t(ind.unit.get(self.lang))}" if ind.unit else ""
        rng = f" ({low:.3g}–{high:.3g})" if high > low else ""
        return f"{html_ltr(f'{likely:.3g}{rng}')}{unit}"

    def _evidence(self, ev: Evidence) -> str:
        r_words, c_words = grade_words(ev, self.lang)
        flag = standing(ev)
        mark = f'<span class="flag">{self.w(flag)}</span> ' if flag else ""
        grade = self.w(
            "graded",
            r=self.t(r_words),
            rc=ev.reliability,
            c=self.t(c_words),
            cc=str(ev.credibility),
        )
        cls = ' class="shaky"' if flag else ""
        return (
            f'<li{cls} data-evidence="{ev.id}" data-standing="{flag or "stands"}">{mark}'
            f"{self.date(ev.event_date)} — {self.t(ev.summary.get(self.lang))}"
            f'{self.cite(ev.sources, ev.url)} <span class="grade">{grade}</span></li>'
        )

    def indicators(self) -> str:
        r, b, L = self.r, self.d.baseline, self.lang
        sid = r.scenario_ids[b]
        out = [self.h2("indicators", "indicators")]
        for f in self.a.families:
            out.append(f"<h3>{self.t(f.name.get(L))}</h3>")
            for k, kid in enumerate(r.indicator_ids):
                if self.a.indicator(kid).family != f.id:
                    continue
                line = self.w(
                    "value",
                    date=self.date(r.as_of),
                    value=self._value(k),
                    points=self.num(r.contributions[b, k], f"contrib:{sid}:{kid}", ".2f"),
                    weight=self.pct(r.weights[k], f"weight:{kid}"),
                )
                items = self.d.evidence(kid)
                evs = (
                    f'<ul class="ev">{"".join(self._evidence(e) for e in items)}</ul>'
                    if items
                    else f"<p>{self.w('no_evidence')}</p>"
                )
                out.append(
                    f'<div class="indicator" data-indicator="{kid}"><p><b>{self.ind(kid)}'
                    f"</b>. {line}</p>{evs}</div>"
                )
        return "".join(out)

    # --- 5. scenarios ----------------------------------------------------------------
    def scenarios(self, chart: str) -> str:
        r, L = self.r, self.lang
        out = [self.h2("scenarios", "scenarios"), chart]
        for s, sid in enumerate(r.scenario_ids):
            sc = self.a.scenario(sid)
            t = int(r.tier_index[s])
            p = float(self.d.tier_probabilities(s)[t])
            line = self.w(
                "scenario_line",
                score=self.num(r.scores[s], f"score:{sid}"),
                tier=self.tier(t),
                words=self._words(p),
                p=self.pct(p, f"p:{sid}:{self.a.tiers[t].id}"),
            )
            drivers = ", ".join(
                f"{self.t(r.contribution_label(s, k, self.lang))} "
                f"({self.w('points', n=self.num(v, f'contrib:{sid}:{k}'))})"
                for k, v in r.top_contributions(s, 3)
                if v > 0
            )
            narrative = f"<p>{self.t(sc.narrative.get(L))}</p>" if sc.narrative else ""
            out.append(
                f'<div class="scenario" data-scenario="{sid}"><h3>{self.scen(sid)}</h3>'
                f"{narrative}<p>{line} {self.w('drivers', items=drivers) if drivers else ''}</p>"
                "</div>"
            )
        return "".join(out)

    # --- 6. what changed -------------------------------------------------------------
    def changed(self, chart: str) -> str:
        c, e = self.d.since, self.d.earlier
        if c is None or e is None:
            return self.h2("changed", "changed") + f"<p>{self.w('no_since')}</p>"
        intro = self.w(
            "since_intro",
            a=self.label(e.label),
            b=self.date(self.r.as_of),
            method=self.w("and_method") if "method" in c.factors else "",
        )
        head = ["scenario", "then", "now", "change", *c.factors, "tier"]
        rows = []
        for s, sid in enumerate(c.scenario_ids):
            ta, tb = int(c.tier_index[0, s]), int(c.tier_index[1, s])
            arrow = "←" if self.lang == "ar" else "→"
            tiers = self.tier(ta) + (f" {arrow} {self.tier(tb)}" if ta != tb else "")
            cells = [
                self.num(c.scores[0, s], f"since:a:{sid}"),
                self.num(c.scores[1, s], f"since:b:{sid}"),
                self.num(c.delta[s], f"since:delta:{sid}", "+.1f"),
                *[
                    self.num(c.parts[i, s], f"part:{f}:{sid}", "+.2f")
                    for i, f in enumerate(c.factors)
                ],
            ]
            rows.append(
                f"<tr><td>{self.scen(sid)}</td>"
                + "".join(f'<td class="n">{x}</td>' for x in cells)
                + f"<td>{tiers}</td></tr>"
            )
        table = (
            "<table><thead><tr>"
            + "".join(f"<th>{self.w(h)}</th>" for h in head)
            + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
        new = self.d.new_evidence()
        news = (
            f'<h3>{self.w("new_evidence")}</h3><ul class="ev">'
            + "".join(self._evidence(ev) for ev in new)
            + "</ul>"
            if new
            else ""
        )
        return self.h2("changed", "changed") + f"<p>{intro}</p>{table}{chart}{news}"

    def notes(self) -> str:
        if not self.notes_order:
            return ""
        known = self.a.source.footnotes if self.a.source is not None else {}
        items = "".join(
            f'<li id="fn-{n}" data-cite="{escape(key)}">'
            + ("" if key in self.note_urls.get(key, []) else f"{html_ltr(escape(key))} ")
            + self.prose(known.get(key))
            + "".join(f" {html_ltr(_link(u))}" for u in self.note_urls.get(key, []))
            + "</li>"
            for n, key in enumerate(self.notes_order, 1)
        )
        return self.h2("notes", "notes") + f'<ol class="notes">{items}</ol>'
