"""Helpers for the chapters' prose: glue numbers from the data into the text."""
from __future__ import annotations


def fmt(value: float, digits: int = 1) -> str:
    """A number for prose: thousands separators, fixed digits ('-0.0' is printed as '0.0')."""
    text = f"{value:,.{digits}f}"
    return text.lstrip("-") if float(text.replace(",", "")) == 0 else text


def glue_text(name: str, text) -> str:
    """Glue a piece of text for `{glue:text}` in the notebook's Markdown; return it too.

    It is glued as a plain str: myst-nb reads the plain-text form back with ``ast.literal_eval``,
    which turns the quoted repr into the same text again ('71,316' and '0.60' stay as they are).
    """
    from myst_nb import glue

    text = str(text)
    glue(name, text, display=False)
    return text
