"""The landing page's numbers, recomputed by a reader who trusts nothing in the report: straight from the
files in ../shared/reference-data with plain pandas (never data/ or the package's facts), and compared
with what the built page (`make book`) states. It runs on the committed data (the regeneration scenarios
change data/ and do not build this page). The real-growth gaps and the verdict are fitted with HAC
intervals in the package (their test lives with the fit, tests/test_facts.py); the count of article
figures rests on the curated table itself, so neither is recomputed here."""
from __future__ import annotations

import io
import os
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from northeast.paths import ROOT, shared_dir

REF = shared_dir() / "reference-data"
HTML = Path(os.environ.get("NORTHEAST_BUILD_DIR", ROOT / "_build")) / "html" / "notebooks" / "00_key_findings.html"
NE_ZH = {"Liaoning": "辽宁省", "Jilin": "吉林省", "Heilongjiang": "黑龙江省"}

pytestmark = pytest.mark.skipif(not REF.is_dir(), reason="../shared/reference-data is not at hand")


@pytest.fixture(scope="module")
def page() -> str:
    assert HTML.exists(), f"{HTML} was not built (run `make book` first)"
    soup = BeautifulSoup(HTML.read_text(encoding="utf-8"), "html.parser")
    text = (soup.select_one("article") or soup).get_text(" ", strip=True)
    return " ".join(text.replace("\u2019", "'").split())


def found(pattern: str, text: str) -> tuple[str, ...]:
    match = re.search(pattern, text)
    assert match, f"the landing page no longer says /{pattern}/"
    return match.groups()


def r(value: float, digits: int = 0) -> str:
    """Rounded as the page prints (half away from zero, like Python's format for these values)."""
    return f"{value:.{digits}f}"


# ----------------------------------------------------------------------------- readers (plain pandas)
def nbs_wide(path: Path, encoding: str) -> pd.DataFrame:
    """An NBS 'Annual by Province' export: region rows, one column per year (header '2024年'); the
    header lines above and the notes below are not data. New-portal exports pad cells with a TAB."""
    lines = path.read_text(encoding=encoding).lstrip("\ufeff").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("地区"))
    width = lines[start].count(",")
    body = [line for line in lines[start:] if line.count(",") == width]
    frame = pd.read_csv(io.StringIO("\n".join(body)), dtype=str).map(lambda v: v.strip() if isinstance(v, str) else v)
    frame.columns = [c.strip().rstrip("年") for c in frame.columns]
    frame = frame.set_index(frame.columns[0]).drop(columns=[c for c in frame.columns[1:] if not c.isdigit()])
    frame.columns = frame.columns.astype(int)
    return frame.apply(pd.to_numeric, errors="coerce")


def grp() -> pd.DataFrame:
    return nbs_wide(REF / "grp-revised-5th-census" / "分省年度数据.csv", "gb18030")


def population() -> pd.DataFrame:
    """Year-end population 2000-2024: the 2015-2024 export, and 2000-2014 from the 2000-2020 English export
    (Chinese names put on through the 2015 column both hold)."""
    recent = nbs_wide(REF / "population-yearend-2015-2024" / "分省年度数据.csv", "gb18030")
    older = pd.read_csv(REF / "population-yearend-2000-2020" / "AnnualbyProvince.csv").set_index("Region")
    older.columns = older.columns.astype(int)
    by_value = {tuple(recent.loc[n, [2015, 2016, 2017]]): n for n in recent.index}
    older.index = [by_value[tuple(older.loc[e, [2015, 2016, 2017]])] for e in older.index]
    return pd.concat([older[[y for y in older.columns if y < 2015]], recent], axis=1).sort_index(axis=1)


def national_gdp() -> pd.Series:
    table = pd.read_csv(REF / "grp-revised-5th-census" / "national_年度数据_AfterMaxQ.csv").set_index("指标")
    row = table.loc["国内生产总值(亿元)"]
    row.index = [int(c.rstrip("年")) for c in row.index]
    return row.astype(float)


