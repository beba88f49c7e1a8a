"""The kinds of check the claims audit knows, one function each: a function takes a row of the checks
table (``Check``) and returns one ``Result``. KINDS maps each kind's name to its function and section.

Gaps and components, conversions (units and currencies), multiples and totals, repeated claims, and
claims against the official series. Derived figures come from ``derived`` (shared with the chapters).
"""
from __future__ import annotations

import re

from .. import trends, units
from . import derived
from .figures import Figure, factor_between, figures, label, optional_figure, period_words, region_name
from .figures import source_publisher as publisher
from .rounding import (CONSISTENT, FAILS, INCONSISTENT, PASSES, UNCHECKABLE, WITHIN_ROUNDING, Interval, agreement,
                       comparison, decimals, decimals_text, half_unit, number as n, round_half_up,
                       over_corners, worst)
from .runner import Check, Kind, Result, refs


def _national_rates(check: Check):
    """Every national rate implied by a gap for the check's metric and period (one per region and source)."""
    out = []
    for gap in figures(metric=f"{check.metric}_gap_national", period=check.period):
        if figures(region=gap.region, metric=check.metric, period=check.period, source_id=gap.source_id):
            out.append(derived.gap_implied_national(gap.region, check.metric, check.period, gap.source_id))
    return out


# --------------------------------------------------------------------------- gaps and components
def gap(check: Check) -> Result:
    """A rate and its gap over the national average imply the national rate; check it against a printed
    national figure, else against the national rates other regions' gaps imply."""
    mine = derived.gap_implied_national(check.region, check.metric, check.period)
    rate, g, point, interval = mine.rate, mine.gap, mine.point, mine.interval
    when, what = period_words(check.period), label(check.metric)
    base = dict(check=check.id, kind=check.kind, section="gaps",
                claim=(f"{region_name(check.region)}: {what} of {rate.shown()} in {when}, "
                       f"{g.shown()} above the national average."),
                computation=f"{rate.printed} − {g.printed} = {n(point)} percent implied for China (rounding interval {interval.text(2)}).",
                tolerance=(f"±{half_unit(rate.printed):g} on {rate.printed} and ±{half_unit(g.printed):g} on {g.printed}, "
                           f"so the implied rate lies in {interval.text(2)}."),
                values={"implied": point, "low": interval.low, "high": interval.high, "others": {}})
    printed = figures(region="CN", metric=check.metric, period=check.period)
    if printed:
        national = printed[0]
        return Result(**base, result=f"China's printed rate is {national.shown()}.",
                      verdict=agreement(point, interval, national.printed, national.qualifier),
                      why=f"Compared with the national figure printed by {publisher(national.source_id)}.",
                      **refs(rate, g, national))
    others = [o for o in _national_rates(check) if o.rate.region != check.region]
    if not others:
        return Result(**base, result=f"Implied national rate {n(point)} percent; nothing to compare it with.",
                      verdict=UNCHECKABLE,
                      why=f"Cannot be checked: the data hold no national {what} for {when}, printed or implied by another region's gap.",
                      **refs(rate, g))
    verdicts = [CONSISTENT if round_half_up(point, 1) == round_half_up(o.point, 1) else
                WITHIN_ROUNDING if interval.overlaps(o.interval) else INCONSISTENT for o in others]
    verdict = worst(verdicts)
    base["values"]["others"] = {o.rate.region: o.point for o in others}
    texts = [f"{region_name(o.rate.region)}'s {o.rate.printed} − {o.gap.printed} = {n(o.point)} ({o.interval.text(2)})" for o in others]
    base["computation"] += " Other regions' figures: " + "; ".join(texts) + "."
    return Result(**base, result=f"Implied national rates: {n(point)} here; " + ", ".join(n(o.point) for o in others) + " from the others.",
                  verdict=verdict,
                  why=({CONSISTENT: "The national rates implied by different provinces' releases agree at one decimal.",
                        WITHIN_ROUNDING: "The implied national rates differ at one decimal, but their rounding intervals overlap."}
                       .get(verdict, "The implied national rates differ beyond rounding."))
                  + f" No national {what} for {when} is printed in the data.",
                  **refs(rate, g, *[x for o in others for x in (o.rate, o.gap)]))


def same_printed_figure(a: Figure, b: Figure) -> bool:
    """Two sources printing one quantity (same place, measure, period and digits): one true value, so one
    rounding range, however many sources print it."""
    return (a.region, a.metric, a.period, a.printed, a.unit) == (b.region, b.metric, b.period, b.printed, b.unit)


