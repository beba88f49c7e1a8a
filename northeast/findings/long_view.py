"""Chapter 07's derived figures (the long view: output and growth), and the sentences whose wording
the data choose. The chapter fetches these, draws and says."""
from __future__ import annotations

from dataclasses import dataclass

import matplotlib.ticker as mticker
import numpy as np
import pandas as pd

from .. import charts, data, facts, official, periods, report
from ..claims import derived

PROVINCES = facts.PROVINCES
NAMES = dict(charts.REGION_NAMES, **facts.LABELS)
BENCH_WORDS = {facts.CHINA: "China's official rate", facts.PROVINCES_SUM: "the 31 provinces combined"}
fmt, years_text = report.fmt, report.years_text


def gap_note(frame: pd.DataFrame, what: str) -> str:
    """' GRP missing for Jilin 2009; the lines break there.' for columns with holes, or ''."""
    holes = {c: official.missing_years(frame[c]) for c in frame.columns}
    parts = [f"{NAMES.get(c, c)} {years_text(y)}" for c, y in holes.items() if y]
    return f" {what} missing for {report.listing(parts)}; the lines break there." if parts else ""


# ----------------------------------------------------------------------------- shares of China
@dataclass(frozen=True)
class Shares:
    gdp: pd.DataFrame            # each province's (and the three's) percent of the 31 provinces' GRP
    population: pd.DataFrame     # the same for year-end population
    common: pd.Index             # the years both the three's shares hold
    gdp_drop: float              # percent of its starting size by which each share fell over ``common``
    pop_drop: float


def shares() -> Shares:
    """The shares, and how much each fell over one window: the years both hold, from the population's
    last basis break (``periods.within_basis``), so that the people's share is compared on one basis."""
    gdp, pop = facts.output_share(), facts.population_share()
    ne_gdp, ne_pop = gdp[facts.NORTHEAST].dropna(), pop[facts.NORTHEAST].dropna()
    common = ne_gdp.index.intersection(ne_pop.index)
    common = common[common >= periods.within_basis(common[0], common[-1], facts.basis_breaks())]
    return Shares(gdp, pop, common, (ne_gdp[common[0]] - ne_gdp[common[-1]]) / ne_gdp[common[0]] * 100,
                  (ne_pop[common[0]] - ne_pop[common[-1]]) / ne_pop[common[0]] * 100)


def share_comparison(s: Shares) -> str:
    return (f"Over {s.common[0]}–{s.common[-1]} their share of output {report.change_word(0, -s.gdp_drop)} by "
            f"{fmt(abs(s.gdp_drop), 0)}% of its starting size and their share of the people (year-end population, "
            f"same base, counted within one statistical basis) by {fmt(abs(s.pop_drop), 0)}%: " +
            ("the region's weight in output fell faster than its weight in people." if s.gdp_drop > s.pop_drop
             and s.gdp_drop > 0 else "output did not lose weight faster than population."))


def latest_levels(year: int) -> str:
    """The three provinces' GRP in ``year`` as printed: '32613.3 for Liaoning, ...'."""
    rows = data.series(metric="grp_nominal", vintage=facts.GRP_VINTAGE, region=PROVINCES, year=int(year))
    printed = dict(zip(rows["region"], rows["value_printed"]))
    return report.listing(f"{printed[c]} for {NAMES[c]}" for c in PROVINCES)


def share_lacking(last_year: int) -> str:
    """Why the shares stop before the newest GRP year, or '' when every province has it."""
    incomplete_year, having = facts.grp_year_incomplete()
    if incomplete_year is None:
        return ""
    others = len(facts.all_provinces()) - len([c for c in having if c != facts.CHINA])
    return (f"GRP for {incomplete_year} is in the data for {report.listing(NAMES.get(c, c) for c in having)} but not "
            f"yet for the other {others} provinces, so the shares of the 31 provinces' sum, and output per person "
            f"below, stop at {last_year}.")


# ----------------------------------------------------------------------------- output per person
def per_person_summary(relative: pd.DataFrame) -> str:
    crossed = [NAMES[c] for c in PROVINCES if relative[c].iloc[0] >= 100 > relative[c].iloc[-1]]
    below = [NAMES[c] for c in PROVINCES if relative[c].iloc[-1] < 100]
    return ((f"{report.listing(crossed)} fell from at or above the national level to below it; " if crossed else "")
            + f"in {relative.index.max()}, "
            + ("all three" if len(below) == len(PROVINCES) else report.listing(below) if below else "none")
            + " stood below the national level.")


