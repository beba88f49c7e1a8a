"""Chapter 05's derived figures (innovation capacity and industrial structure): the articles' counts,
and the R&D-intensity series with its breaks, trends and a consistent-denominator recomputation.

Every trend is fitted over one window (from the last break in the GRP denominators to the last year),
with an autocorrelation-robust interval (``trends.linear_trend``) and its own Durbin-Watson statistic;
a slope or a gap trend whose interval crosses zero is "not clearly different from zero"."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import data, report, trends
from ..claims import derived
from ..claims.figures import lookup

REGIONS = ["CN-LN", "CN", "CN-JL", "CN-HL"]
fmt = report.fmt


# ----------------------------------------------------------------------------- what the articles count
def article_figures() -> dict:
    """The single figures the chapter quotes (rows of statistics.csv) and the two coverage shares."""
    innovation = data.statistics(theme="innovation", region="CN-LN",
                                 metric=["national_innovation_platform_count", "technology_contract_value_growth"])
    structure = data.statistics(theme="industry", region=["CN-LN", "CN"],
                                metric=["industrial_subcategory_count", "industrial_sector_count",
                                        "trillion_yuan_industrial_base_count", "industrial_cluster_count",
                                        "high_tech_manufacturing_va_growth"])

    def row(frame, metric, region="CN-LN", **more):
        return lookup("statistics", frame, metric=metric, region=region, **more)

    out = {"platforms": row(innovation, "national_innovation_platform_count"),
           "tech": row(innovation, "technology_contract_value_growth"),
           "bases": row(structure, "trillion_yuan_industrial_base_count"),
           "clusters": row(structure, "industrial_cluster_count")}
    out["hightech"] = row(structure, "high_tech_manufacturing_va_growth", period=out["tech"]["period"])
    for key, metric in (("sectors", "industrial_sector_count"), ("subcats", "industrial_subcategory_count")):
        part, whole = row(structure, metric), row(structure, metric, "CN")
        out[key] = dict(part=part, whole=whole, share=trends.share_percent(part["value"], whole["value"]))
    return out


# ----------------------------------------------------------------------------- R&D intensity
@dataclass(frozen=True)
class RD:
    intensity: pd.DataFrame      # the bulletins' rows (long)
    rd: pd.DataFrame             # percent of GRP as first published, one column per region
    first: int
    last: int
    claim_year: int              # the article's year for "highest in a decade"
    decade: derived.DecadeHigh
    breaks: dict                 # region -> first year on a reset GRP denominator
    census_year: int             # the economic census behind Jilin's and Heilongjiang's revision
    trend_first: int             # the one window of every trend: trend_first..last
    ln_trend: trends.LinearTrend
    cn_trend: trends.LinearTrend
    gap_trend: trends.LinearTrend

    @property
    def span(self) -> pd.DataFrame:
        return self.rd.loc[self.trend_first:]

    @property
    def gap_last(self) -> float:
        """Percentage points by which Liaoning's intensity was below China's in the last year."""
        return self.rd.loc[self.last, "CN"] - self.rd.loc[self.last, "CN-LN"]


def rd_intensity(claim_year: int) -> RD:
    intensity = data.series(metric="rd_intensity", region=REGIONS)
    rd = intensity.pivot(index="year", columns="region", values="value").sort_index()
    breaks = derived.rd_break_years(["CN-LN", "CN-JL", "CN-HL"])     # where the first-published GRP was reset
    census_year = min(breaks["CN-JL"], breaks["CN-HL"]) - 1
    # after the last break in the denominators: Liaoning's reset and the census revision of every province's GRP
    trend_first = max(breaks["CN-LN"], census_year + 1)
    span = rd.loc[trend_first:]
    return RD(intensity, rd, int(rd.index.min()), int(rd.index.max()), claim_year,
              derived.decade_high("CN-LN", "rd_intensity", claim_year), breaks, census_year, trend_first,
              trends.linear_trend(span.index, span["CN-LN"]), trends.linear_trend(span.index, span["CN"]),
              trends.linear_trend(span.index, span["CN-LN"] - span["CN"]))


def interval(t: trends.LinearTrend, digits: int = 3) -> str:
    return f"{fmt(t.slope_low, digits)} to {fmt(t.slope_high, digits)}"


def slope_text(t: trends.LinearTrend, digits: int = 3) -> str:
    """'rises by 0.052 percentage points a year (95 percent interval 0.031 to 0.073)', or, when the
    interval crosses zero, 'is not clearly different from zero (0.010 points a year, 95 percent
    interval -0.020 to 0.040)'."""
    ci = f"95 percent interval {interval(t, digits)}"
    if not t.clear:
        return f"is not clearly different from zero ({fmt(t.slope, digits)} points a year, {ci})"
    return f"{'rises' if t.slope > 0 else 'falls'} by {fmt(abs(t.slope), digits)} percentage points a year ({ci})"


def verdict(t: trends.LinearTrend) -> str:
    return "not clearly different" if not t.clear else "narrowing" if t.slope_low > 0 else "widening"


