"""Communities of practice: peer networks across practices and PCNs, in and beyond cohorts.

Models live in ``models.py`` here and are loaded by ``cohorts/models.py`` (app label
``cohorts``); the rules are queryset methods on them, the writes are in ``services.py``
and page reads in ``selectors.py``, as in the rest of the app.
"""
