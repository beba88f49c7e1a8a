"""Check kinds for repeated claims (a figure told twice, a company in two stories, a level and its later
growth, a year in doubt) and for claims against the official series (a level, trade in dollars, trade
in yuan, "highest in a decade"). Registered in ``checks.KINDS``.
"""
from __future__ import annotations

from .. import trends
from ..report import is_forecast
from . import derived
from .figures import factor_between, figure, figures, label, optional_figure, period_words, region_name
from .figures import source_publisher as publisher
from .rounding import (CONSISTENT, INCONSISTENT, UNCHECKABLE, WITHIN_ROUNDING, agreement, decimals, decimals_text,
                       half_unit, number as n, printed_interval)
from .growth import _vintages
from .runner import Check, Result, refs


# --------------------------------------------------------------------------- repeated claims
def repeat(check: Check) -> Result:
    """The same quantity, period and place printed by two sources."""
    a, b = check.stat(0), check.stat(1)
    point, interval = b.in_unit(a.unit)
    verdict = agreement(point, interval, a.printed, "exact") if a.qualifier == b.qualifier == "exact" \
        else (WITHIN_ROUNDING if interval.overlaps(a.interval) else INCONSISTENT)
    return Result(
        check.id, check.kind, "repeats",
        f"{region_name(a.region)}{', ' + a.entity if a.entity else ''}: {label(a.metric)} ({period_words(a.period)}) "
        f"printed by {publisher(a.source_id)} and {publisher(b.source_id)}.",
        f"{publisher(a.source_id)}: {a.shown()}; {publisher(b.source_id)}: {b.shown()}.",
        f"{a.printed} against {n(point, decimals(a.printed))}.", verdict,
        f"±{half_unit(a.printed):g} and ±{half_unit(b.printed):g} (printed decimals).",
        "Same quantity, same period, two sources.", **refs(a, b))


def entity_overlap(check: Check) -> Result:
    """A company told in more than one article: do they print any quantity in common?"""
    name = check.option("entity")
    rows = [f for f in figures() if name.lower() in f.entity.lower()]
    by_source = {}
    for f in rows:
        by_source.setdefault(f.source_id, []).append(f)
    if len(by_source) < 2:
        raise LookupError(f"data/statistics.csv: fewer than two sources with entity containing {name!r}")
    common = set.intersection(*[{(f.metric, f.period) for f in fs} for fs in by_source.values()])
    told = "; ".join(f"{publisher(s)}: " + ", ".join(f"{label(f.metric)} {f.shown()} ({period_words(f.period)})" for f in fs)
                     for s, fs in by_source.items())
    return Result(
        check.id, check.kind, "repeats", f"{name} in {len(by_source)} articles by different publishers.", told,
        ("Shared quantities: " + ", ".join(sorted(label(m) for m, _ in common))) if common else "No quantity is printed by both.",
        UNCHECKABLE, "—",
        ("Cannot be checked number for number: the articles give different quantities for different plants and dates."
         if not common else "The shared quantities are compared in their own checks."), **refs(*rows))


def repeated_level(check: Check) -> Result:
    """A level for one year (one source) and, with its growth, for the next year (another source): the
    later growth rate implies the earlier level."""
    earlier, later, growth = check.stat(0), check.stat(1), check.stat(2)
    later_point = later.in_unit(earlier.unit)[0]
    point = trends.implied_base_level(later_point, growth.value)
    # a 'more than' later level has no upper bound: use the rounding interval of its digits instead
    interval = printed_interval(later.printed) * factor_between(later.unit, earlier.unit) / (1 + growth.interval / 100)
    verdict = agreement(point, interval, earlier.printed, earlier.qualifier)
    return Result(
        check.id, check.kind, "repeats",
        f"{region_name(earlier.region)}'s {label(earlier.metric)}: {earlier.shown()} in {period_words(earlier.period)} "
        f"({publisher(earlier.source_id)}); {later.shown()} in {period_words(later.period)}, up {growth.shown()} "
        f"({publisher(later.source_id)}).",
        f"{later.printed} {later.unit} / (1 + {growth.printed}/100) = {n(point, 2)} {earlier.unit} for {period_words(earlier.period)}.",
        f"{n(point, 2)} against {earlier.printed} printed.", verdict,
        f"±{half_unit(later.printed):g} on {later.printed}, ±{half_unit(growth.printed):g} on {growth.printed}: {interval.text(2)} {earlier.unit}.",
        ("The later growth rate reproduces the earlier level, which supports reading the later 'surpassed' figure as the "
         "output itself and 'the industry's growth rate' as grain output" + _flag_words(later, growth) + "."
         if verdict != INCONSISTENT else "The later growth rate does not reproduce the earlier level."),
        values={"implied": point}, **refs(earlier, later, growth))


DOUBTS = ("doubtful_period", "doubtful_metric", "contradicted")   # flags that doubt a figure


