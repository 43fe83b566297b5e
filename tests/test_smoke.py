def test_home_page_answers(client, topics):
    assert client.get("/").status_code == 200
