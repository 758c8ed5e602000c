"""The period report the department gives the city council: petitions,
consumer protection, council resolutions, records audits and the
department's services (`services`) for a date range, counted in the database
(`sql`). `period.period_report` returns plain data the page and the
spreadsheet both render; `layout`, `placeholders` and `prose` make it the
document for the council (the department's wording per period, the figures
filled in); `open_data` and `open_data_sets` publish it per month.
Definitions in docs/report.md.
"""
