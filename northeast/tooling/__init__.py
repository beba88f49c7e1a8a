"""Build tooling, apart from what chapters import: the build (``build``), its benchmark (``bench``),
the generated Sources, Catalogue and Changelog pages (``pages``, ``changelog``) and the one reader of
``_toc.yml`` (``toc``). Nothing here changes a chapter's result, so none of it is part of a
notebook's cache key."""
