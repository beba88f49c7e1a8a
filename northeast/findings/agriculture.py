"""The agriculture chapter's derived figures (notebooks/04_agriculture.ipynb): the printed conversions
checked, and what the printed shares, changes and multiples imply about the figures not printed.
Each function takes the rows the chapter loaded and returns the printed rows beside what it derived,
with the sentences whose wording depends on the data."""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from northeast import charts, data, report, trends, units
from northeast.claims.figures import lookup

fmt = report.fmt
printed = report.printed   # 'about 77.88 billion kilograms': the figure as printed, with its qualifier


def finder(figures: pd.DataFrame):
    """row(metric, region, period, unit): the one figure, else an error naming the lookup."""
    def row(metric, region, period=None, unit=None):
        extra = {k: v for k, v in (("period", period), ("unit", unit)) if v is not None}
        return lookup("statistics", figures, metric=metric, region=region, **extra)
    return row


def agrees(computed: float, shown) -> bool:
    """Whether a computed value rounds to a printed one at the printed number of decimals."""
    return round(computed, len(shown["value_printed"].partition(".")[2])) == shown["value"]


def above_below(value: float, reference: float) -> str:
    return "above" if value > reference else "below"


def jilin_2022(figures: pd.DataFrame) -> SimpleNamespace:
    """Jilin's 2022 harvest printed in jin with a conversion to tonnes: the conversion checked."""
    row = finder(figures)
    jin, tonnes = row("grain_output", "CN-JL", "2022", "billion jin"), row("grain_output", "CN-JL", "2022", "million tonnes")
    computed = units.convert(jin["value"], jin["unit"], "million tonnes")
    diff = computed - tonnes["value"]
    verdict = ("The printed conversion agrees with it to the digits printed." if agrees(computed, tonnes) else
               f"The printed conversion does not agree: it is {fmt(abs(diff), 1)} million tonnes "
               f"({fmt(abs(trends.share_percent(diff, computed)), 1)} percent) {above_below(0, diff)} the converted "
               "value, more than rounding to the printed digits can explain.")
    return SimpleNamespace(jin=jin, tonnes=tonnes, computed=computed, agrees=agrees(computed, tonnes), verdict=verdict)


def lishu(figures: pd.DataFrame) -> SimpleNamespace:
    """The Lishu model's area: its printed multiple, the steady rate and starting area it implies, and
    the bracketed hectares checked."""
    row = finder(figures)
    multiple = row("conservation_tillage_area_multiple", "CN-JL-LS")
    mu, ha = row("conservation_tillage_area", "CN-JL-LS", unit="million mu"), row("conservation_tillage_area", "CN-JL-LS", unit="hectares")
    years = round(multiple["period_years"])
    start_mu = trends.implied_base_level(mu["value"], (multiple["value"] - 1) * 100)
    ha_computed = units.convert(mu["value"], mu["unit"], "hectares")
    return SimpleNamespace(multiple=multiple, mu=mu, ha=ha, years=years,
                           rate=trends.implied_annual_rate(multiple["value"], years), start_mu=start_mu,
                           start_ha=units.convert(start_mu, "million mu", "hectares"), ha_computed=ha_computed,
                           ha_agrees=agrees(ha_computed, ha))


def heilongjiang_2023(figures: pd.DataFrame) -> SimpleNamespace:
    """Heilongjiang's 2023 harvest and area with their national shares: the national totals, the 2022
    harvest and the yields they imply, and a check of the implied 2022 level against any printed one."""
    row = finder(figures)
    p = SimpleNamespace(**{key: row(metric, "CN-HL", "2023") for key, metric in [
        ("output", "grain_output"), ("share", "grain_output_share_national"), ("rank", "grain_output_rank"),
        ("streak", "grain_output_first_rank_consecutive_years"), ("change", "grain_output_change"),
        ("area", "grain_sown_area"), ("area_share", "grain_sown_area_share_national")]})
    mt = units.convert(p.output["value"], p.output["unit"], "million tonnes")
    share = p.share["value"] / 100
    before = mt - units.convert(p.change["value"], p.change["unit"], "million tonnes")
    area = units.convert(p.area["value"], p.area["unit"], "million hectares")
    national_area = area / (p.area_share["value"] / 100)
    return SimpleNamespace(
        **vars(p), mt=mt, national=mt / share, national_low=mt / (share + 0.0005), national_high=mt / (share - 0.0005),
        before=before, growth=trends.share_percent(mt - before, before), national_area=national_area,
        yield_=mt / area, national_yield=(mt / share) / national_area, check=_check_2022(figures, p.output, before),
        streak_start=int(p.streak["period"]) - int(p.streak["value"]) + 1,
        share_compare="smaller than" if p.share["value"] < p.area_share["value"]
        else "larger than" if p.share["value"] > p.area_share["value"] else "equal to")