def _margin(rate: Figure, implied) -> tuple[float, Interval]:
    """How far a rate lies above a national rate implied by (another region's, or its own) rate minus its
    gap, with the range rounding allows. When the implied rate starts from the same printed figure as the
    rate, that figure takes one value on both sides (rate - (rate - gap) = gap), not two independent ones."""
    if same_printed_figure(rate, implied.rate):
        return implied.gap.value, over_corners(lambda r, g: r - (r - g), rate.interval, implied.gap.interval)
    return (rate.value - implied.point,
            over_corners(lambda r, x, g: r - (x - g), rate.interval, implied.rate.interval, implied.gap.interval))


def above_national(check: Check) -> Result:
    """'Grew faster than the country' printed without a gap: the rate against every national rate the
    data's gaps imply for the same period."""
    rate = check.stat(0)
    implied = [o for o in _national_rates(check) if o.rate.source_id != rate.source_id]
    claim = (f"{region_name(rate.region)}: {label(rate.metric)} of {rate.shown()} in {period_words(rate.period)}, "
             f"above the national rate (no gap printed; {publisher(rate.source_id)}).")
    tolerance = f"±{half_unit(rate.printed):g} on {rate.printed}; each implied national rate carries its own interval."
    if not implied:
        return Result(check.id, check.kind, "gaps", claim, f"{rate.printed} percent; no national rate in the data.",
                      "Nothing to compare with.", UNCHECKABLE, tolerance,
                      f"Cannot be checked: the data hold no national {label(rate.metric)} for {period_words(rate.period)}.",
                      **refs(rate))
    verdict = worst([comparison(*_margin(rate, o), ">", 0, Interval.point(0)) for o in implied])
    margin = min(_margin(rate, o)[0] for o in implied)
    texts = [f"{region_name(o.rate.region)} ({publisher(o.rate.source_id)}): {o.rate.printed} − {o.gap.printed} = {n(o.point)}"
             + (f" (the same printed {o.rate.printed}, so only the gap's rounding counts)"
                if same_printed_figure(rate, o.rate) else "") for o in implied]
    why = {CONSISTENT: "Holds for every value the rounding of the printed figures allows.",
           WITHIN_ROUNDING: (f"Holds at the printed values, by {n(margin)} of a point; rounding alone could close "
                             "that gap, so the order rests on the sources' unrounded figures."),
           }.get(verdict, "Fails for every value the rounding allows.")
    return Result(check.id, check.kind, "gaps", claim,
                  "National rate implied by " + "; ".join(texts) + f"; {rate.printed} is {n(margin)} points above.",
                  f"{n(margin)} points above every implied national rate.", verdict, tolerance, why,
                  values={"margin": margin}, **refs(rate, *[x for o in implied for x in (o.rate, o.gap)]))


def components(check: Check) -> Result:
    """Parts (imports and exports; three sectors) against the printed total of the same source."""
    total, pieces = check.stat(0), [check.stat(i) for i in range(1, len(check.stats))]
    point = sum(p.in_unit(total.unit)[0] for p in pieces)
    interval = sum((p.in_unit(total.unit)[1] for p in pieces), Interval.point(0))
    names = [label(p.metric) for p in pieces]
    d = decimals(total.printed)
    return Result(
        check.id, check.kind, "gaps",
        f"{region_name(total.region)}, {period_words(total.period)}: {', '.join(names[:-1])} and {names[-1]} add up to the total of {total.shown()}.",
        " + ".join(p.printed for p in pieces) + f" = {n(point, d)} {total.unit}.",
        f"Sum {n(point, d)} against {total.printed} printed.", agreement(point, interval, total.printed),
        f"±{half_unit(total.printed):g} on each figure ({decimals_text(total.printed)} printed); the sum lies in {interval.text(d + 1)}.",
        "Same source, currency and unit, so any difference beyond rounding would be an error.",
        values={"sum": point}, **refs(total, *pieces))


