"""Check kinds for growth rates (registered in ``checks.KINDS``): an article's real growth rate against
the official GRP index, in the vintage of the article's time and in today's; and a province's rate
against the national rate printed beside it ("lagging behind the national growth rate of 6.9 percent").
"""
from __future__ import annotations

import re

from ..report import is_forecast
from .figures import label, optional_figure, period_words, region_name
from .figures import source_publisher as publisher
from .rounding import (CONSISTENT, INCONSISTENT, UNCHECKABLE, WITHIN_ROUNDING, agreement, comparison,
                       decimals, number as n)
from .runner import Check, Result, refs

INDEX_METRIC = "grp_index"   # previous year = 100: real growth is the index minus 100


def _index_growth(region: str, year: int, vintage: str):
    """(figure, growth point, interval) from the official index of one vintage; None when absent."""
    row = optional_figure("series", region=region, metric=INDEX_METRIC, year=year, vintage=vintage)
    if row is None:
        return None
    return row, row.value - 100, row.interval - 100


# The official vintages in the order NBS released them: each year's first release, the revision after the
# 4th economic census (2018; "revised" for nominal GRP, "4th_census" for the index), then the 5th (2023).
VINTAGES_IN_ORDER = ("first_published", "revised", "4th_census", "5th_census")


def in_release_order(vintages) -> list[str]:
    """Vintages oldest first, by the explicit release order (never by their names); an unknown one is an
    error, so a new vintage is placed in VINTAGES_IN_ORDER before a check relies on its age."""
    unknown = sorted(set(vintages) - set(VINTAGES_IN_ORDER))
    if unknown:
        raise ValueError(f"vintage(s) {', '.join(unknown)} not in claims.growth.VINTAGES_IN_ORDER: place them there")
    return sorted(set(vintages), key=VINTAGES_IN_ORDER.index)


def _vintages(region: str, year: int, metric: str = INDEX_METRIC) -> list[str]:
    from .. import data

    rows = data.series(metric=metric, region=region, year=year)
    return in_release_order(rows["vintage"])


def official_real_growth(check: Check) -> Result:
    """A real growth rate printed by an article against the official GRP index for the same region and
    year: the verdict is taken in the vintage of the article's time (option ``then``); today's vintage
    (option ``now``) is shown beside it, so a later revision is not read as the article's error."""
    f = check.stat(0)
    vintages = _vintages(f.region, f.year)
    then = check.option("then") or (vintages[0] if vintages else "")
    now = check.option("now") or (vintages[-1] if vintages else "")
    readings = {v: _index_growth(f.region, f.year, v) for v in dict.fromkeys((then, now)) if v}
    found = {v: r for v, r in readings.items() if r is not None}
    claim = (f"{region_name(f.region)}'s {label(f.metric)} in {period_words(f.period)} was {f.shown()} "
             f"({publisher(f.source_id)}).")
    if not found:
        raise LookupError(f"data/series.csv: no {INDEX_METRIC} for region={f.region!r}, year={f.year} "
                          f"in the vintages {', '.join(readings) or '(none in the data)'}")
    judged = then if then in found else next(iter(found))
    row, point, interval = found[judged]
    # the vintage of the article's time, named but not in the data: today's figure is shown, not judged
    verdict = UNCHECKABLE if check.option("then") and then not in found else agreement(point, interval, f.printed, f.qualifier)
    d = min(max(decimals(f.printed), decimals(row.printed)), 2)   # an index printed to many digits shows two
    parts = [f"{v.replace('_', ' ')} vintage: index {r[0].printed} → {n(r[1], d)} percent" for v, r in found.items()]
    missing = [v for v in readings if v not in found]
    later = [v for v in found if v != judged]
    revised = bool(later) and round(found[later[0]][1], d) != round(point, d)
    if check.option("then") and then not in found:
        why = (f"Cannot be checked: the data hold no index of the {then.replace('_', ' ')} vintage, the one of the "
               f"article's time, and a difference from today's {judged.replace('_', ' ')} vintage may be a later "
               "revision rather than the article's error.")
        missing = []
    elif is_forecast(f.qualifier):
        why = (f"The source printed a forecast ({f.qualifier}); it is compared with the outturn, not tested: "
               + ("the outturn matched it." if verdict != UNCHECKABLE else "the outturn differs, which says how the forecast fared."))
    elif verdict in (CONSISTENT, WITHIN_ROUNDING):
        why = f"Agrees with the official index in the {judged.replace('_', ' ')} vintage."
    else:
        why = (f"Differs from the official index in the {judged.replace('_', ' ')} vintage beyond rounding"
               + (f" (the vintage of the article's time); " if judged == then else "; ")
               + "the rate printed is not the official one.")
    if revised:
        why += f" Today's {later[0].replace('_', ' ')} vintage gives {n(found[later[0]][1], d)} percent (revised since)."
    if missing:
        why += f" The data hold no index of the {', '.join(m.replace('_', ' ') for m in missing)} vintage for {f.year}."
    return Result(check.id, check.kind, "official", claim, "; ".join(parts) + ".",
                  f"{n(point, d)} against {f.printed} printed ({judged.replace('_', ' ')} vintage).", verdict,
                  f"±{0.5 * 10 ** -decimals(f.printed):g} on {f.printed}; the index's own last decimal on the other side.",
                  why, values={v: r[1] for v, r in found.items()}, **refs(f, *(r[0] for r in found.values())))