def _check_2022(figures: pd.DataFrame, output, implied: float) -> str:
    """The implied 2022 level against one printed in an article or a row of the official series (a
    communiqué as first published), in words."""
    rows = figures[(figures["metric"] == "grain_output") & (figures["region"] == "CN-HL") & (figures["period"] == "2022")]
    series = data.series(metric="grain_output", region="CN-HL", year=int(output["period"]) - 1)
    if rows.empty and not series.empty:
        level = series.iloc[0]
        direct = units.convert(level["value"], level["unit"], "million tonnes")
        gap = abs(direct - implied)
        return (f"The official series holds the {level['year']} level, {level['value_printed']} {level['unit']} "
                f"({fmt(direct, 2)} million tonnes), " + ("equal to the implied value at two decimals." if fmt(gap, 2) == fmt(0, 2)
                                                         else f"{fmt(gap, 2)} million tonnes {above_below(direct, implied)} the implied value."))
    if rows.empty:
        return "The curated figures hold no 2022 level for Heilongjiang to check this against."
    level = rows.iloc[0]
    direct = units.convert(level["value"], level["unit"], "million tonnes")
    return (f"A 2022 level printed elsewhere, {printed(level)}, is {fmt(direct, 2)} million tonnes, "
            f"{fmt(abs(direct - implied), 2)} million tonnes {above_below(direct, implied)} the implied value.")


def jilin_2023(figures: pd.DataFrame, jl22: SimpleNamespace) -> SimpleNamespace:
    """Jilin's 2023 harvest, its growth on the converted and the printed 2022 figure, and whether the
    printed growth rate fits the harvests (which settles whether "surpassed" is a floor)."""
    row = finder(figures)
    output, rate, gap = (row(m, "CN-JL", "2023") for m in ("grain_output", "grain_output_growth", "grain_output_growth_gap_national"))
    mt = units.convert(output["value"], output["unit"], "million tonnes")
    growth = trends.share_percent(mt - jl22.computed, jl22.computed)
    return SimpleNamespace(output=output, rate=rate, gap=gap, mt=mt, growth=growth,
                           rank=row("grain_output_rank", "CN-JL", "2023"), rank_before=row("grain_output_rank", "CN-JL", "2022"),
                           growth_printed=trends.share_percent(mt - jl22.tonnes["value"], jl22.tonnes["value"]),
                           national_growth=trends.national_from_gap(rate["value"], gap["value"]),
                           rate_fits=round(growth, len(rate["value_printed"].partition(".")[2])) == rate["value"])


def answer_sizes(hl: SimpleNamespace, jl: SimpleNamespace) -> str:
    grew = [name for name, g in (("Jilin", jl.growth), ("Heilongjiang", hl.growth)) if g > 0]
    return (f"Heilongjiang harvested about {fmt(hl.mt / jl.mt, 1)} times as much grain as Jilin in 2023; "
            + ("both harvests grew that year." if len(grew) == 2 else
               f"only {grew[0]}'s harvest grew that year." if grew else "neither harvest grew that year."))


def answer_checks(jl22: SimpleNamespace, ls: SimpleNamespace, jl: SimpleNamespace) -> str:
    """Which printed conversions and rates hold together, in words."""
    holds = [text for ok, text in ((ls.ha_agrees, "the Lishu model's area converts exactly"),
                                   (jl.rate_fits, "Jilin's 2023 growth rate matches the two harvests once the 2022 "
                                                  "figure is converted from jin")) if ok]
    fails = [text for ok, text in ((jl22.agrees, f"Jilin's printed 2022 conversion ({printed(jl22.tonnes)})"),
                                   (ls.ha_agrees, "the Lishu model's hectares"),
                                   (jl.rate_fits, "Jilin's printed 2023 growth rate")) if not ok]
    return (("The printed figures mostly hold together: " + report.listing(holds) + "." if holds else "")
            + (f" What does not hold: {report.listing(fails)}." if fails else ""))


def grain_bars(jl22: SimpleNamespace, jl: SimpleNamespace, hl: SimpleNamespace) -> list:
    """The grain chart's bars: (position, region, year, value, label, qualifier, implied, source)."""
    return [
        (0.0, "CN-JL", "2022", jl22.computed, f"{fmt(jl22.computed, 1)} ({printed(jl22.jin)})", "exact", False, jl22.jin["source_id"]),
        (1.0, "CN-JL", "2023", jl.mt, report.figure_text(fmt(jl.mt, 2), jl.output["qualifier"]), jl.output["qualifier"], False,
         jl.output["source_id"]),
        (2.6, "CN-HL", "2022", hl.before, f"implied: {fmt(hl.before, 2)}", "exact", True, hl.output["source_id"]),
        (3.6, "CN-HL", "2023", hl.mt, report.figure_text(fmt(hl.mt, 2), hl.output["qualifier"]), hl.output["qualifier"], False,
         hl.output["source_id"]),
    ]


def grain_values(bars: list, jl22: SimpleNamespace) -> pd.DataFrame:
    """What the grain chart draws, with the conversion the source printed beside the jin figure."""
    return pd.DataFrame(
        [dict(region=charts.REGION_NAMES[region], year=year, value=value, unit="million tonnes", qualifier=qualifier,
              kind="implied by the 2023 level and the printed change" if implied else "printed (converted to tonnes)",
              source_id=source)
         for _, region, year, value, _, qualifier, implied, source in bars]
        + [dict(region="Jilin", year="2022", value=jl22.tonnes["value"], unit="million tonnes", qualifier="exact",
                kind="conversion printed by the source", source_id=jl22.tonnes["source_id"])])
