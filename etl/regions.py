"""Province codes (ISO 3166-2:CN) for the region names the reference files print, in NBS order.

Each entry: short Chinese name (full names such as 内蒙古自治区 start with it), code, English name as
in the NBS English export (population-yearend-2000-2020/AnnualbyProvince.csv)."""
from __future__ import annotations

from .readers import ReferenceError

PROVINCES = (
    ("北京", "CN-BJ", "Beijing"), ("天津", "CN-TJ", "Tianjin"), ("河北", "CN-HE", "Hebei"),
    ("山西", "CN-SX", "Shanxi"), ("内蒙古", "CN-NM", "Inner Mongolia"), ("辽宁", "CN-LN", "Liaoning"),
    ("吉林", "CN-JL", "Jilin"), ("黑龙江", "CN-HL", "Heilongjiang"), ("上海", "CN-SH", "Shanghai"),
    ("江苏", "CN-JS", "Jiangsu"), ("浙江", "CN-ZJ", "Zhejiang"), ("安徽", "CN-AH", "Anhui"),
    ("福建", "CN-FJ", "Fujian"), ("江西", "CN-JX", "Jiangxi"), ("山东", "CN-SD", "Shandong"),
    ("河南", "CN-HA", "Henan"), ("湖北", "CN-HB", "Hubei"), ("湖南", "CN-HN", "Hunan"),
    ("广东", "CN-GD", "Guangdong"), ("广西", "CN-GX", "Guangxi"), ("海南", "CN-HI", "Hainan"),
    ("重庆", "CN-CQ", "Chongqing"), ("四川", "CN-SC", "Sichuan"), ("贵州", "CN-GZ", "Guizhou"),
    ("云南", "CN-YN", "Yunnan"), ("西藏", "CN-XZ", "Tibet"), ("陕西", "CN-SN", "Shaanxi"),
    ("甘肃", "CN-GS", "Gansu"), ("青海", "CN-QH", "Qinghai"), ("宁夏", "CN-NX", "Ningxia"),
    ("新疆", "CN-XJ", "Xinjiang"),
)
NATIONAL_NAMES = {"全国", "中国", "China", "National Total"}
BY_ENGLISH = {english: code for _, code, english in PROVINCES}


def code_for(name: str, where: str = "") -> str:
    """The place code of a region name as printed (Chinese full or short name, English, or 全国)."""
    name = name.strip()
    if name in NATIONAL_NAMES:
        return "CN"
    if name in BY_ENGLISH:
        return BY_ENGLISH[name]
    matches = [code for short, code, _ in PROVINCES if name.startswith(short)]
    if len(matches) != 1:
        raise ReferenceError(f"{where}: unknown region name {name!r}")
    return matches[0]


def full_names(names) -> dict[str, str]:
    """code -> the region name as printed, for every province in names; error unless all 31 are there."""
    found = {code_for(n): n for n in names if n.strip() not in NATIONAL_NAMES}
    missing = [code for _, code, _ in PROVINCES if code not in found]
    if missing:
        raise ReferenceError(f"provinces missing: {', '.join(missing)}")
    return found
