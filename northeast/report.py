"""Helpers for the chapters' prose: glue numbers from the data into the text."""
from __future__ import annotations


class _Text(str):
    """A string whose plain-text form has no quotes, so `{glue:text}` prints it as it is."""

    def __repr__(self) -> str:
        return str(self)


def fmt(value: float, digits: int = 1) -> str:
    """A number for prose: thousands separators and fixed digits ('-0.0' is printed as '0.0')."""
    text = f"{value:,.{digits}f}"
    return text.lstrip("-") if float(text.replace(",", "")) == 0 else text


def glue_text(name: str, text) -> str:
    """Glue a piece of text for `{glue:text}` in the notebook's Markdown; return it too."""
    from myst_nb import glue

    glue(name, _Text(text), display=False)
    return str(text)