def component_growth(check: Check) -> Result:
    """Parts with their growth rates imply last year's total and so the total's growth."""
    growth = check.stat(0)
    pairs = [(check.stat(i), check.stat(i + 1)) for i in range(1, len(check.stats), 2)]
    now = sum(v.value for v, _ in pairs)
    now_iv = sum((v.interval for v, _ in pairs), Interval.point(0))
    before = sum(trends.implied_base_level(v.value, g.value) for v, g in pairs)
    before_iv = sum((v.interval / (1 + g.interval / 100) for v, g in pairs), Interval.point(0))
    point = (now / before - 1) * 100
    interval = Interval((now_iv.low / before_iv.high - 1) * 100, (now_iv.high / before_iv.low - 1) * 100)
    steps = "; ".join(f"{label(v.metric)} {v.printed} / {1 + g.value / 100:.3f} = {n(trends.implied_base_level(v.value, g.value), 2)}"
                      for v, g in pairs)
    return Result(
        check.id, check.kind, "gaps",
        f"{region_name(growth.region)}, {period_words(growth.period)}: the total grew {growth.shown()}; "
        + ", ".join(f"{label(v.metric)} {g.shown()}" for v, g in pairs) + ".",
        f"Last year's {steps}; total {n(now, 2)} / {n(before, 2)} − 1 = {n(point, 2)} percent.",
        f"Growth implied by the parts {n(point, 2)} percent against {growth.printed} printed.",
        agreement(point, interval, growth.printed),
        f"Rounding of the inputs puts the implied growth in {interval.text(2)} percent.",
        "The parts' own growth rates reproduce the total's growth only if the release is internally coherent.",
        values={"growth": point}, **refs(growth, *[x for p in pairs for x in p]))


def share(check: Check) -> Result:
    """A part of a total as a share, against the printed share."""
    part, total, printed = check.stat(0), check.stat(1), check.stat(2)
    point = part.in_unit(total.unit)[0] / total.value * 100
    interval = part.in_unit(total.unit)[1] / total.interval * 100
    return Result(
        check.id, check.kind, "gaps",
        f"{region_name(total.region)}, {period_words(total.period)}: {label(part.metric)} ({part.entity}) was "
        f"{part.shown()}, {printed.shown()} of the total.",
        f"{part.printed} / {total.printed} × 100 = {n(point, 2)} percent.",
        f"{n(point, 2)} percent against {printed.printed} printed.", agreement(point, interval, printed.printed),
        f"±{half_unit(printed.printed):g} on the share ({decimals_text(printed.printed)} printed).",
        "Part, total and share come from the same release.", values={"share": point}, **refs(part, total, printed))


# --------------------------------------------------------------------------- conversions
def unit_conversion(check: Check) -> Result:
    """A physical conversion (jin to tonnes, mu to hectares): exact factors, so only rounding may differ."""
    original, converted = check.stat(0), check.stat(1)
    point, interval = original.in_unit(converted.unit)
    verdict = agreement(point, interval, converted.printed, converted.qualifier)
    return Result(
        check.id, check.kind, "conversions",
        f"{original.shown()} is {converted.shown()} ({label(original.metric)}, {period_words(original.period)}).",
        f"{original.printed} × {factor_between(original.unit, converted.unit):.10g} = {n(point, 3)} {converted.unit}.",
        f"{n(point, 3)} against {converted.printed} printed.", verdict,
        (f"±{half_unit(original.printed):g} on {original.printed} gives {interval.text(3)} {converted.unit}; "
         f"{converted.printed} with {decimals_text(converted.printed)} stands for {converted.interval.text(3)}."),
        {CONSISTENT: "The conversion is exact at the printed precision.",
         WITHIN_ROUNDING: "Only rounding separates the two figures."}.get(verdict, (
            f"The converted figure should read {n(point, decimals(converted.printed))} at the precision printed; "
            f"{converted.printed} is outside what rounding allows, so it was cut or rounded to a coarser unit than it shows.")),
        values={"computed": point}, **refs(original, converted))


def _quoted_pair(f: Figure) -> tuple[Figure, Figure]:
    """A yuan amount and its dollar conversion printed in a quote but not curated as rows (a threshold
    such as '100 million yuan ($13.6 million)')."""
    found = re.search(r"(\d[\d.]*) (million|billion|trillion) yuan \(\$(\d[\d.]*) (million|billion|trillion)\)", f.quote)
    if not found:
        raise LookupError(f"no 'N yuan ($M)' conversion in the quote of {f.ref}")
    y, yu, u, uu = found.groups()
    base = dict(source_id=f.source_id, region=f.region, metric=f.metric, period=f.period, entity=f.entity,
                note=f"threshold in the quote of {f.ref}", quote=f.quote)
    return (Figure(f"{f.ref}:yuan", printed=y, unit=f"{yu} yuan", **base),
            Figure(f"{f.ref}:usd", printed=u, unit=f"{uu} US dollars", **base))