def _flag_words(*figures) -> str:
    """' (the growth rate is flagged doubtful in the data)': what the data flag among the figures, counted
    from their flags, never assumed."""
    flagged = [f for f in figures if f.flag in DOUBTS]
    if not flagged:
        return ""
    names = ["the level" if "rate" not in f.metric and "growth" not in f.metric else "the growth rate" for f in flagged]
    verb = "is" if len(flagged) == 1 else "are"
    return f" ({' and '.join(names)} {verb} flagged in the data: {', '.join(f.flag.replace('_', ' ') for f in flagged)})"


def doubtful_year(check: Check) -> Result:
    """A yuan trade figure whose year is in doubt: the ratio to the official dollar series for the printed
    year and the next, against the ratios other figures give for those years."""
    f = check.stat(0)
    ratios = derived.trade_ratios()
    readings, parts, used, missing = {}, [], [f], []
    for year in (f.year, f.year + 1):
        usd = optional_figure("series", region=f.region, metric=derived.TRADE_USD, year=year)
        if usd is None:
            continue
        rate = derived.ratio(str(year), "trade ratio", year, f, usd)
        readings[year] = rate.point
        used.append(usd)
        others = [r for r in ratios if r.year == year and r.yuan.ref != f.ref]
        text = f"read as {year}: {f.printed} / {n(usd.in_unit('billion US dollars')[0], 2)} = {n(rate.point, 3)}"
        if others:
            text += f" ({n((rate.point / others[0].point - 1) * 100)}% from {others[0].label}'s {n(others[0].point, 3)})"
            used += [others[0].yuan, others[0].usd]
        else:
            missing.append(year)
        parts.append(text)
    return Result(
        check.id, check.kind, "repeats",
        f"{region_name(f.region)}'s goods trade: {f.shown()} printed for {period_words(f.period)} by {publisher(f.source_id)}; "
        "the year is in doubt.",
        "Yuan per dollar against the official dollar series " + "; ".join(parts) + ".",
        ", ".join(f"{y}: {n(v, 3)}" for y, v in readings.items()) + ".", UNCHECKABLE,
        "Ratios of two sources, not rounding.",
        ("Cannot be checked: " + (f"no other yuan trade figure for {', '.join(map(str, missing))} gives a ratio to compare "
                                  "with, so the data cannot settle the year." if missing else
                                  "both readings have a ratio to compare with, and neither is excluded.")),
        values={str(y): v for y, v in readings.items()}, **refs(*used))


# --------------------------------------------------------------------------- official series
def official_level(check: Check) -> Result:
    """An article's level against the official series for the same region, metric and year."""
    f = check.stat(0)
    o = figure("series", region=f.region, metric=f.metric, year=f.year, vintage=check.option("vintage", "revised"))
    point, interval = o.in_unit(f.unit)
    verdict = agreement(point, interval, f.printed, f.qualifier)
    used = check.option("vintage", "revised")
    vintages = _vintages(f.region, f.year, f.metric)
    later = {v: figure("series", region=f.region, metric=f.metric, year=f.year, vintage=v)
             for v in vintages[vintages.index(used) + 1:]}
    why = level_why(f, point, verdict) + "".join(
        f" The table used is the {used.replace('_', ' ')} vintage; the later {v.replace('_', ' ')} vintage gives "
        f"{n(lf.in_unit(f.unit)[0], decimals(f.printed) + 1)} {f.unit}, which "
        + ("also matches" if agreement(*lf.in_unit(f.unit), f.printed, f.qualifier) in (CONSISTENT, WITHIN_ROUNDING)
           else "does not match") + " the figure printed." for v, lf in later.items())
    return Result(
        check.id, check.kind, "official",
        f"{region_name(f.region)}'s {label(f.metric)} in {period_words(f.period)} was {f.shown()} ({publisher(f.source_id)}).",
        f"Official {o.printed} {o.unit} = {n(point, 4)} {f.unit}.", f"{n(point, 4)} against {f.printed} printed.",
        verdict, f"{f.printed} with {decimals_text(f.printed)} stands for {f.interval.text(3)} {f.unit}.",
        why, values={"official": point}, **refs(f, o, *later.values()))


def level_why(f, official: float, verdict: str) -> str:
    """Why a level and the official one agree or differ, in words that fit the verdict: a forecast is
    compared as a forecast; a small gap beyond rounding may be a revision; a large one is not."""
    gap = (float(f.printed) / official - 1) * 100 if official else float("inf")
    if is_forecast(f.qualifier):
        return (f"The source printed a forecast ({f.qualifier}), not an outturn: the official figure is "
                + ("what it forecast." if verdict != UNCHECKABLE else
                   f"{n(abs(gap))}% {'below' if gap > 0 else 'above'} it, which says how the forecast fared, not that either is wrong."))
    if verdict in (CONSISTENT, WITHIN_ROUNDING):
        return "Same quantity; the official table agrees with the figure the source printed."
    if abs(gap) <= REVISION_RANGE:
        return (f"Same quantity; the figure differs from the official table by {n(abs(gap))}%, "
                "about what a statistical revision changes, so it may be revision rather than error.")
    return (f"Same quantity; the figure differs from the official one by {n(abs(gap))}%, more than a revision "
            "usually changes a level: the source or its reading is in doubt.")


# A revision of a provincial level after a census rarely moves it by more than a few percent.
REVISION_RANGE = 5.0


