"""The situation's data: row models, loading and validation, time, measures, uploads."""
