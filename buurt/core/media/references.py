"""The columns that show an upload: a post's photo, a meeting place's, a profile's.

Each area's models module names its own column here, so the upload pipeline in core can
tell whether an upload is still shown without importing any area.
"""

COLUMNS: list = []


def shown_in(column) -> None:
    """Count this column (a model's attribute or a table column) as showing uploads."""
    if not any(known is column for known in COLUMNS):
        COLUMNS.append(column)
