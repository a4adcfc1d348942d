"""Django-free readers and writers (spreadsheets, PDF, charts). Imports only
:mod:`socinv.core` and :mod:`socinv.l10n`."""