CAVEAT = ("The rate is a whole year's average; a conversion at the rate of the publication day, or of another "
          "month, would differ from it, so beyond rounding means 'not converted at the year's average', not wrong.")


def currency_conversion(check: Check) -> Result:
    """A yuan amount and the dollars printed beside it, against the year's official annual average rate;
    without one in the data, against the yuan per dollar an article's trade total and the official
    dollar series imply for the same year (a ratio of two sources, not an exchange rate)."""
    yuan, usd = _quoted_pair(check.stat(0)) if check.option("from_quote") == "yes" else (check.stat(0), check.stat(1))
    rate = derived.conversion_rate(yuan, usd)
    what = f"threshold in the definition of '{label(yuan.metric)}'" if yuan.ref.endswith(":yuan") else label(yuan.metric)
    doubt = " (year doubtful in the data)" if yuan.doubtful_year else ""
    claim = f"{yuan.shown()} is {usd.shown()} ({what}, {period_words(yuan.period)}{doubt})."
    implied = f"{yuan.printed} / {usd.printed} (units aligned) = {n(rate.point, 3)} yuan per dollar ({rate.interval.text(3)} from the printed digits)"
    tolerance = f"±{half_unit(usd.printed):g} on {usd.printed} and ±{half_unit(yuan.printed):g} on {yuan.printed}."
    values = {"rate": rate.point, "low": rate.interval.low, "high": rate.interval.high, "year": yuan.year,
              "doubtful": yuan.doubtful_year}
    y_point, y_iv = yuan.base()
    u_factor = units.factor_to_base(usd.unit)
    official = derived.exchange_rate(yuan.year)
    if official is not None:
        cross = derived.exchange_rate(yuan.year, derived.CROSS_CHECK_RATE_METRIC)
        point, interval = y_point / official.value / u_factor, y_iv / official.value / u_factor
        verdict = agreement(point, interval, usd.printed, usd.qualifier)
        why_off = CAVEAT
        if verdict == INCONSISTENT:
            # a conversion at the day's rate is not wrong, and the data hold no daily rate: it cannot be checked
            verdict = UNCHECKABLE
            why_off = (f"Cannot be checked: the conversion is not at the {yuan.year} annual average "
                       f"({n(official.value, 4)}; it implies {n(rate.point, 3)}), so it may be at a day's or a month's "
                       "rate, and the data hold no daily or monthly rate.")
        cross_text = ""
        if cross is not None:
            cross_point = y_point / cross.value / u_factor
            cross_verdict = agreement(cross_point, y_iv / cross.value / u_factor, usd.printed, usd.qualifier)
            # the cross-check is worded like the verdict: beyond rounding means 'not at this rate either'
            cross_text = (f" Cross-check at {n(cross.value, 4)} ({label(cross.metric)}): {n(cross_point, 2)} {usd.unit}, "
                          + ("not at this average either." if cross_verdict == INCONSISTENT and verdict == UNCHECKABLE
                             else f"{cross_verdict}."))
            values["cross_check"] = cross_point
        return Result(check.id, check.kind, "conversions", claim,
                      f"{implied}; at the {yuan.year} official average of {n(official.value, 4)} yuan per dollar "
                      f"({label(official.metric)}), {yuan.printed} {yuan.unit} is {n(point, 2)} {usd.unit}.{cross_text}",
                      f"{n(point, 2)} against {usd.shown()} printed.", verdict, tolerance,
                      {CONSISTENT: "Converted at the year's official average rate.",
                       WITHIN_ROUNDING: "Matches the year's official average rate within rounding."}.get(verdict, why_off),
                      values=values | {"official_rate": official.value, "at_official": point}, **refs(yuan, usd, official))
    ratios = [r for r in derived.trade_ratios() if r.year == yuan.year and r.yuan.ref != yuan.ref]
    if not ratios:
        return Result(check.id, check.kind, "conversions", claim, implied + ".", f"Implied rate {n(rate.point, 3)}.",
                      UNCHECKABLE, tolerance,
                      (f"Cannot be checked: the data hold no official exchange rate for {yuan.year} and no other "
                       f"yuan-and-dollar trade pair for that year to compare with (a figure's own ratio to the official "
                       f"dollar series is checked against that series instead)."), values=values, **refs(yuan, usd))
    b = ratios[0]
    point, interval = y_point / b.point / u_factor, y_iv / b.interval / u_factor
    verdict = agreement(point, interval, usd.printed, usd.qualifier)
    diff = (rate.point / b.point - 1) * 100
    return Result(check.id, check.kind, "conversions", claim,
                  (f"{implied}; at the {b.year} ratio of {b.label} to the official dollar series ({n(b.point, 3)}), "
                   f"{yuan.printed} {yuan.unit} is {n(point, 2)} {usd.unit}."),
                  f"{n(point, 2)} against {usd.shown()} printed; the conversion uses {n(abs(diff))}% "
                  f"{'more' if diff > 0 else 'fewer'} yuan per dollar.", verdict, tolerance,
                  (f"No official exchange rate for {yuan.year} in the data: compared with a ratio of two sources, a "
                   f"consistency check. " + ({CONSISTENT: "They agree.", WITHIN_ROUNDING: "They agree within rounding."}
                                            .get(verdict, CAVEAT))),
                  values=values | {"ratio": b.point, "diff_percent": diff}, **refs(yuan, usd, b.yuan, b.usd))