def gap_verdict(t: trends.LinearTrend) -> str:
    """What the trend of Liaoning's intensity minus China's says, in words chosen by its interval."""
    if not t.clear:
        return ("not clearly different from zero: over so few years the published figures cannot tell whether "
                "Liaoning is catching up with the country or falling further behind.")
    return "narrowing." if t.slope_low > 0 else "widening."


def durbin_watson_text(r: "RD", consistent: "Consistent") -> str:
    fits = [("Liaoning", r.ln_trend), ("China", r.cn_trend), ("the gap", r.gap_trend),
            ("Liaoning recomputed", consistent.ln_trend), ("the recomputed gap", consistent.gap_trend)]
    return report.listing(f"{name} {fmt(t.durbin_watson, 2)}" for name, t in fits)


def checkable_text(r: RD) -> str:
    d = r.decade
    return (f"the claim cannot be checked for {r.claim_year}" if not d.checkable else
            f"the claim can be checked: {r.claim_year} was {'' if d.is_highest else 'not '}the highest of its decade")


def latest_text(r: RD) -> str:
    ln, d = r.rd["CN-LN"], r.decade
    if d.latest_is_highest:
        return (f"What the series does show is that {r.last} was already the highest year in it: Liaoning's intensity "
                f"was {fmt(ln.loc[r.last], 2)} percent, above every year back to {r.first} (the previous high was "
                f"{fmt(d.previous_best, 2)} percent in {d.previous_best_year}).")
    return (f"In {r.last} Liaoning's intensity was {fmt(ln.loc[r.last], 2)} percent, below its high of "
            f"{fmt(d.previous_best, 2)} percent in {d.previous_best_year}.")


# ----------------------------------------------------------------------------- one denominator
@dataclass(frozen=True)
class Consistent:
    """R&D spending over the back-revised GRP series: the same ratio without the denominator breaks."""
    rc: pd.DataFrame             # percent, one column per region
    since: int                   # the first year of the run up to the last year that the last year tops
    revised_down_pct: float      # how far the revision cut Liaoning's GRP in the census year
    ln_trend: trends.LinearTrend
    cn_trend: trends.LinearTrend
    gap_trend: trends.LinearTrend


def consistent(r: RD) -> Consistent:
    spend = data.series(metric="rd_expenditure", region=["CN-LN", "CN"]).pivot(index="year", columns="region",
                                                                                 values="value")
    grp = data.series(metric="grp_nominal", vintage="revised", region=["CN-LN", "CN"]).pivot(
        index="year", columns="region", values="value")
    rc = (spend / grp * 100).dropna().sort_index()
    ln = rc["CN-LN"]
    higher = ln[(ln.index < r.last) & (ln >= ln.loc[r.last])]
    since = int(higher.index.max()) + 1 if len(higher) else int(rc.index.min())
    first_pub = data.series(metric="grp_nominal", vintage="first_published", region="CN-LN").set_index("year")["value"]
    cut = trends.share_percent(first_pub.loc[r.census_year] - grp.loc[r.census_year, "CN-LN"], first_pub.loc[r.census_year])
    span = rc.loc[r.trend_first:]
    return Consistent(rc, since, cut, trends.linear_trend(span.index, span["CN-LN"]),
                      trends.linear_trend(span.index, span["CN"]),
                      trends.linear_trend(span.index, span["CN-LN"] - span["CN"]))


def consistent_clause(r: RD, c: Consistent) -> str:
    ln = c.rc["CN-LN"]
    if c.since <= int(c.rc.index.min()):
        return "is the highest of every year in the series"
    return (f"is the highest of the years from {c.since} on, which is "
            f"{'within' if r.last - c.since < 10 else 'more than'} a decade, but it is below {int(ln.idxmax())}")


def pace_text(t: trends.LinearTrend, gap: float) -> str:
    """Liaoning against the country since its reset, from a gap trend's interval."""
    if not t.clear:
        return (f"the province rose about as fast as the country since its statistical reset without closing the gap "
                f"of {fmt(gap, 2)} points")
    if t.slope_low > 0:
        return f"since its statistical reset the province has been closing the gap, which is {fmt(gap, 2)} points"
    return f"since its statistical reset the province has fallen further behind, to a gap of {fmt(gap, 2)} points"


def answer(r: RD, c: Consistent) -> str:
    d, ln_rc = r.decade, c.rc["CN-LN"]
    gap_rc = c.rc.loc[r.last, "CN"] - ln_rc.loc[r.last]
    opening = (f"On the published R&D figures, {r.last} was Liaoning's highest intensity since at least {r.first}, and "
               if d.latest_is_highest else
               f"On the published R&D figures, Liaoning's intensity in {r.last} was below its {d.previous_best_year} "
               "high, and ")
    high = (f"On a consistent denominator the high holds only for the years from {c.since} on"
            + (": \"highest in a decade\" is the most the data support" if r.last - c.since < 10 else "")
            if c.since > int(c.rc.index.min()) else "On a consistent denominator it is the highest of the whole series too")
    return (opening + pace_text(r.gap_trend, r.gap_last) + ". " + high
            + (f", and for {r.claim_year} it remains the article's word." if not d.checkable else ".")
            + (" The gap's trend on that denominator says the same." if verdict(c.gap_trend) == verdict(r.gap_trend)
               else " On that denominator " + pace_text(c.gap_trend, gap_rc) + "."))
