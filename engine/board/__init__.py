"""The supervisors' deadline board: per responsible agency, the open work now
and the work completed over weeks (on-time rate, medians from the rollup
kept by a trigger), drill-down lists, the filter as a query string, saved
filters and who sees which agencies. Definitions in docs/board.md.
"""
