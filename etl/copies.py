"""Who holds the copy each step reads, the copy's own date, how far to trust it and what it was checked against,
as each reference folder's PROVENANCE.md records them. The official series are third-party copies of NBS figures: a
copy's date is the copy's (a commit), never an NBS release date, so `published` stays blank unless the release is dated.
"""
from __future__ import annotations

# source_id -> copy, copied (the copy's date), confidence, checked
COPIES = {
    'nbs-grp-5th-census': ('GitHub RenJiyi163/panel_data_analysis_for_thesis (a thesis repository)',
        '2026-03-15', 'high',
        'Identical for the three provinces 2019-2024 to six per-year NBS exports in another copy (GitHub Liushenwuzhu-Alpaca/province-economy).'),
    'nbs-gdp-national-5th-census': ('GitHub AfterMaxQ/Economic-growth-line-chart-drawing',
        '2025-03-08', 'high',
        'The 31-province sum of the revised GRP export (GitHub RenJiyi163/panel_data_analysis_for_thesis) is 99.2% of it in 2023 and 99.1% in 2024, the usual size of the gap.'),
    'nbs-grp-index-2016-2024': ('GitHub Liushenwuzhu-Alpaca/province-economy',
        '2026-05-19', 'high',
        'Within 0.2 point of the 2021 NBS download (GitHub 3112944976/National-Visualization-Web-Application) over 2016-2019.'),
    'nbs-income-2016-2024': ('GitHub Liushenwuzhu-Alpaca/province-economy',
        '2026-05-19', 'high',
        ''),
    'nbs-budget-revenue-2016-2024': ('GitHub Liushenwuzhu-Alpaca/province-economy',
        '2026-05-19', 'high',
        ''),
    'nbs-population-2015-2024': ('GitHub 1lmq/FYP_QMM2_Chinese_Railways',
        '2025-10-20', 'high',
        '2015-2020 identical year by year to the 2000-2020 export (GitHub yinthan/ECON323-China-Polulation); 2024 identical to the separate 2024 export in GitHub Liushenwuzhu-Alpaca/province-economy.'),
    'nbs-population-2000-2020': ('GitHub yinthan/ECON323-China-Polulation',
        '2021-12-21', 'medium-high',
        '2015-2020 identical to the 2015-2024 export (GitHub 1lmq/FYP_QMM2_Chinese_Railways); 2000-2010 identical to the yearbook series (GitHub umd-cgs/gcam-china) and to the 2021 NBS download.'),
    'nbs-grp-index-2000-2019': ('GitHub 3112944976/National-Visualization-Web-Application',
        '2024-02-08', 'medium-high',
        'Within 0.2 point of the 2026 export (GitHub Liushenwuzhu-Alpaca/province-economy) over 2016-2019; national 2018 and 2019 match NBS.'),
    'nbs-grp-2000-2003': ('GitHub 3112944976/National-Visualization-Web-Application',
        '2024-02-08', 'medium-high',
        'Identical for the three provinces 2004-2019 to the provincial GRP export (GitHub jialingzhang0730/Local_GDP_Estimates_Around_the_World), checked by the step; the same post-4th-census vintage.'),
    'nbs-income-2013-2019': ('GitHub 3112944976/National-Visualization-Web-Application',
        '2024-02-08', 'medium-high',
        ''),
    'nbs-grain-2000-2019': ('GitHub 3112944976/National-Visualization-Web-Application',
        '2024-02-08', 'medium-high',
        ''),
    'nbs-budget-2000-2019': ('GitHub 3112944976/National-Visualization-Web-Application',
        '2024-02-08', 'medium-high',
        'Identical to the hand-assembled sheet (GitHub RenJiyi163/panel_data_analysis_for_thesis) for 2005-2019, all three provinces, every year.'),
    'nbs-budget-expenditure-2005-2024': ('GitHub RenJiyi163/panel_data_analysis_for_thesis (a hand-assembled sheet, no source stated)',
        '2026-03-15', 'medium',
        'Identical to the 2021 NBS download (GitHub 3112944976/National-Visualization-Web-Application) for 2005-2019; Heilongjiang 2020 matches its 2020 indicator table; 2020-2024 otherwise rest on this sheet alone.'),
    'fred-aexchus': ('datahub.io core data (GitHub datasets/exchange-rates)',
        '2026-03-09', 'high',
        'Within 0.01 yuan of the World Bank series (WDI PA.NUS.FCRF) in every year compared (2000-2025).'),
    'wdi-pa-nus-fcrf': ('a transcription from GitHub favourdavidemeka/nigeria-market-analysis',
        '', 'high',
        'Within 0.01 yuan of the Federal Reserve series (FRED AEXCHUS) in every year compared (2000-2025).'),
}


def with_copy(source: dict) -> dict:
    """The source row with its copy columns filled in (as the step gave them for a source not listed here)."""
    blank = tuple(source.get(column, "") for column in ("copy", "copied", "confidence", "checked"))
    copy, copied, confidence, checked = COPIES.get(source["source_id"], blank)
    return {**source, "copy": copy, "copied": copied, "confidence": confidence, "checked": checked}
