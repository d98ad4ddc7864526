"""The appointment book: the practice's Appointments page (day and week grid, day list,
booking, moving, arrivals, printing) and a personal vault's "My appointments" list."""
