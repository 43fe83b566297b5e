"""CSV cells that a spreadsheet opens safely (the managers' dashboard, a resident's export)."""

# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A value as a safe CSV cell: text that a spreadsheet would read as a formula gets a
    leading quote; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
