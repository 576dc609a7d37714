"""The brief's last two sections: what to watch (collection priorities, load-bearing evidence,
how far the family weights can move) and the method annex (everything needed to reproduce the
numbers). Functions of a `Sections`, which holds the language and the number writers."""

from __future__ import annotations

from engine.report.brief_sections import Sections
from engine.report.brief_words import standing
from indicators.bidi import html_ltr

CALM = 0.05
"""Below this largest move of the tier probabilities, the brief says no unknown moves the call
much."""


# --- 7. what to watch ------------------------------------------------------------
def watch(self: Sections) -> str:
    diag = self.d.diagnostics
    prio = diag["collection_priorities"]["indicators"]
    out = [self.h2("watch", "watch"), f"<p>{self.w('priorities')}</p>"]
    items = [
        self.w(
            "priority",
            name=f"<b>{self.ind(p['indicator'])}</b>",
            low=html_ltr(f"{p['range'][0]:g}"),
            high=html_ltr(f"{p['range'][1]:g}"),
            ml=self.pct(p["move_low"], f"prio:low:{p['indicator']}"),
            mh=self.pct(p["move_high"], f"prio:high:{p['indicator']}"),
        )
        for p in prio[:3]
    ]
    out.append(
        "<ol>" + "".join(f"<li>{i}</li>" for i in items) + "</ol>"
        if items
        else f"<p>{self.w('no_priorities')}</p>"
    )
    if prio and max(p["priority"] for p in prio) < CALM:
        top = max(prio, key=lambda p: p["priority"])
        out.append(f"<p>{self.w('calm', p=self.pct(top['priority'], 'prio:max'))}</p>")
    bearing = diag["leave_one_out"]["changes_focus_tier"]
    if not bearing:
        out.append(f"<p>{self.w('no_load_bearing')}</p>")
    else:
        evs = {e.id: e for e in self.a.evidence}
        names = self.w("sep").join(
            f"{self.date(evs[i].event_date)} {self.ind(evs[i].indicator)}"
            + (f' <span class="flag">{self.w(st)}</span>' if (st := standing(evs[i])) else "")
            + self.cite(evs[i].sources, evs[i].url)
            for i in bearing
        )
        out.append(f"<p>{self.w('load_bearing', items=names)}</p>")
    out.append(f"<p>{self.w('stability')}</p><ul>")
    for key, iv in self.d.sliders.items():
        fid = key[2:]
        name = self.t(next(f for f in self.a.families if f.id == fid).name.get(self.lang))
        hi = (
            self.num(iv.hi, f"slider:hi:{fid}", ".2f")
            if iv.hi != float("inf")
            else self.w("unbounded")
        )
        line = self.w(
            "interval",
            name=f"<b>{name}</b>",
            v=self.num(iv.value, f"slider:value:{fid}", ".2f"),
            lo=self.num(iv.lo, f"slider:lo:{fid}", ".2f"),
            hi=hi,
        )
        for key2, ch, at in (("below", iv.below, iv.lo), ("past", iv.above, iv.hi)):
            if ch is None:
                continue
            line += " " + self.w(
                key2,
                at=self.num(at, f"slider:{'lo' if key2 == 'below' else 'hi'}:{fid}", ".2f"),
                scenario=self.scen(self.r.scenario_ids[ch.scenario]),
                a=self.tier(ch.before),
                b=self.tier(ch.after),
            )
        out.append(f"<li>{line}</li>")
    return "".join(out) + "</ul>"


# --- 8. annex and notes ----------------------------------------------------------
def annex(self: Sections, command: str | None) -> str:
    r, L = self.r, self.lang
    u = r.uncertainty
    assert u is not None
    family_share = {
        f: float(r.weights[r.compiled.family_of == i].sum()) for i, f in enumerate(r.family_ids)
    }
    fam_rows = "".join(
        f"<tr><td>{self.t(f.name.get(L))}</td>"
        f'<td class="n">{self.num(r.family_weights[f.id], f"given:{f.id}", "g")}</td>'
        f'<td class="n">{self.pct(family_share[f.id], f"fweight:{f.id}")}</td></tr>'
        for f in self.a.families
    )
    ind_rows = "".join(
        f"<tr><td>{self.ind(k)}</td>"
        f'<td class="n">{self.num(r.shares[k], f"given:{k}", "g")}</td>'
        f'<td class="n">{self.num(r.weights[i], f"weight:{k}", ".4f")}</td></tr>'
        for i, k in enumerate(r.indicator_ids)
    )
    conc = "∞" if u.concentration == float("inf") else f"{u.concentration:g}"
    facts = [
        ("profile", f"{self.t(r.profile.name.get(L))} (<code>{self.t(r.profile.id)}</code>)"),
        ("method", f"{self.w(f'method_{r.method}')} (<code>{self.t(r.method)}</code>)"),
        ("date", self.date(r.as_of)),
        ("samples", self.num(u.samples, "samples", "d")),
        ("seed", self.num(u.seed, "seed", "d")),
        ("concentration", html_ltr(str(conc))),
        ("yardstick", f"<code>{self.t(self.d.yardstick)}</code>"),
        ("since_row", self.label(self.d.earlier.label) if self.d.earlier else "—"),
        ("hash", f'<code data-k="input_hash">{self.t(r.input_hash)}</code>'),
        ("version", f'<code data-k="engine_version">{self.t(r.engine_version)}</code>'),
    ]
    if command:
        facts.append(("command", f'<code dir="ltr">{self.t(command)}</code>'))
    fact_rows = "".join(f"<tr><th>{self.w(k)}</th><td>{v}</td></tr>" for k, v in facts)

    def head(first: str) -> str:
        return "".join(f"<th>{self.w(k)}</th>" for k in (first, "given", "share"))

    return (
        self.h2("annex", "annex")
        + f"<p>{self.w('annex_intro')}</p><table><tbody>{fact_rows}</tbody></table>"
        + f"<table><thead><tr>{head('family')}</tr></thead><tbody>{fam_rows}</tbody></table>"
        + f"<table><thead><tr>{head('indicator')}</tr></thead><tbody>{ind_rows}</tbody></table>"
    )
