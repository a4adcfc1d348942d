"""The organisation's unit-cost catalogue (kostnadskatalog) and its price index
(spec shared/spec/unit-costs.md): economists maintain it, everyone in the organisation
reads it. The rules are the core's (:mod:`socinv.core.calc.catalogue`)."""
