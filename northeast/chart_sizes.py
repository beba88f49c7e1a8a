"""The charts' sizes, licence and output type: the constants the book's pages and its Sphinx
extensions quote, in a module of their own so that reading them imports no plotting library
(``northeast.charts`` draws with them and re-exports them)."""

# Two renderings of every chart from the same drawing function: a desktop one and a narrower phone
# one (panels stacked), both at twice the CSS pixel density so they are sharp on 2x screens.
CSS_DPI = 100             # a figure inch is shown as 100 CSS px at most
DPI = 2 * CSS_DPI
DESKTOP_WIDTH = 7.2       # inches: at most 720 CSS px, about the width of the book's text column
PHONE_WIDTH = 4.2         # inches: a 390 px phone shows it about 342 px wide
MIN_FONT_PT = 9.5         # no text smaller (raised if a chart asks for less)
LICENCE = "CC BY 4.0"     # of the report's data and code (CITATION.cff); the figures stay their publishers'
CHART_MIME = "application/vnd.northeast.chart+json"   # read by book/_ext/light_pages.py
