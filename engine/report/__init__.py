"""The period report the department gives the city council: petitions,
consumer protection, council resolutions and records audits for a date range,
counted in the database (`sql`). `period.period_report` returns plain data the
page and the spreadsheet both render. Definitions in docs/report.md.
"""