def per_person_lacking() -> str:
    lacking = facts.output_lacking_population()
    return (f"GRP for {years_text(lacking)} is in the data but population is not yet, so the ratio stops earlier; "
            "it is not extrapolated." if lacking else "")


# ----------------------------------------------------------------------------- real growth against a benchmark
OLD, NEW = list(facts.REAL_VINTAGES)
BREAK = facts.trends.BREAK_YEAR


@dataclass(frozen=True)
class RealGrowth:
    growth: dict            # vintage -> yearly real growth, percent, by region
    bench: dict             # vintage -> the benchmark's region code
    gaps: dict              # vintage -> {region: facts.GapFit}; the old vintage split at BREAK

    def window(self, part: str = "overall", vintage: str = OLD) -> str:
        return facts.window_label(self.gaps[vintage][facts.NORTHEAST], part, BREAK if vintage == OLD else None)


def real_growth() -> RealGrowth:
    bench = {v: facts.benchmark(v) for v in (OLD, NEW)}
    return RealGrowth({v: facts.real_growth(v) for v in (OLD, NEW)}, bench,
                      {OLD: facts.growth_gaps(OLD, bench[OLD], BREAK), NEW: facts.growth_gaps(NEW, bench[NEW])})


def verdict(m) -> str:
    return "clearly slower" if m.ci[1] < 0 else "clearly faster" if m.ci[0] > 0 else "not clearly different"


def ci_text(m) -> str:
    return report.gap_text(m.mean, m.ci)


def bench_check(r: RealGrowth) -> str:
    """How far the revised index's benchmark (the 31 provinces combined) runs from China's official rate."""
    old, new = r.growth[OLD], r.growth[NEW]
    if facts.PROVINCES_SUM not in new or facts.CHINA not in old:
        return ""
    overlap = (new[facts.PROVINCES_SUM] - old[facts.CHINA]).dropna()
    return (f"Where both exist ({years_text(overlap.index)}), the provinces combined grew {fmt(overlap.min(), 1)} to "
            f"{fmt(overlap.max(), 1)} points a year {'faster' if overlap.mean() > 0 else 'slower'} than China's "
            "official rate, so gaps against the combination are shifted by about that much." if len(overlap) else "")


def old_gap_sentence(r: RealGrowth) -> str:
    gaps, ne = r.gaps[OLD], r.gaps[OLD][facts.NORTHEAST]
    return (f"in {r.window()} the three provinces together grew {ci_text(ne.overall)} than "
            f"{BENCH_WORDS[r.bench[OLD]]}: {verdict(ne.overall)}. In {r.window('before')} they grew "
            f"{ci_text(ne.before)}: {verdict(ne.before)}; the yearly gaps of "
            + report.listing(f"{NAMES[c]} averaged {fmt(gaps[c].before.mean, 1)}" for c in PROVINCES) + " points.")


def old_change_sentence(r: RealGrowth) -> str:
    gaps, ne = r.gaps[OLD], r.gaps[OLD][facts.NORTHEAST]
    widened = [c for c in PROVINCES if gaps[c].change < 0 and gaps[c].change_p < 0.05]
    return (f"in {r.window('after')}, they grew {ci_text(ne.after)} ({verdict(ne.after)}), a change of "
            f"{fmt(ne.change, 1)} points (p {report.p_text(ne.change_p)}). Province by province, it "
            + (f"clearly widened for {report.listing(NAMES[c] for c in widened)}" if widened else "widened clearly for none")
            + " (" + "; ".join(f"{NAMES[c]}: {fmt(gaps[c].after.mean, 1)} after, p {report.p_text(gaps[c].change_p)}"
                               for c in PROVINCES) + ").")


def new_gap_sentence(r: RealGrowth) -> str:
    gaps, ne = r.gaps[NEW], r.gaps[NEW][facts.NORTHEAST]
    return (f"in {ne.years[0]}–{ne.years[-1]} the three provinces together grew {ci_text(ne.overall)} than "
            f"{BENCH_WORDS[r.bench[NEW]]}: {verdict(ne.overall)} ("
            + "; ".join(f"{NAMES[c]} {ci_text(gaps[c].overall)}" for c in PROVINCES) + ").")