def national_population() -> pd.Series:
    table = pd.read_csv(REF / "nbs-national-annual" / "china_national_gdp_population_1952_2023.csv").set_index("年份")
    return table["年末总人口(万人)"].astype(float)


def scrape(*parts: str) -> pd.DataFrame:
    return pd.read_csv(REF.joinpath("nbs-scrape-2000-2019", "源数据", *parts))


# ----------------------------------------------------------------------------- the findings
def test_output_share(page):
    levels = grp()
    assert len(levels) == 31
    share = (levels.loc[list(NE_ZH.values())].sum() / levels.sum() * 100).sort_index()
    first, last = share.index.min(), share.index.max()
    a, y0, b, y1, c, d = found(r"produced ([\d.]+)% of China's output in (\d{4}) and ([\d.]+)% in (\d{4}); "
                                r"over the last five years of the series their share \w+ from ([\d.]+)% to ([\d.]+)%", page)
    assert (int(y0), int(y1)) == (first, last)
    assert (a, b, c, d) == (r(share[first], 1), r(share[last], 1), r(share[last - 5], 1), r(share[last], 1))


def test_output_per_person(page):
    levels, people = grp(), population()
    years = [y for y in levels.columns if y in people.columns and people[y].notna().all() and levels[y].notna().all()]
    first, last = min(years), max(years)
    relative = {y: (levels[y] / people[y]) / (levels[y].sum() / people[y].sum()) * 100 for y in (first, last)}
    printed = found(r"went from (\d{4}) to (\d{4}): Liaoning (\d+) to (\d+), Jilin (\d+) to (\d+) and "
                    r"Heilongjiang (\d+) to (\d+)", page)
    assert (int(printed[0]), int(printed[1])) == (first, last)
    expected = [r(relative[y][NE_ZH[name]]) for name in NE_ZH for y in (first, last)]
    assert list(printed[2:]) == expected


def test_population_change_on_the_current_basis(page):
    """Counted from 2011: the 2000-2020 export's PROVENANCE says 2010 rests on the 2010 census and 2011 on,
    re-estimated from the 2020 census, so a change across 2010/2011 mixes two bases."""
    assert "2010/2011" in (REF / "population-yearend-2000-2020" / "PROVENANCE.md").read_text(encoding="utf-8")
    people = population()
    start, end, *changes = found(r"From (\d{4}) to (\d{4}) the population fell by (\d+)% in Liaoning, (\d+)% in Jilin "
                                 r"and (\d+)% in Heilongjiang", page)
    assert (int(start), int(end)) == (2011, people.columns.max())
    assert changes == [r(-(people.loc[zh, int(end)] / people.loc[zh, 2011] - 1) * 100) for zh in NE_ZH.values()]
    assert "new basis in 2005 and 2011" in page


def test_income_against_the_weighted_mean(page):
    income = nbs_wide(REF / "nbs-exports-2016-2024-post-5th-census" / "分省年度数据可支配收入.csv", "utf-8")
    people = population()
    years = [y for y in income.columns if y in people.columns]
    first, last = min(years), max(years)
    relative = {y: income[y] / ((income[y] * people.loc[income.index, y]).sum() / people.loc[income.index, y].sum()) * 100
                for y in (first, last)}
    printed = found(r"Disposable income per person, against the national level, went from (\d{4}) to (\d{4}): "
                    r"Liaoning (\d+)% to (\d+)%, Jilin (\d+)% to (\d+)% and Heilongjiang (\d+)% to (\d+)%", page)
    assert (int(printed[0]), int(printed[1])) == (first, last)
    assert list(printed[2:]) == [r(relative[y][NE_ZH[name]]) for name in NE_ZH for y in (first, last)]