# --------------------------------------------------------------------------- multiples and totals
def multiple(check: Check) -> Result:
    """'Doubled in three years': the implied compound annual growth; with no earlier level, unchecked."""
    m, level = check.stat(0), check.stat(1)
    start, end = m.period.split("/")
    years = int(end[:4]) - int(start[:4]) + 1
    rate, rate_short = trends.implied_annual_rate(m.value, years), trends.implied_annual_rate(m.value, years - 1)
    return Result(
        check.id, check.kind, "totals",
        f"{m.entity}: the area {'doubled' if m.value == 2 else f'grew {m.printed} times'} over {years} years "
        f"({period_words(m.period)}), to {level.shown()}.",
        f"{m.printed}^(1/{years}) − 1 = {n(rate)} percent a year; read as {years - 1} yearly steps, {n(rate_short)} percent. "
        f"The start level was {n(level.value / m.value)} {level.unit}.",
        f"About {n(rate, 0)} percent a year.", UNCHECKABLE,
        f"'Doubled' is a round word: the multiple is not a measured {n(m.value, 1)}.",
        "Cannot be checked: the data hold no earlier area, only the end level; the period is also doubtful (see the figure's note).",
        values={"annual": rate, "annual_short": rate_short}, **refs(m, level))


def part_of_whole(check: Check) -> Result:
    """Sanity: a part (a count, a plant's cost) is not larger than its whole."""
    part, whole = check.stat(0), check.stat(1)
    p, w = part.base()[0], whole.base()[0]
    inside = not ("/" in whole.period and not "/" in part.period) or whole.period.split("/")[0] <= part.period
    share = trends.share_percent(p, w)
    what = part.entity or region_name(part.region)
    return Result(
        check.id, check.kind, "totals",
        f"{what}: {part.shown()} ({label(part.metric)}, {period_words(part.period)}) is part of {whole.shown()} "
        f"({whole.entity or region_name(whole.region)}, {label(whole.metric)}, {period_words(whole.period)}).",
        f"{part.printed} / {whole.printed} (units aligned) = {n(share)} percent.", f"{n(share)} percent.",
        PASSES if p <= w and inside else FAILS, "A sanity check: a part must not exceed its whole; rounding cannot change that.",
        "Coherent; the data hold nothing else to check either number against." if p <= w and inside else
        "The part exceeds its whole (or falls outside its period).",
        test="sanity", values={"share": share}, **refs(part, whole))


def two_readings(check: Check) -> Result:
    """An amount attached to one count or to another: what each reading implies per unit."""
    amount, first, second = check.stat(0), check.stat(1), check.stat(2)
    cap = amount.base()[0]
    per_first, per_second = cap / first.value / 1e6, cap / second.value / 1e6
    return Result(
        check.id, check.kind, "totals",
        f"The {first.printed} {label(first.metric).lower()} have {label(amount.metric).lower()} of {amount.shown()}.",
        (f"{amount.printed} {amount.unit} / {first.printed} = {n(per_first)} million yuan each; "
         f"/ {second.printed} ({label(second.metric).lower()}) = {n(per_second)} million yuan each."),
        f"{n(per_first, 0)} or {n(per_second, 0)} million yuan each, depending on the reading.", UNCHECKABLE,
        "Not a rounding question.",
        "Cannot be checked: the sentence can be read either way and the data hold nothing to decide.",
        values={"per_first": per_first, "per_second": per_second}, **refs(amount, first, second))


