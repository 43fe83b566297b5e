"""Serve stored uploads: their own content type, cached for good, never as a page.

Names are random and never reused, so a file can be cached for a year ("immutable"); an
unknown or malformed name is a 404. The content type comes from the name's suffix, which
only the upload pipeline chooses, and the browser may not guess another (nosniff); the
sandbox policy keeps even a mislabelled file from running anything.
"""
from flask import Blueprint, abort, current_app, request
from werkzeug.wsgi import wrap_file

from buurt.core import storage
from buurt.core.media import uploads

bp = Blueprint("media", __name__)

YEAR = 365 * 24 * 3600


@bp.route("/media/<name>")
def file(name):
    content_type = uploads.content_type(name)
    if content_type is None:
        abort(404)
    files = storage.get()
    try:
        size = files.size(name)
        handle = files.open(name)
    except FileNotFoundError:
        abort(404)
    response = current_app.response_class(wrap_file(request.environ, handle),
                                          mimetype=content_type, direct_passthrough=True)
    response.content_length = size
    response.set_etag(name)
    response.cache_control.public = True
    response.cache_control.max_age = YEAR
    response.cache_control.immutable = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Content-Disposition"] = "inline"
    # Answers If-None-Match with 304 and Range (video seeking) with 206.
    return response.make_conditional(request, accept_ranges=True, complete_length=size)
