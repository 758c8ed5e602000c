"""Cars, drivers and meeting rooms (reference data an administrator keeps)
and their reservations by cases: `catalogue` edits the resources,
`reservations` holds, releases and lists bookings. Knows no running case:
the service functions in engine/services call it with the command's
connection, so a reservation is part of the command's transaction.
"""
