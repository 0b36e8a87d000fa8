"""Exchange with the outside: spreadsheets in and out, and what goes with them.

columns  -- Column and the cell parsers (what people type → values)
sheet    -- reading a sheet: the header row, total and note rows, each column parsed once
results  -- what an import reports: ImportResult, RowError, RowChange and the errors
engine   -- LedgerImporter: matching rows on their natural key, checking, writing
bulk     -- bulk inserts and updates with history, the planner's statistics
excel    -- reading .xlsx / .xls / .csv, writing workbooks and templates
tasks    -- the background import (check, then commit) of an import record
uploads  -- the upload policy (suffixes, sizes, content, stored names)
records  -- the import-record, export-log and foreign-lookup views
pdf      -- PDF helpers (the embedded Chinese font, escaped paragraphs)
"""