def test_own_revenue_against_spending(page):
    revenue_old = scrape("国家统计局分省年度数据", "财政", "地方财政收入.csv").set_index(["省份", "年份"])["地方财政一般预算收入(亿元)"]
    spending_old = scrape("国家统计局分省年度数据", "财政", "地方财政支出.csv").set_index(["省份", "年份"])["地方财政一般预算支出(亿元)"]
    first = int(revenue_old.index.get_level_values(1).min())
    revenue_new = nbs_wide(REF / "nbs-exports-2016-2024-post-5th-census" / "分省年度数据地方财政数据.csv", "utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sheet = pd.read_excel(REF / "fiscal-expenditure-2005-2024" / "一般公共预算等.xls", header=None)
    years = [int(y) for y in sheet.iloc[0, 4:]]
    spending_new = pd.DataFrame(sheet.iloc[1:32, 4:].to_numpy(float), index=sheet.iloc[1:32, 3], columns=years)
    last = int(min(revenue_new.columns.max(), max(years)))
    old = [revenue_old[(zh, first)] / spending_old[(zh, first)] * 100 for zh in NE_ZH.values()]
    new = [revenue_new.loc[zh, last] / spending_new.loc[zh.removesuffix("省"), last] * 100 for zh in NE_ZH.values()]
    printed = found(r"Own revenue paid for (\d+)%, (\d+)% and (\d+)% of spending in Liaoning, Jilin and Heilongjiang "
                    r"in (\d{4}) and (\d+)%, (\d+)% and (\d+)% in (\d{4})", page)
    assert (int(printed[3]), int(printed[7])) == (first, last)
    assert list(printed[:3]) + list(printed[4:7]) == [r(v) for v in old + new]
    assert "medium confidence" in page and "transfers" not in page   # the sheet's trust; no transfer series


def test_grain_share(page):
    provinces = scrape("国家统计局分省年度数据", "农业", "主要农作物产品产量.csv").set_index(["省份", "年份"])["粮食产量(万吨)"]
    china = scrape("国家统计局年度数据", "农业", "主要农作物产品产量.csv").set_index("年份")["粮食产量"]
    years = sorted(set(china.index) & set(provinces.index.get_level_values(1)))
    share = pd.Series({y: sum(provinces[(zh, y)] for zh in NE_ZH.values()) / china[y] * 100 for y in years})
    a, y0, b, y1, c, since = found(r"share of China's harvest went from (\d+)% in (\d{4}) to (\d+)% in (\d{4}), "
                                   r"within a point of (\d+)% every year since (\d{4})", page)
    assert (int(y0), int(y1)) == (share.index.min(), share.index.max())
    assert (a, b, c) == (r(share.iloc[0]), r(share.iloc[-1]), r(share.iloc[-1]))
    steady = share[share.index >= int(since)]
    # "within a point of 21%" is read against the printed 21, not the unrounded last share
    assert ((steady - int(c)).abs() <= 1).all() and abs(share[int(since) - 1] - int(c)) > 1
    assert "rose, as the articles say" not in page


def test_what_china_means_per_measure(page):
    levels = grp()
    gdp = national_gdp()
    ratio = (levels.sum()[gdp.index] / gdp * 100).sort_index()
    low, high, y0, y1 = found(r"the 31 provinces' sum is ([\d.]+)–([\d.]+)% of national GDP in (\d{4})–(\d{4})", page)
    assert (low, high, int(y0), int(y1)) == (r(ratio.min(), 1), r(ratio.max(), 1), ratio.index.min(), ratio.index.max())
    above = [y for y in ratio.index if ratio[y] > 100]
    assert (f"above it in {min(above)}–{max(above)}" in page) == (len(above) > 1)
    people, nation = population(), national_population()
    years = [y for y in people.columns if y in nation.index]
    pop_ratio = pd.Series({y: people[y].sum() / nation[y] * 100 for y in years})
    low, high = found(r"the 31 provinces' sum is ([\d.]+)–([\d.]+)% of China's population", page)
    assert (low, high) == (r(pop_ratio.min(), 1), r(pop_ratio.max(), 1))
    assert "slightly above the official national total" not in page
