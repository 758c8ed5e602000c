"""The site's icon: every page links it, and the browser's own request for
/favicon.ico gets the icon, cacheable, under the site's usual CSP."""


def test_the_browsers_own_request_gets_a_cacheable_icon(app):
    resp = app.test_client().get("/favicon.ico")
    body = resp.data
    resp.close()
    assert resp.status_code == 200
    assert resp.mimetype == "image/vnd.microsoft.icon" and body[:4] == b"\0\0\1\0"   # an ICO
    cache = resp.headers["Cache-Control"]
    assert "no-store" not in cache and "max-age=604800" in cache
    assert "private" in cache and "public" not in cache   # it carries the session cookie
    assert "default-src 'self'" in resp.headers["Content-Security-Policy"]


def test_pages_link_the_icon(app, client_for):
    for page in (app.test_client().get("/login"), client_for("pwb1").get("/inbox")):
        html = page.get_data(as_text=True)
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    icon = app.test_client().get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    icon.close()
