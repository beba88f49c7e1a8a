"""The chapters' derived figures, one module per chapter theme.

Each module computes, from the loaded data, the numbers one chapter states (and the landing page
reuses): a chapter imports its module, draws and says. Formatting for the prose stays in
``report``; sentences whose wording depends on the data are chosen here or in ``report``, never
fixed in a chapter.
"""
