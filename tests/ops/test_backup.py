"""`buurt backup` and `buurt restore`: the site as it was, database and photos."""
import tarfile

import pytest

from buurt.core import search, storage
from buurt.core.extensions import db
from buurt.ops import backup
from buurt.posts.models import Post
from tests.conftest import POSTGRES_URL


def titles():
    return sorted(db.session.scalars(db.select(Post.title)))


def test_backup_then_restore_brings_back_posts_photos_and_search(
        app, runner, make_user, make_post, tmp_path):
    if POSTGRES_URL:
        pytest.skip("the database part is pg_dump's on PostgreSQL (tested below)")
    author = make_user("Kees")
    make_post(author, title="Ladder te leen voor de dakgoot")
    storage.get().save("photo-one.jpg", b"first photo")

    result = runner.invoke(args=["buurt", "backup", "--to", str(tmp_path)])
    assert result.exit_code == 0, result.output
    archive, = tmp_path.glob("buurt-backup-*.tar.gz")
    assert "1 post(s)" in result.output and "1 upload(s)" in result.output
    with tarfile.open(archive) as opened:
        names = set(opened.getnames())
    assert {"manifest.json", "buurt.sqlite", "uploads/photo-one.jpg"} <= names

    # Life goes on after the backup: a post is removed, another added, a photo replaced.
    db.session.delete(db.session.scalar(db.select(Post)))
    db.session.commit()
    make_post(author, title="Wie helpt met verhuizen")
    storage.get().delete("photo-one.jpg")
    storage.get().save("photo-two.jpg", b"second photo")
    assert titles() == ["Wie helpt met verhuizen"]

    result = runner.invoke(args=["buurt", "restore", str(archive), "--yes"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert titles() == ["Ladder te leen voor de dakgoot"]
    assert storage.get().open("photo-one.jpg").read() == b"first photo"
    assert not storage.get().exists("photo-two.jpg")
    found = search.search("ladder")
    assert found.ids == [db.session.scalar(db.select(Post.id))]
    assert search.search("verhuizen").hits == []


def test_restore_asks_first_and_refuses_what_is_not_a_backup(app, runner, tmp_path):
    not_a_backup = tmp_path / "holiday.tar.gz"
    with tarfile.open(not_a_backup, "w:gz"):
        pass
    refused = runner.invoke(args=["buurt", "restore", str(not_a_backup), "--yes"])
    assert refused.exit_code != 0 and "not a backup" in refused.output
    made = backup.create(tmp_path)
    asked = runner.invoke(args=["buurt", "restore", str(made.path)], input="n\n")
    assert asked.exit_code != 0 and "Replace this site's data" in asked.output


@pytest.mark.postgres
def test_on_postgresql_the_backup_holds_the_uploads_and_names_pg_dump(app, runner, tmp_path):
    storage.get().save("photo-one.jpg", b"first photo")
    result = runner.invoke(args=["buurt", "backup", "--to", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "pg_dump --format=custom" in result.output
    archive, = tmp_path.glob("buurt-backup-*.tar.gz")
    with tarfile.open(archive) as opened:
        names = set(opened.getnames())
    assert "uploads/photo-one.jpg" in names and "buurt.sqlite" not in names
