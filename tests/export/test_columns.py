"""Every column that refers to a user is exported or left out on purpose: a new one makes
this fail until buurt.export.collect.USER_COLUMNS says where it goes or why not."""
from buurt.core.extensions import db
from buurt.export import collect


def user_columns() -> set[str]:
    return {f"{table.name}.{column.name}" for table in db.metadata.sorted_tables
            for column in table.columns
            if any(key.column.table.name == "user" for key in column.foreign_keys)}


def test_every_column_that_refers_to_a_user_is_known_to_the_export(app):
    found = user_columns()
    assert "post.author_id" in found and "message.author_id" in found
    unknown = found - set(collect.USER_COLUMNS)
    assert not unknown, ("columns that refer to a user but are not in "
                         f"buurt.export.collect.USER_COLUMNS: {sorted(unknown)}")
    gone = set(collect.USER_COLUMNS) - found
    assert not gone, f"USER_COLUMNS names columns that do not exist: {sorted(gone)}"


def test_the_parts_they_feed_are_in_every_export(make_user, export_of):
    parts = set(export_of(make_user()).data)
    for column, where in collect.USER_COLUMNS.items():
        if isinstance(where, collect.LeftOut):
            assert where.reason, column
        else:
            assert where and set(where) <= parts, (column, set(where) - parts)
