"""The claims audit chapter's findings ("Checking the sources' arithmetic"): the audit run once, its
headline (tests, notes, sanity checks, independent tests), one sentence per check the chapter tells,
the implied exchange rates it charts, and each section's table. The checks themselves are in
``northeast.claims``; this module words their results for the chapter.
"""
from __future__ import annotations

import functools
from html import escape

import pandas as pd

from .. import claims, data, report
from ..claims import derived, figures

fmt, words = report.fmt, report.number_word
join_words = functools.partial(report.listing, empty="")
MARKS = {claims.CONSISTENT: "✔ consistent", claims.WITHIN_ROUNDING: "≈ within rounding",
         claims.INCONSISTENT: "✘ inconsistent", claims.UNCHECKABLE: "? cannot be checked",
         claims.PASSES: "sanity: passes", claims.FAILS: "sanity: fails"}


def stat(result, i):
    """The i-th statistics figure a result used."""
    return data.stat(result.refs[i])


class Audit:
    """One run of the checks table, with what the chapter says about it."""

    def __init__(self, results=None):
        self.results = claims.run() if results is None else results
        self.by_id = {r.check: r for r in self.results}
        self.number = {r.check: i for i, r in enumerate(self.results, start=1)}
        self.real = [r for r in self.results if r.test == "real"]
        self.sanity = [r for r in self.results if r.test == "sanity"]
        self.notes = [r for r in self.results if r.test == "note"]   # their kind cannot come out otherwise
        self.groups = claims.independent_groups(self.results)       # tests resting on one printed figure
        self.counts = claims.counts(self.results)

    # ----------------------------------------------------------------------- the headline
    def independent(self) -> str:
        shared = [g for g in self.groups if len(g) > 1]
        if not shared:
            return "Each test rests on figures of its own."
        return (f"These {len(self.real)} tests rest on {len(self.groups)} independent sets of printed figures: "
                + "; ".join(f"checks {join_words([str(self.number[c]) for c in g])} use the same printed figures"
                            for g in shared) + ", so each of those groups is one test, not several.")

    def notes_sentence(self) -> str:
        return "" if not self.notes else (
            f"{words(len(self.notes)).capitalize()} further checks "
            f"({join_words([str(self.number[r.check]) for r in self.notes])}) are of a kind that cannot come out "
            "otherwise (two readings of a sentence, a company told twice, a year in doubt): they record what the "
            "data hold and are not counted as tests.")

    def sanity_sentence(self) -> str:
        failed = claims.sanity_counts(self.results)[claims.FAILS]
        return "" if not self.sanity else (
            f"{words(len(self.sanity)).capitalize()} further sanity checks (a part not larger than its whole, a value "
            "inside a range) cannot fail on rounding and are not counted in these totals; "
            + ("all of them pass." if not failed else f"{words(failed)} of them fail."))

    # ----------------------------------------------------------------------- sentences about checks
    def sentence(self, check_id: str) -> str:
        """The chapter's sentence on one check; a check whose rows are missing from the data (or that is no
        longer in the checks table) gets a sentence saying so instead."""
        r = self.by_id.get(check_id)
        if r is None:
            return f"(The check {check_id} is not in the checks table.)"
        if r.verdict == claims.UNCHECKABLE and r.why.startswith("Cannot be checked (row missing)"):
            return f"Check {self.number[check_id]} cannot be checked: a row it needs is missing from the data."
        return SENTENCES[check_id](r)

    def of_kinds(self, *kinds) -> list:
        return [r for r in self.results if r.kind in kinds]

    def components_outcome(self) -> str:
        comp = self.of_kinds("components", "component_growth", "share")
        return "all consistent" if all(r.verdict == claims.CONSISTENT for r in comp) else (
            "not all consistent: " + "; ".join(f"check {self.number[r.check]} is {r.verdict}" for r in comp
                                               if r.verdict != claims.CONSISTENT))

    def parts_sentence(self) -> str:
        parts = self.of_kinds("part_of_whole")
        return "" if not parts else (
            f"The {words(len(parts))} parts set against their wholes are sanity checks (shares of "
            f"{join_words([fmt(r.values['share']) for r in parts if 'share' in r.values])} percent), and they "
            + ("all pass." if all(r.verdict == claims.PASSES for r in parts) else "do not all pass."))

    def repeats_sentence(self) -> str:
        return "; ".join(f"{r.claim[:-1]}: {r.verdict}" for r in self.of_kinds("repeat")) or "none"

    # ----------------------------------------------------------------------- yuan and dollars
    def official_rates(self) -> dict:
        """The official annual average rate of each year a conversion is printed for (None where the data lack it)."""
        fx = self.of_kinds("currency_conversion")
        return {y: derived.exchange_rate(y) for y in sorted({r.values["year"] for r in fx if "year" in r.values})}

    def rate_rule(self) -> str:
        official = self.official_rates()
        lacking = [str(y) for y, rate in official.items() if rate is None]
        return ("Yuan-dollar conversions are compared with the year's official average rate (the World Bank's "
                "\"official exchange rate\", from the IMF; the Federal Reserve's New York average is a cross-check)"
                + ("." if not lacking else
                   f"; for {join_words(lacking)} the data hold no such rate, and the conversion is compared instead "
                   "with the yuan per dollar that an article's yuan trade total and the official dollar series imply "
                   "for the same year. That ratio of two sources is a consistency check, not an exchange rate."))

    def rates(self) -> pd.DataFrame:
        """The yuan per dollar each printed conversion implies, and the trade ratios, newest first."""
        rows = [dict(kind="conversion", label=r.claim.split(" (")[0], rate=r.values["rate"], low=r.values["low"],
                     high=r.values["high"], date=figures.published(r.sources[0]), source_id=r.sources[0],
                     doubtful=r.values["doubtful"])
                for r in self.of_kinds("currency_conversion") if "rate" in r.values]
        rows += [dict(kind="ratio", label=b.label, rate=b.point, low=b.interval.low, high=b.interval.high,
                      date=pd.Timestamp(f"{b.year}-12-31"), source_id=b.yuan.source_id, doubtful=False)
                 for b in derived.trade_ratios()]
        frame = pd.DataFrame(rows, columns=["kind", "label", "rate", "low", "high", "date", "source_id", "doubtful"])
        return frame.sort_values("date", ascending=False).reset_index(drop=True)

    def rates_range(self) -> str:
        conv = self.rates().query("kind == 'conversion'")
        return (f"The yuan-dollar conversions imply rates between {fmt(conv['rate'].min(), 2)} and "
                f"{fmt(conv['rate'].max(), 2)} yuan per dollar") if len(conv) else "The data hold no yuan-dollar conversion"

    def conversions_summary(self) -> str:
        fx = self.of_kinds("currency_conversion")
        return "; ".join(f"{words(n)} {v}" for v in claims.VERDICTS if (n := sum(r.verdict == v for r in fx))) or "none"

    def conversions_off(self) -> str:
        off = [r for r in self.of_kinds("currency_conversion")
               if r.verdict == claims.INCONSISTENT and "diff_percent" in r.values]
        return "" if not off else (
            f"The conversions beyond rounding use {join_words([fmt(r.values['diff_percent']) for r in off])} percent "
            "more yuan per dollar than the comparison rate of their year. A conversion at the rate of the publication "
            "day rather than the year's average would do this, so \"inconsistent\" here means *not converted at the "
            "year's average*, not wrong.")

    # ----------------------------------------------------------------------- tables
    def table(self, section: str, caption: str) -> str:
        """One HTML table for a section: claim first, then computation, verdict, tolerance and reason."""
        head = "".join(f"<th>{escape(c)}</th>" for c in ("#", "Claim", "Computation and result", "Verdict",
                                                           "Tolerance and reason"))
        body = []
        for r in (r for r in self.results if r.section == section):
            cells = [str(self.number[r.check]), r.claim, f"{r.computation} {r.result}",
                     "note (not a test)" if r.test == "note" else MARKS[r.verdict],
                     f"{r.tolerance} {r.why}" if r.tolerance != "—" else r.why]
            body.append("<tr>" + "".join(f'<td style="vertical-align:top; text-align:left; padding-right:0.6em;'
                                         f'{" white-space:nowrap;" if i in (0, 3) else ""}">{escape(c)}</td>'
                                         for i, c in enumerate(cells)) + "</tr>")
        return (f'<div style="overflow-x:auto;"><table class="audit-table" style="font-size:0.85em;">'
                f'<caption style="caption-side:top; text-align:left; font-weight:bold;">{escape(caption)}</caption>'
                f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>')


# --------------------------------------------------------------------------- one sentence per told check
def _gap_hl(r):
    rate, gap = stat(r, 0), stat(r, 1)
    outcome = ("The data hold no national figure for that period, so the check stops there."
               if r.verdict == claims.UNCHECKABLE else f"Against the national figures the data hold it is {r.verdict}.")
    return (f"{figures.region_name(rate.region)}'s {figures.label(rate.metric)} was {rate.value_printed} percent in the "
            f"{figures.period_words(rate.period)}, {gap.value_printed} points above the national average: that implies "
            f"{fmt(r.values['implied'])} percent for China, but because of the rounding of the two printed figures the "
            f"true value could lie anywhere from {fmt(r.values['low'], 2)} to {fmt(r.values['high'], 2)} percent. {outcome}")


def _gap_jl(r):
    rate, gap = stat(r, 0), stat(r, 1)
    others = r.values["others"]
    tail = ("; " + join_words([f"{figures.region_name(code)}'s release, with a gap of its own, implies {fmt(point)}"
                               for code, point in others.items()]) + f", so the provinces' figures are {r.verdict}."
            if others else ", and no other province's release implies a national rate to compare with.")
    return (f"{figures.region_name(rate.region)}'s {rate.value_printed} percent {figures.label(rate.metric)} in "
            f"{figures.period_words(rate.period)} and its lead of {gap.value_printed} points imply "
            f"{fmt(r.values['implied'])} percent nationally" + tail)


def _above_ln(r):
    rate = stat(r, 0)
    outcome = {
        claims.CONSISTENT: "holds against every implied national rate for every value the rounding allows",
        claims.WITHIN_ROUNDING: (f"holds against every implied national rate at the printed values, but only by "
                                 f"{fmt(r.values.get('margin', 0))} of a point, one printed digit: rounding alone could "
                                 "close the gap, so it is consistent only within rounding"),
        claims.INCONSISTENT: "fails against the implied national rates for every value the rounding allows",
    }.get(r.verdict, "cannot be checked: the data imply no national rate for the year")
    return (f"The {figures.source_publisher(rate.source_id)} report that {figures.region_name(rate.region)}'s "
            f"{rate.value_printed} percent \"surpassed the national growth rate\" {outcome}.")


def _unit_jin(r):
    original, converted = stat(r, 0), stat(r, 1)
    outcome = {claims.CONSISTENT: "the conversion is exact at the precision shown",
               claims.WITHIN_ROUNDING: "only rounding separates the two"}.get(
        r.verdict, "at the precision it shows that is inconsistent (the tonnes were cut, or rounded to a coarser unit)")
    return (f"{figures.source_publisher(original.source_id)}'s {original.value_printed} {original.unit} of grain is "
            f"{fmt(r.values['computed'])} {converted.unit} and the release prints {converted.value_printed}: {outcome}.")


def _remainder(r):
    total, missing = stat(r, 0), r.values["missing"]
    text = (f"{figures.region_name(total.region)}'s cumulative trade over {figures.period_words(total.period)} averages "
            f"{fmt(r.values['average'])} billion dollars a year. ")
    if missing:
        text += (f"What the official series leaves for {missing[0]} to {missing[-1]} ({fmt(r.values['per_missing'])} "
                 f"billion a year) {'lies inside' if r.verdict == claims.PASSES else 'does not lie inside'} the range of "
                 f"the official years, a sanity check it {r.verdict}; the remainder itself cannot be checked, because "
                 "the official series starts after it. ")
    else:
        text += "The official series covers every year of the span. "
    return text + (f"It cannot be one year's trade (\"rose to\" in the text): that would be "
                   f"{fmt(r.values['single_year_multiple'])} times the official last-year level.")


def _grain(r):
    earlier, later = stat(r, 0), stat(r, 1)
    return (f"{figures.region_name(earlier.region)}'s {figures.label(earlier.metric)} is told by "
            f"{figures.source_publisher(earlier.source_id)} for {figures.period_words(earlier.period)} and by "
            f"{figures.source_publisher(later.source_id)} for {figures.period_words(later.period)} with its growth rate; "
            f"the later figures imply {fmt(r.values['implied'], 2)} {earlier.unit} for the earlier year, against "
            f"{earlier.value_printed} printed: {r.verdict}.")


def _decade(r):
    return (f"People's Daily's \"highest level in a decade\" for R&D intensity refers to {r.values['claim_year']}: "
            + (f"the series reaches that year, and the claim is {r.verdict}." if r.verdict != claims.UNCHECKABLE else
               f"the series stops at {r.values['latest']}, so the claim cannot be checked; the last official value "
               f"({fmt(r.values['latest_value'], 2)} percent) is "
               f"{'the highest' if r.values['latest_is_max'] else 'not the highest'} of the series, but its decade "
               "spans the GRP revisions that moved the denominator."))


SENTENCES = {
    "gap-hl-hightech": _gap_hl, "gap-jl-gdp": _gap_jl, "above-ln-gdp": _above_ln, "unit-jl-grain": _unit_jin,
    "unit-lishu-area": lambda r: f"Its mu-to-hectare conversion is {r.verdict}.",
    "multiple-lishu": lambda r: (
        f"\"Doubled over the past three years\" is a compound rate of about {fmt(r.values['annual'])} percent a year "
        f"(or {fmt(r.values['annual_short'])} percent if the three years are only two yearly steps); the data hold no "
        "earlier area to test it."),
    "remainder-ln-trade": _remainder,
    "reading-ftz-capital": lambda r: (
        f"In the Pilot Free Trade Zone, the registered capital is either {fmt(r.values['per_first'], 0)} million yuan "
        f"per foreign-invested enterprise or {fmt(r.values['per_second'], 0)} million per registered business, "
        "depending on how the sentence is read; nothing in the data decides."),
    "entity-bmw": lambda r: (
        f"{r.claim[:-1]}: {r.result[0].lower() + r.result[1:-1]}, so only one story's own figures can be set against "
        "each other (a part against its whole, a sanity check)."),
    "repeat-jl-grain": _grain,
    "year-ln-trade": lambda r: (
        f"The {figures.region_name(stat(r, 0).region)} trade total whose year is in doubt gives "
        + join_words([f"{fmt(v, 2)} yuan per dollar read as {y}" for y, v in sorted(r.values.items())])
        + " against the official dollar series; " + r.why[0].lower() + r.why[1:]),
    "official-jl-grp": lambda r: (
        f"{figures.region_name(stat(r, 0).region)}'s GDP of {stat(r, 0).value_printed} {stat(r, 0).unit} against the "
        f"official table ({fmt(r.values['official'], 4)} {stat(r, 0).unit} at current prices) is {r.verdict}."),
    "official-ln-grp": lambda r: (
        f"{figures.region_name(stat(r, 0).region)}'s provincial release against the same table is {r.verdict}."),
    "official-hl-trade": lambda r: (
        f"{figures.region_name(stat(r, 0).region)}'s trade in dollars is {r.verdict} with the series by location of "
        f"the trading business ({fmt(r.values['location'], 2)} billion)"
        + (f", against {fmt(r.values['destination'], 2)} billion by where goods are consumed or made"
           if "destination" in r.values else "") + ": comparisons must keep to one definition."),
    "official-ln-yuan-trade": lambda r: (
        f"{figures.region_name(stat(r, 0).region)}'s trade in yuan for {stat(r, 0).period} can only be set against "
        f"the dollar series through the ratio of the two ({fmt(r.values['ratio'], 2)} yuan per dollar), a "
        "consistency check, not an exchange rate."),
    "decade-ln-rd": _decade,
}