def durbin_watson_sentence(r: RealGrowth) -> str:
    old, new = r.gaps[OLD][facts.NORTHEAST], r.gaps[NEW][facts.NORTHEAST]
    return (f"for the three provinces together it is {fmt(old.overall.durbin_watson, 2)} over {r.window()}, "
            f"{fmt(old.durbin_watson, 2)} for the before/after fit and {fmt(new.overall.durbin_watson, 2)} in the "
            f"revised index ({r.window(vintage=NEW)}).")


def gap_periods(r: RealGrowth) -> list[tuple]:
    """The gap chart's periods: (vintage, which mean of a GapFit, marker, legend label, CSV period)."""
    revised = r.window(vintage=NEW)
    return [(OLD, "before", "o", r.window("before"), r.window("before").replace("–", "/")),
            (OLD, "after", "s", r.window("after"), r.window("after").replace("–", "/")),
            (NEW, "overall", "D", f"{revised} (revised)", revised.replace("–", "/"))]


def gap_values(r: RealGrowth, order: list[str]) -> pd.DataFrame:
    """One row per region and period: the mean gap, its interval, the fit's Durbin-Watson and years."""
    rows = []
    for code in order:
        for vintage, part, _, _, period in gap_periods(r):
            m = getattr(r.gaps[vintage][code], part)
            rows.append({"region": NAMES[code], "period": period, "value": m.mean, "ci_low": m.ci[0],
                         "ci_high": m.ci[1], "durbin_watson": m.durbin_watson, "years": m.n,
                         "unit": "points a year, real growth minus the benchmark's"})
    return pd.DataFrame(rows)


def revision_index_sentence(r: RealGrowth) -> str:
    both = (r.growth[NEW][PROVINCES] - r.growth[OLD][PROVINCES]).dropna(how="all")
    return (f"The revised GRP index differs from the old one by at most {fmt(report.bound_up(both.abs().max().max()), 1)} "
            f"points a year in the years both cover ({years_text(both.index)})." if not both.empty else "")


# ----------------------------------------------------------------------------- the articles' claims
LN_RELEASE, JL_PAGE = "mysteel-2024-01-liaoning-release", "gojilin-2024-01-22-jilin-gdp"


def growth_claim():
    """Liaoning's 2023 growth claim: the national rates implied by Liaoning's and Jilin's stated gaps."""
    return (derived.gap_implied_national("CN-LN", "real_gdp_growth", "2023", source_id=LN_RELEASE),
            derived.gap_implied_national("CN-JL", "real_gdp_growth", "2023", source_id=JL_PAGE))


def gap_sentence(ln, jl) -> str:
    return (f"The provincial release puts Liaoning {ln.gap.printed} points above the nation in {ln.rate.year}, "
            f"implying a national rate of {fmt(ln.point)}%; Jilin's page ({jl.rate.printed}% minus {jl.gap.printed} "
            "points) implies " + ("the same within rounding." if ln.interval.overlaps(jl.interval)
                                  else f"{fmt(jl.point)}%, a different rate."))


def index_sentence(r: RealGrowth, year: int) -> str:
    """Liaoning against the benchmark in the revised index, within that one vintage (never a first-published rate)."""
    new, bench = r.growth[NEW], r.bench[NEW]
    if year not in new.index or np.isnan(new.loc[year, "CN-LN"]):
        return f"The GRP index in the data has no {year} value for Liaoning."
    ln_idx, bench_idx = new.loc[year, "CN-LN"], new.loc[year, bench]
    return (f"The revised GRP index gives Liaoning {fmt(ln_idx, 1)}% for {year} against {fmt(bench_idx, 1)}% for "
            f"{BENCH_WORDS[bench]} in the same vintage: {'above' if ln_idx > bench_idx else 'not above'} it.")


def decade_sentence(r: RealGrowth, year: int) -> str:
    """'The first time in a decade': no year in the nine before ``year`` (a beat ten years before fits it),
    each year judged in the oldest vintage that holds it."""
    decade = list(range(year - 9, year))

    def holds(vintage, y):
        g = r.growth[vintage]
        return y in g.index and g.loc[y, ["CN-LN", r.bench[vintage]]].notna().all()

    def beat(vintage, y):
        return r.growth[vintage].loc[y, "CN-LN"] > r.growth[vintage].loc[y, r.bench[vintage]]

    checked = {OLD: [y for y in decade if holds(OLD, y)]}
    checked[NEW] = [y for y in decade if holds(NEW, y) and y not in checked[OLD]]
    beaten = {v: [y for y in checked[v] if beat(v, y)] for v in (OLD, NEW)}
    earlier = [y for v in (OLD, NEW) for y in r.growth[v].index if y < decade[0] and holds(v, y) and beat(v, y)]

    def tally(v):
        g, bench = r.growth[v], r.bench[v]
        margin = "" if not beaten[v] else " (by " + report.listing(
            f"{fmt(g.loc[y, 'CN-LN'] - g.loc[y, bench], 1)} points in {y}" for y in beaten[v]) + ")"
        return (f"{BENCH_WORDS[bench]} in {report.number_word(len(beaten[v]))} of the "
                f"{report.number_word(len(checked[v]))} years {years_text(checked[v])}{margin}")

    return (f"In the {report.number_word(len(decade))} years before, Liaoning's real growth beat {tally(OLD)}"
            + (f" and {tally(NEW)}" if checked[NEW] else "") + ": "
            + ("on these series the claim holds" + (f" (the last year before it was {max(earlier)})" if earlier else "")
               + "." if not beaten[OLD] + beaten[NEW] else "on these series it was not the first time in a decade."))


