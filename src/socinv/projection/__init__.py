"""The fund projection (fondprognos, shared/spec/projection.md): the contribution plan (a
fund setting), the gathering of the ledger and the saved calculations for the pure engine
(:mod:`socinv.core.projection`), the page with its fan charts, the API and the workbook."""
