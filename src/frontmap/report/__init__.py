"""What a page reads besides maps: charts, tables, the change digest, numbers."""
