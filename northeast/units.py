"""Units as the sources print them, converted to base units with pint.

Each printed unit maps to a pint expression; pint does the arithmetic, so a scale word
("billion") or a Chinese unit (jin, mu) is defined once here and nowhere else.
"""
from functools import lru_cache

import pint

# Base unit of each family; a converted value is expressed in these.
BASE_UNITS = {
    "currency_cny": "yuan",
    "currency_usd": "US_dollar",
    "mass": "tonne",
    "area": "hectare",
    "persons": "person",
    "count": "item",
}

# Printed unit -> (pint expression, family). Units kept as printed have no expression.
PRINTED_UNITS = {
    "yuan": ("yuan", "currency_cny"),
    "million yuan": ("million * yuan", "currency_cny"),
    "100 million yuan": ("100 * million * yuan", "currency_cny"),
    "billion yuan": ("billion * yuan", "currency_cny"),
    "trillion yuan": ("trillion * yuan", "currency_cny"),
    "US dollars": ("US_dollar", "currency_usd"),
    "thousand US dollars": ("thousand * US_dollar", "currency_usd"),
    "million US dollars": ("million * US_dollar", "currency_usd"),
    "billion US dollars": ("billion * US_dollar", "currency_usd"),
    "kilograms": ("kilogram", "mass"),
    "million kilograms": ("million * kilogram", "mass"),
    "billion kilograms": ("billion * kilogram", "mass"),
    "tonnes": ("tonne", "mass"),
    "10000 tonnes": ("10000 * tonne", "mass"),
    "million tonnes": ("million * tonne", "mass"),
    "jin": ("jin", "mass"),
    "100 million jin": ("100 * million * jin", "mass"),
    "billion jin": ("billion * jin", "mass"),
    "mu": ("mu", "area"),
    "10000 mu": ("10000 * mu", "area"),
    "million mu": ("million * mu", "area"),
    "hectares": ("hectare", "area"),
    "thousand hectares": ("thousand * hectare", "area"),
    "million hectares": ("million * hectare", "area"),
    "persons": ("person", "persons"),
    "10000 persons": ("10000 * person", "persons"),
    "count": ("item", "count"),
    "percent": (None, "percent"),
    "percentage points": (None, "percentage_points"),
    "per mille": (None, "per_mille"),
    "times": (None, "dimensionless"),
    "rank": (None, "rank"),
    "index (previous year = 100)": (None, "index"),
    "yuan per US dollar": (None, "exchange_rate"),
    "consecutive years": (None, "count"),
}

_DEFINITIONS = """
thousand = 1e3
million = 1e6
billion = 1e9
trillion = 1e12
yuan = [currency_cny] = CNY
US_dollar = [currency_usd] = USD
jin = 0.5 * kilogram
mu = hectare / 15
person = [population]
item = [count]
"""


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    try:  # pint's parsed definitions cached on disk: a fifth of a second off every kernel's start
        ureg = pint.UnitRegistry(cache_folder=":auto:")
    except OSError:   # no writable cache folder
        ureg = pint.UnitRegistry()
    for line in _DEFINITIONS.strip().splitlines():
        ureg.define(line)
    return ureg


def family(printed_unit: str) -> str:
    """The unit family of a printed unit; KeyError for an unknown unit."""
    return PRINTED_UNITS[printed_unit][1]


def base_unit(printed_unit: str) -> str:
    """The unit a value is converted to: the family's base unit, or the printed unit itself."""
    expression, fam = PRINTED_UNITS[printed_unit]
    return BASE_UNITS[fam] if expression else printed_unit


def to_base(value: float, printed_unit: str) -> float:
    """Convert a value in a printed unit to its family's base unit (yuan, US dollars, tonnes...)."""
    expression, fam = PRINTED_UNITS[printed_unit]
    if expression is None:
        return float(value)
    ureg = registry()
    return (value * ureg(expression)).to(BASE_UNITS[fam]).magnitude


@lru_cache(maxsize=None)
def factor_to_base(printed_unit: str) -> float:
    """What one printed unit is in its base unit (every printed unit is a plain multiple of it),
    parsed by pint once per unit and process."""
    return to_base(1.0, printed_unit)


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert between two printed units of the same family (e.g. 'billion jin' -> 'million tonnes')."""
    ureg = registry()
    src, dst = PRINTED_UNITS[from_unit][0], PRINTED_UNITS[to_unit][0]
    if src is None or dst is None:
        if from_unit == to_unit:
            return float(value)
        raise ValueError(f"cannot convert {from_unit!r} to {to_unit!r}")
    # The target may carry a magnitude ("100 * million * yuan"): divide by it, not just by its units.
    return (value * ureg(src) / ureg(dst)).to("dimensionless").magnitude
