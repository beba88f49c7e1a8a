"""Build tooling, apart from what chapters import: the build (``build``: its cache ``cache``, the
notebooks' execution ``execute``, staging and publishing ``publish``), its benchmark (``bench``: the
project copies ``copies``, the regeneration scenarios ``scenarios``, the 100,000-row ``scale``), the
generated Sources, Catalogue and Changelog pages (``pages``, ``changelog``) and the one reader of
``_toc.yml`` (``toc``). Nothing here changes a chapter's result, so none of it is part of a
notebook's cache key."""
