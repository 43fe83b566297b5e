"""What forms with a photo or video share: the file field, and the page shown when a
request is larger than MAX_CONTENT_LENGTH.

A too-large request cannot be read at all (not even its other fields), so the 413 handler
cannot re-show what was typed; it shows the form page again with the message on the file
field, when the form's view registered how to render that page:

    @upload_forms.when_too_large("stories.story_new")
    def _story_form_too_large(message):
        form = StoryForm(formdata=None)
        form.media.errors = [message]
        return render_template("stories/form.html", form=form)
"""
from flask import render_template, request
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage

from buurt.core.extensions import db
from buurt.core.media import errors as media_errors, uploads, videos

# endpoint -> function(message) that renders the form page with `message` on its file.
_TOO_LARGE_PAGES = {}

# What the file inputs accept; the server checks the content whatever the browser sends.
ACCEPT_IMAGES = "image/jpeg,image/png,image/webp,image/gif"
ACCEPT_MEDIA = ACCEPT_IMAGES + ",video/mp4,video/webm"


class MediaField(FileField):
    """A file input for a photo (or a photo or video); the pipeline checks the content."""


def accept_upload(form_field, kept_field, current, owner, *, images_only: bool = False):
    """The upload a form holds after this try: (upload, whether a sent file was refused).

    A file sent now is checked and stored (and committed at once, so it is kept even when
    the rest of the form needs another try); its name goes into the hidden `kept_field`,
    so the next try does not need the file again. Without a new file it is the upload
    named in `kept_field` (only one `owner` sent), else `current` (what the thing has).
    A refused file puts its message on `form_field`; call this after validating the form,
    which resets the fields' errors.
    """
    earlier = uploads.kept(kept_field.data, owner) or current
    # Only a sent file counts: a form filled from an object (obj=place) may hold its Upload.
    if not isinstance(form_field.data, FileStorage) or not uploads.is_given(form_field.data):
        return earlier, False
    save = uploads.save_image if images_only else uploads.save_media
    try:
        upload = save(form_field.data, owner)
    except media_errors.UploadError as error:
        form_field.errors = list(form_field.errors) + [str(error)]
        return earlier, True
    db.session.commit()
    kept_field.data = upload.name
    return upload, False


def form_photo(form, current, owner, *, editing: bool):
    """The photo of a form with the fields `photo`, `kept_photo` and, when editing,
    a `remove_photo` box, after this try: (upload, whether a sent file was refused).
    `current`: the photo the thing has now."""
    upload, refused = accept_upload(form.photo, form.kept_photo, current, owner,
                                    images_only=True)
    if editing and request.form.get("remove_photo"):
        upload = None
    return upload, refused


def when_too_large(endpoint: str):
    """Register how the form page at `endpoint` is shown after a too-large request."""
    def register(render):
        _TOO_LARGE_PAGES[endpoint] = render
        return render
    return register


def too_large_message() -> str:
    return _("This file is too big. Choose a file of at most %(mb)d MB, or a shorter video. "
             "Please fill in the form again.", mb=uploads.limit_in_mb())


def file_hint(with_video: bool) -> str:
    if with_video:
        return _l("A photo, or a video of at most %(seconds)d seconds. At most %(mb)d MB.",
                  seconds=videos.MAX_VIDEO_SECONDS, mb=uploads.limit_in_mb())
    return _l("A photo (JPEG, PNG or WebP). At most %(mb)d MB.", mb=uploads.limit_in_mb())


def init_app(app):
    # For the file inputs of macros/photo.html.
    app.jinja_env.globals["ACCEPT_IMAGES"] = ACCEPT_IMAGES

    @app.errorhandler(413)
    def request_too_large(error):
        render = _TOO_LARGE_PAGES.get(request.endpoint)
        response = render(too_large_message()) if render is not None else None
        if response is None:
            return render_template("errors/error.html", code=413), 413
        return response, 413