def trade_remainder(check: Check) -> Result:
    """Sanity: a total over a span of years against the official annual series for the years it covers;
    the remainder for the years the series lacks is possible or not, but it cannot be checked."""
    r = derived.trade_remainder(check.region, check.period)
    total, low, high = r.total, *r.official_range
    first, last = r.years[0], r.years[-1]
    covered = f"{min(r.covered)}–{max(r.covered)}"
    missing = f"{r.missing[0]}–{r.missing[-1]}" if r.missing else ""
    computation = (f"{total.printed} / {len(r.years)} years = {n(r.average, 2)} a year on average; the official series "
                   f"(location of the trading business) sums to {n(r.covered_sum, 2)} for {covered}, leaving {n(r.rest, 2)}"
                   + (f", {n(r.per_missing, 2)} a year, for {missing}." if r.missing else ".")
                   + f" As one year's trade it would be {n(r.single_year_multiple())} times the official {max(r.covered)} level.")
    passes = r.rest >= 0 and (not r.missing or low <= r.per_missing <= high)
    if r.rest < 0:
        why = "The official years alone exceed the stated total."
    elif not r.missing:
        why = "The official series covers every year of the span."
    else:
        why = (f"The remainder for {missing} ({n(r.per_missing, 1)} a year; {n(r.per_missing_other, 1)} with the other "
               f"definition of trade) is {'inside' if passes else 'outside'} the range of the official years "
               f"({n(low, 1)} to {n(high, 1)}), but the remainder itself cannot be checked: the official series starts in "
               f"{min(r.covered)}. 'Rose to' in the text is loose: it cannot be one year's trade.")
    return Result(
        check.id, check.kind, "totals",
        f"{region_name(check.region)}'s goods trade totalled {total.shown()} over {first}–{last}.", computation,
        (f"{n(r.per_missing, 1)} a year for {missing}; official years {n(low, 1)} to {n(high, 1)}." if r.missing
         else f"Remainder {n(r.rest, 2)}."),
        PASSES if passes else FAILS,
        "A sanity check, not a rounding test: the remainder must be positive and, a year at a time, inside the range of the official annual levels.",
        why, test="sanity",
        values={"average": r.average, "covered_sum": r.covered_sum, "rest": r.rest, "per_missing": r.per_missing,
                "single_year_multiple": r.single_year_multiple(), "missing": tuple(r.missing)},
        **refs(total, *[optional_figure("series", region=check.region, metric=derived.TRADE_USD, year=y) for y in r.covered]))


from .official import decade_high, doubtful_year, entity_overlap, official_level, official_trade  # noqa: E402
from .official import official_yuan_trade, repeat, repeated_level  # noqa: E402
from .growth import national_beside, official_real_growth  # noqa: E402

C, W, I, U, P, F = CONSISTENT, WITHIN_ROUNDING, INCONSISTENT, UNCHECKABLE, PASSES, FAILS
# Each kind with every outcome its function can return (the runner checks it): a kind with one outcome
# cannot come out otherwise, so its checks are notes, not tests.
KINDS = {name: Kind(function, section, outcomes) for name, (function, section, outcomes) in {
    "gap": (gap, "gaps", (C, W, I, U)), "above_national": (above_national, "gaps", (C, W, I, U)),
    "components": (components, "gaps", (C, W, I)), "component_growth": (component_growth, "gaps", (C, W, I)),
    "share": (share, "gaps", (C, W, I)), "national_beside": (national_beside, "gaps", (C, W, I, U)),
    "unit_conversion": (unit_conversion, "conversions", (C, W, I)),
    "currency_conversion": (currency_conversion, "conversions", (C, W, I, U)),
    "multiple": (multiple, "totals", (U,)), "part_of_whole": (part_of_whole, "totals", (P, F)),
    "two_readings": (two_readings, "totals", (U,)), "trade_remainder": (trade_remainder, "totals", (P, F)),
    "repeat": (repeat, "repeats", (C, W, I)), "entity_overlap": (entity_overlap, "repeats", (U,)),
    "repeated_level": (repeated_level, "repeats", (C, W, I)), "doubtful_year": (doubtful_year, "repeats", (U,)),
    "official_level": (official_level, "official", (C, W, I, U)),
    "official_trade": (official_trade, "official", (C, W, I, U)),
    "official_yuan_trade": (official_yuan_trade, "official", (U,)),
    "decade_high": (decade_high, "official", (C, I, U)),
    "official_real_growth": (official_real_growth, "official", (C, W, I, U)),
}.items()}
