"""Why an upload is refused, in words for the person who sent it."""
from flask_babel import lazy_gettext as _l


class UploadError(ValueError):
    """A file that is refused; str() is a message for the person."""

    def __str__(self):
        return str(self.args[0])


NOT_A_PHOTO = _l("This file is not a photo we can use. Choose a photo (JPEG, PNG or WebP).")
NOT_A_VIDEO = _l("This file is not a video we can use. Choose an MP4 or WebM video.")
NOT_MEDIA = _l("This file is not a photo or video we can use. Choose a photo (JPEG, PNG or "
               "WebP) or a short video (MP4 or WebM).")

