"""Compute stage: takes a checked Project and gives each year's :class:`~generator.results.compute.YearResults`
(every KPI against its target) and the charts, drawn with the bundled fonts."""