def official_trade(check: Check) -> Result:
    """A printed dollar trade figure against the official USD series (the customs definition), with the
    other definition shown."""
    f = check.stat(0)
    loc = figure("series", region=f.region, metric=derived.TRADE_USD, year=f.year)
    other = optional_figure("series", region=f.region, metric=derived.TRADE_USD_OTHER, year=f.year)
    lp, li = loc.in_unit(f.unit)
    verdict = agreement(lp, li, f.printed, f.qualifier)
    values = {"location": lp}
    text = f"Official USD series: {n(lp, 2)} by location of the trading business"
    if other is not None:
        values["destination"] = dp = other.in_unit(f.unit)[0]
        text += f", {n(dp, 2)} by domestic destination and source ({agreement(dp, other.in_unit(f.unit)[1], f.printed, f.qualifier)})"
    return Result(
        check.id, check.kind, "official",
        f"{region_name(f.region)}'s goods trade in {period_words(f.period)} was {f.shown()} ({publisher(f.source_id)}).",
        text + ".", f"{n(lp, 2)} against {f.shown()} printed.", verdict,
        f"±{half_unit(f.printed):g} on {f.printed} ({decimals_text(f.printed)} printed).",
        "Customs totals are counted by location of the trading business; comparisons must keep to one definition.",
        values=values, **refs(f, loc, other))


def official_yuan_trade(check: Check) -> Result:
    """An article's yuan trade figure and its growth against the official dollar series: different
    currencies, so only the ratio and the growth in each currency can be shown."""
    f, growth = check.stat(0), check.stat(1)
    now = derived.trade_ratio(f.region, f.year)
    values = {"ratio": now.point}
    computation = f"{f.printed} {f.unit} / official {n(now.usd.in_unit('billion US dollars')[0], 2)} billion US dollars = {n(now.point, 3)} yuan per dollar."
    prev = [r for r in derived.trade_ratios(f.region) if r.year == f.year - 1 and r.derived]
    if prev:
        before = prev[0]
        usd_growth = (now.usd.value / before.usd.value - 1) * 100
        values |= {"usd_growth": usd_growth, "prev_ratio": before.point}
        computation += (f" Growth: {growth.printed} percent in yuan against {n(usd_growth)} percent in the official dollars, "
                        f"a ratio of {n(before.point, 3)} for {f.year - 1}.")
    official = derived.exchange_rate(f.year)
    why = ("Cannot be checked as a rounding test: the official series is in dollars, the figure in yuan, and "
           + (f"the data hold no official exchange rate for {f.year}." if official is None else
              f"the ratio differs from the official rate of {n(official.value, 4)} by "
              f"{n((now.point / official.value - 1) * 100)}% because the two sources count trade differently."))
    return Result(
        check.id, check.kind, "official",
        f"{region_name(f.region)}'s goods trade in {period_words(f.period)} was {f.shown()}, up {growth.shown()} ({publisher(f.source_id)}).",
        computation, f"Ratio {n(now.point, 3)} yuan per dollar (a consistency check, not an exchange rate).", UNCHECKABLE,
        "Different currencies.", why, values=values, **refs(f, growth, now.usd, *(r.usd for r in prev)))


def decade_high(check: Check) -> Result:
    """'Reached its highest level in a decade' (no number printed): the claim's year is that of the figure
    printed in the same sentence; the official series over the decade to it."""
    anchor = check.stat(0)
    window = int(check.option("window", "10"))
    d = derived.decade_high(check.region, check.metric, anchor.year, window)
    span = d.span
    claim = (f"{region_name(check.region)}'s {label(check.metric)} in {anchor.year} was the highest in a decade "
             f"({publisher(anchor.source_id)}).")
    tolerance = "Two decimals printed in the series; a tie at that precision counts as highest."
    values = {"latest": d.latest, "latest_value": float(d.values[d.latest]), "latest_is_max": d.latest_is_highest,
              "claim_year": d.claim_year}
    if d.checkable:
        value, best = float(d.values[d.year]), float(span.max())
        return Result(check.id, check.kind, "official", claim,
                      f"{d.year}: {value:.2f} percent; highest of {d.year - window + 1}–{d.year}: {best:.2f}.",
                      f"{value:.2f} against {best:.2f}.", CONSISTENT if d.is_highest else INCONSISTENT, tolerance,
                      "Each year's value uses that year's GRP as first published (see the series notes).",
                      values=values | {"value": value, "best": best}, sources=(anchor.source_id, "nbs-rd-bulletin"))
    return Result(
        check.id, check.kind, "official", claim,
        (f"The series ends in {d.latest}: {d.values[d.latest]:.2f} percent, "
         f"{'the highest' if d.is_highest else 'not the highest'} of {d.latest - window + 1}–{d.latest} "
         f"(range {span.min():.2f}–{span.max():.2f})."),
        f"No {d.claim_year} value.", UNCHECKABLE, tolerance,
        (f"Cannot be checked: the official series stops at {d.latest}. The decade also spans a break in the "
         "denominator (GRP revisions), so 'highest in a decade' compares values on different bases."),
        values=values, sources=(anchor.source_id, "nbs-rd-bulletin"))