# ----------------------------------------------------------------------------- earlier resets
def resets_sentence(grp: pd.DataFrame, first: pd.DataFrame, found: dict) -> str:
    sentences = []
    for code in PROVINCES:
        if found[code].empty:
            sentences.append(f"{NAMES[code]}'s first-published level shows no reset.")
            continue
        year = int(found[code].index[0])
        over = ""
        if year - 1 in grp.index and not np.isnan(grp.loc[year - 1, code]):
            over = (f" (its first-published {year - 1} level was "
                    f"{fmt((first.loc[year - 1, code] / grp.loc[year - 1, code] - 1) * 100)}% above the current figure "
                    "for that year)")
        sentences.append(f"{NAMES[code]}'s first-published level fell by {fmt(-found[code].iloc[0])}% in {year}{over}, "
                         "when the accounts were restated.")
    return " ".join(sentences) + " The current series shows no such break."


def revision_text(rev: pd.DataFrame, year: int) -> str:
    """'4.1% (Liaoning), 3.2% (Jilin) and 2.0% (Heilongjiang)': what the revision changed in ``year``."""
    return report.listing(f"{fmt(rev.loc[year, c], 1)}% ({NAMES[c]})" for c in PROVINCES)


# ----------------------------------------------------------------------------- what the charts draw
def shares_values(s: Shares) -> pd.DataFrame:
    return pd.concat([charts.long_values(s.gdp, PROVINCES, "percent", series="share of the provinces' GRP"),
                      charts.long_values(s.population, PROVINCES, "percent", series="share of their population")])


def real_levels(r: RealGrowth) -> tuple[dict, pd.DataFrame]:
    """Real GRP chained from each vintage's index (first year = 100), and the chart's values."""
    levels = {v: facts.real_levels(v) for v in (OLD, NEW)}
    values = pd.concat([charts.long_values(levels[v], PROVINCES + [b], "index, first year = 100", vintage=v,
                                           source_ids=tuple(facts.sources("grp_index", v)))
                        for v, b in r.bench.items()])
    return levels, values


def vintage_values(grp: pd.DataFrame, first: pd.DataFrame) -> pd.DataFrame:
    """GRP as first published and in the current vintage, billion yuan, for the resets chart."""
    return pd.concat([charts.long_values(first / 1e9, PROVINCES, "billion yuan", series="first published",
                                         source_ids=tuple(facts.sources("grp_nominal", facts.FIRST_VINTAGE))),
                      charts.long_values(grp[PROVINCES] / 1e9, PROVINCES, "billion yuan", series="current vintage",
                                         source_ids=tuple(facts.sources("grp_nominal", facts.GRP_VINTAGE)))])


def per_person_sentence(relative: pd.DataFrame) -> str:
    """'Liaoning stood at 101% of the national level in 2000 and 79% in 2024; Jilin went from 78% to 66%,
    Heilongjiang from 89% to 59%.'"""
    first, last = relative.index.min(), relative.index.max()

    def pct(code, year):
        return fmt(relative.loc[year, code], 0) + "%"

    ln, *others = PROVINCES
    return (f"{NAMES[ln]} stood at {pct(ln, first)} of the national level in {first} and {pct(ln, last)} in {last}; "
            + ", ".join(f"{NAMES[c]}{' went' if k == 0 else ''} from {pct(c, first)} to {pct(c, last)}"
                        for k, c in enumerate(others)) + ".")


