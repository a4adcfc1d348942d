"""The organisation: the municipality or region, its boards (nämnder), their departments
(förvaltningar) and the catalogue of stakeholders that the calculations refer to."""
