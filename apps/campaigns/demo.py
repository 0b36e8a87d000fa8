"""Demo data of standardization and campaigns (filled in below)."""