# ----------------------------------------------------------------------------- how the charts draw
def draw_shares(s: Shares):
    """The shares chart: output's share and population's share, one panel each."""
    def draw(fig, phone):
        ax1, ax2 = charts.panels(fig, 2, phone, sharey=True)
        for code in PROVINCES:
            colour = charts.region_colour(code)
            charts.plot_years(ax1, s.gdp[code], color=colour, label=NAMES[code])
            charts.plot_years(ax2, s.population[code], color=colour)
        ticks = official.year_ticks(*official.span(s.gdp.index.union(s.population.index)), count=4 if phone else 5)
        for ax in (ax1, ax2):
            ax.set_xticks(ticks)
            ax.set_ylabel("percent of the 31 provinces' total")
        ax1.set_title("Share of output (GRP)")
        ax2.set_title("Share of population")
        ax1.set_ylim(0, None)
        fig.legend(loc="outside lower left", ncol=3)
    return draw


def draw_real(r: RealGrowth, levels: dict):
    """Real GRP chained in each vintage, log scale, one panel per vintage with its benchmark."""
    def draw(fig, phone):
        axes = charts.panels(fig, 2, phone, sharey=not phone)
        titles = ("Before the 5th-census revision", "Revised index")
        for ax, (vintage, bench), title in zip(axes, r.bench.items(), titles):
            for code in PROVINCES + [bench]:
                colour = charts.region_colour(code) if code in PROVINCES else charts.REGION_COLOURS["CN"]
                charts.plot_years(ax, levels[vintage][code], "-", color=colour, lw=2.4 if code == bench else 1.6,
                                  label=NAMES[code])
            ax.set_yscale("log")
            ax.yaxis.set_major_locator(mticker.LogLocator(subs=(1, 1.5, 2, 3, 5, 7)))
            ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
            ax.yaxis.set_minor_formatter(mticker.NullFormatter())
            ax.set_title(title)
            ax.set_xticks(official.year_ticks(*official.span(levels[vintage][PROVINCES].dropna().index), count=4))
            ax.set_ylabel("real GRP, first year = 100")
            ax.legend(loc="upper left")
    return draw


def draw_gaps(r: RealGrowth, order: list[str]):
    """Each region's mean gap per period with its 95% interval, one row per region."""
    def draw(fig, phone):
        ax = fig.subplots()
        for i, code in enumerate(order):
            for k, (vintage, part, marker, label, _) in enumerate(gap_periods(r)):
                m = getattr(r.gaps[vintage][code], part)
                ax.errorbar(m.mean, i + (k - 1) * 0.22, xerr=[[m.mean - m.ci[0]], [m.ci[1] - m.mean]], fmt=marker,
                            color=charts.region_colour(code), mfc="white" if k == 0 else charts.region_colour(code),
                            capsize=3, label=label if i == 0 else None)
        ax.axvline(0, color="#555555", lw=1)
        ax.set_yticks(range(len(order)), [NAMES[c] for c in order])
        ax.invert_yaxis()
        ax.set_xlabel("real growth minus the benchmark's (points a year)")
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        leg = fig.legend(title="period (95% CI)", loc="outside lower left", ncol=1 if phone else 3)
        for handle in leg.legend_handles:
            handle.set_color("#555555")
    return draw


def draw_vintages(grp: pd.DataFrame, first: pd.DataFrame, found: dict):
    """GRP as first published against the current vintage, one panel per province, resets marked."""
    def draw(fig, phone):
        axes = charts.panels(fig, 3, phone, sharey=True)
        for ax, code in zip(axes, PROVINCES):
            colour = charts.region_colour(code)
            charts.plot_years(ax, first[code] / 1e9, "--o", ms=3, mfc="white", color=colour, lw=1.3,
                              label="first published")
            charts.plot_years(ax, grp[code] / 1e9, "-", color=colour, label="current vintage")
            if not found[code].empty:
                year = int(found[code].index[0])
                # in the lower right corner: the lines rise with the years, so the corner under them is free
                ax.annotate(f"reset {year}\n{found[code].iloc[0]:.0f}%", (year, first.loc[year, code] / 1e9),
                            xytext=(0.97, 0.05), textcoords="axes fraction", ha="right", va="bottom", zorder=4,
                            bbox=dict(facecolor="white", edgecolor="none", pad=1.0),
                            arrowprops={"arrowstyle": "->", "color": "#333333", "lw": 0.8})
            ax.set_title(NAMES[code])
            ax.set_xticks(official.year_ticks(*official.span(first.index.union(grp.index)), count=3))
            ax.set_ylabel("GRP, billion yuan")
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower left", ncol=2)
    return draw