BELOW = re.compile(r"lag|behind|below|lower|slower|less than|under|trail|低于|落后")
ABOVE = re.compile(r"above|exceed|outpac|outperform|faster|higher|surpass|ahead|over|高于|超过")


def claimed_order(*quotes: str) -> str | None:
    """'<' when the quotes put the province below the national rate, '>' above, None when they say neither."""
    text = " ".join(quotes).lower()
    below, above = BELOW.search(text), ABOVE.search(text)
    if below and not above:
        return "<"
    if above and not below:
        return ">"
    return None


def national_beside(check: Check) -> Result:
    """A province's rate and the national rate printed beside it (stats: the province's, then China's):
    the order the text claims ("lagging behind", "above") against the two printed figures, and the
    printed national rate against the official national index when the data hold it."""
    rate, national = check.stat(0), check.stat(1)
    order = claimed_order(rate.quote, national.quote)
    claim = (f"{region_name(rate.region)}'s {label(rate.metric)} in {period_words(rate.period)} was {rate.shown()}, "
             f"{'below' if order == '<' else 'above' if order == '>' else 'set against'} the national "
             f"{national.shown()} ({publisher(rate.source_id)}).")
    tolerance = f"±{0.5 * 10 ** -decimals(rate.printed):g} on {rate.printed}, ±{0.5 * 10 ** -decimals(national.printed):g} on {national.printed}."
    if order is None:
        return Result(check.id, check.kind, "gaps", claim, f"{rate.printed} and {national.printed} percent.",
                      "The text states no order.", UNCHECKABLE, tolerance,
                      "Cannot be checked: the quotes say neither 'above' nor 'below' the national rate.", **refs(rate, national))
    verdict = comparison(rate.value, rate.interval, order, national.value, national.interval)
    margin = rate.value - national.value
    why = {CONSISTENT: "The order holds for every value the rounding of the two printed figures allows.",
           WITHIN_ROUNDING: "The order holds at the printed values, but rounding alone could reverse it.",
           INCONSISTENT: "The printed figures contradict the order the text states."}[verdict]
    values = {"margin": margin}
    vintages = _vintages("CN", national.year)   # the oldest: the vintage nearest the article's time
    index = optional_figure("series", region="CN", metric=INDEX_METRIC, year=national.year,
                            vintage=vintages[0]) if vintages else None
    used = [rate, national]
    if index is not None and national.metric == "real_gdp_growth":
        national_point = index.value - 100
        found = agreement(national_point, index.interval - 100, national.printed, national.qualifier)
        values["official_national"] = national_point
        used.append(index)
        why += (f" The national rate printed agrees with China's official GRP index ({index.printed})."
                if found in (CONSISTENT, WITHIN_ROUNDING) else
                f" China's official GRP index gives {n(national_point)} percent, not the {national.printed} printed.")
    return Result(check.id, check.kind, "gaps", claim,
                  f"{rate.printed} − {national.printed} = {n(margin)} points.",
                  f"{n(abs(margin))} points {'below' if margin < 0 else 'above'} the national rate.", verdict, tolerance,
                  why, values=values, **refs(*used))
