"""Static files carry their content's hash in the address and are cached for a year."""
import re

from buurt.web import static_files


def test_pages_link_css_with_its_hash_and_the_file_is_kept_a_year(client):
    page = client.get("/requests").get_data(as_text=True)
    [href] = re.findall(r'href="(/static/css/buurt\.css\?v=[0-9a-f]{12})"', page)
    response = client.get(href)
    assert response.status_code == 200
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert response.cache_control.immutable and response.cache_control.public
    # Without the hash, or with an old one, the browser asks again each time.
    for stale in ("/static/css/buurt.css", "/static/css/buurt.css?v=000000000000"):
        response = client.get(stale)
        assert response.status_code == 200 and not response.cache_control.immutable
        assert response.cache_control.max_age != 365 * 24 * 3600


def test_the_hash_follows_the_content(tmp_path):
    (tmp_path / "site.css").write_text("body { color: black }")
    first = static_files.version(str(tmp_path), "site.css")
    assert first and first == static_files.version(str(tmp_path), "site.css")
    (tmp_path / "site.css").write_text("body { color: darkgreen }")
    assert static_files.version(str(tmp_path), "site.css") not in (None, first)
    assert static_files.version(str(tmp_path), "missing.css") is None
    assert static_files.version(str(tmp_path), "../etc/passwd") is None
