"""Sphinx extension: the book's search, fixed where Sphinx 7.4 (pinned by Jupyter Book 1.0.4,
which requires ``sphinx~=7.0``) gets it wrong. Each fix names the upstream change it stands in for;
drop it when the pinned Sphinx has that change.

* **Titles are text, not markup.** Sphinx stores section headings in ``searchindex.js`` as plain
  text (page titles as HTML) and the search page inserted a matching title with ``innerHTML``, so a
  heading made from the data (a publisher on the Sources page) could run script on
  ``search.html?q=...`` (fixed upstream in Sphinx 8.2, sphinx-doc/sphinx#13356). The copied
  ``searchtools.js`` inserts titles and descriptions with ``textContent``, and the build publishes
  the index with every page title as plain text too (``northeast.tooling.publish``).
* **Snippets from the text.** A result's snippet is taken from the page's article, never from the
  in-page contents box ("...Contents..."), and starts at the top when no query word is in the text.
* **Chinese.** Sphinx's English splitter keeps a run of Chinese characters as one "word"
  (吉林省统计局), so 吉林 matched nothing. The index and the query both split such runs into single
  characters and overlapping pairs, so any two-character name (吉林, 辽宁) or longer (黑龙江: 黑龙 and
  龙江, both required) is found inside a longer run, without a new dependency.
* **Chinese names of places.** A one-word place in ``data/places.csv`` (Liaoning) is indexed under
  its Chinese name too (辽宁省: 辽宁, 宁省, ...), so 辽宁 finds the pages on Liaoning.
* **Incremental is clean.** Sphinx 7.4 reloads the previous search index without its index entries
  (the glossary's terms), so an incremental build dropped those of every page it did not rewrite
  (sphinx-doc/sphinx#12599). They are restored when the index is loaded, and forgotten with their page.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import sphinx
from sphinx.errors import ExtensionError
from sphinx.search import IndexBuilder
from sphinx.search.en import SearchEnglish

# Han ideographs (with extensions A and compatibility), kana and Hangul: scripts written without
# spaces between words.
CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")


def cjk_terms(run: str) -> list[str]:
    """The index terms of a run of CJK characters: each character and each overlapping pair."""
    return list(run) + [run[i:i + 2] for i in range(len(run) - 1)]


class SearchEnglishCJK(SearchEnglish):
    """English search (stemming, stop words) that also indexes CJK runs as characters and pairs."""

    # The query side: the runs of a query become their pairs (a single character stays itself), so
    # every pair must be on the page. Same split as Sphinx's default otherwise.
    js_splitter_code = r"""
function splitQuery(query) {
  const cjk = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+/gu;
  const terms = [];
  for (const word of query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)) {
    if (!word) continue;
    for (const rest of word.split(cjk)) if (rest) terms.push(rest);
    for (const run of word.match(cjk) || []) {
      if (run.length === 1) terms.push(run);
      for (let i = 0; i + 1 < run.length; i++) terms.push(run.slice(i, i + 2));
    }
  }
  return terms;
}
"""

    # A one-word place name in English -> its Chinese name (data/places.csv): a reader searching for
    # 辽宁 finds the pages on Liaoning, which are written in English. Set by ``read_place_names``.
    place_names: dict[str, str] = {}

    def split(self, input: str) -> list[str]:
        words = []
        for word in super().split(input):
            runs = CJK_RUN.findall(word)
            if not runs:
                words.append(word)
                chinese = self.place_names.get(word.lower())
                if chinese:
                    for run in CJK_RUN.findall(chinese):
                        words += cjk_terms(run)
                continue
            words += CJK_RUN.sub(" ", word).split()
            for run in runs:
                words += cjk_terms(run)
        return words


# (what the pinned Sphinx's searchtools.js says, what the book's says instead); each must occur
# exactly once, or the build stops: a new Sphinx must be reviewed, never patched blindly.
SEARCHTOOLS_PATCHES = [
    # sphinx-doc/sphinx#13356: a title is text
    ("  linkEl.innerHTML = title;\n", "  linkEl.textContent = title;\n"),
    ('    listItem.appendChild(document.createElement("span")).innerHTML =\n      " (" + descr + ")";\n',
     '    listItem.appendChild(document.createElement("span")).textContent =\n      " (" + descr + ")";\n'),
    # the snippet: from the article without the contents box, the header links and the page's buttons
    ('for (const removalQuery of [".headerlink", "script", "style"]) {',
     'for (const removalQuery of [".headerlink", "script", "style", ".onlyprint", "dialog", ".bd-sidebar-secondary",'
     ' ".bd-toc", ".bd-header-article", ".prev-next-area", ".bd-footer-article", ".cite-this-page"]) {'),
    ("    const startWithContext = Math.max(actualStartPosition - 120, 0);\n",
     "    const startWithContext = actualStartPosition === undefined ? 0 : Math.max(actualStartPosition - 120, 0);\n"),
]


def patch_searchtools(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir) / "_static" / "searchtools.js"
    if not path.is_file():
        return
    # from Sphinx's own copy: the output's may be the one patched by an earlier build
    text = (Path(sphinx.__file__).parent / "themes" / "basic" / "static" / "searchtools.js").read_text(encoding="utf-8")
    for old, new in SEARCHTOOLS_PATCHES:
        if text.count(old) != 1:
            raise ExtensionError(f"search_fixes: Sphinx's searchtools.js no longer holds {old.strip()[:60]!r}; "
                                 "review book/_ext/search_fixes.py against the new Sphinx")
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


_original_load = IndexBuilder.load
_original_prune = IndexBuilder.prune


def _load_with_index_entries(self, stream, format) -> None:
    """sphinx-doc/sphinx#12599: the index entries of the pages an incremental build does not rewrite."""
    text = stream.read()
    _original_load(self, io.StringIO(text) if isinstance(text, str) else io.BytesIO(text), format)
    if self._index_entries:
        return  # a Sphinx that restores them itself
    fmt = self.formats[format] if isinstance(format, str) else format
    frozen = fmt.loads(text if isinstance(text, str) else text.decode("utf-8"))
    names = frozen["docnames"]
    entries: dict[str, list[tuple[str, str, str]]] = {}
    for entry, places in sorted(frozen.get("indexentries", {}).items()):
        for doc, target, main in places:
            entries.setdefault(names[doc], []).append((entry, target, "main" if main else ""))
    self._index_entries = {doc: sorted(found) for doc, found in sorted(entries.items())}


def _prune_with_index_entries(self, docnames) -> None:
    docnames = set(docnames)
    _original_prune(self, docnames)
    self._index_entries = {doc: found for doc, found in self._index_entries.items() if doc in docnames}


def read_place_names(app, config) -> None:
    """The Chinese names of the one-word places in the staged data/places.csv, as a configuration
    value that rebuilds the environment when it changes (so incremental stays equal to clean)."""
    import csv

    path = Path(app.srcdir) / "data" / "places.csv"
    names = {}
    if path.is_file():
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                name, chinese = (row.get("name") or "").strip(), (row.get("name_zh") or "").strip()
                if name.isalpha() and name.isascii() and CJK_RUN.search(chinese):
                    names[name.lower()] = chinese
    config.search_place_names = sorted(names.items())
    SearchEnglishCJK.place_names = names


def setup(app):
    app.add_config_value("search_place_names", [], "env")
    app.connect("config-inited", read_place_names)
    IndexBuilder.load = _load_with_index_entries
    IndexBuilder.prune = _prune_with_index_entries
    app.add_search_language(SearchEnglishCJK)
    app.connect("build-finished", patch_searchtools)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
