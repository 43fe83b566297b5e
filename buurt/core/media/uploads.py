"""Photos and short videos: check what a file really is, clean it, and store it.

What other features use (a form with a FileField, then in the view, with
`from buurt.core.media import errors, uploads`):

    try:
        upload = uploads.save_image(form.photo.data, current_user)   # or save_media(...)
    except errors.UploadError as error:
        form.photo.errors.append(str(error))          # a message for the person
    ...
    thing.upload = upload                             # keep the Upload (a model) on it

and in a template: `{% from "macros/media.html" import image %}{{ image(upload, alt) }}`.

- Photos are recognised by their content (Pillow), never by the file name; they are turned
  the right way up, re-encoded (JPEG, or WebP with UPLOAD_IMAGE_FORMAT = "webp") at two
  sizes (at most 1280 and 400 px) and lose every piece of metadata: EXIF, GPS, XMP,
  comments, colour profiles (after conversion to sRGB).
- Videos are MP4 or WebM, recognised by their content (hachoir, pure Python); the video
  track itself must last at most MAX_VIDEO_SECONDS, whatever the sound track says. Their
  metadata boxes (places, titles, cover art) are blanked out in place.
- Files get a random name; the sender's file name is not kept anywhere.

Photos and the storing are here; videos.py reads and scrubs videos, cleanup.py removes
uploads nothing shows (references.py: the columns that show one), errors.py says why a
file is refused. Callers import the module that holds what they use.

Services flush, the caller commits. If the caller rolls back, the files stay behind
unused under names nobody knows; `cleanup.delete(upload)` removes an upload and its files.
"""
import io
import secrets
import struct

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from sqlalchemy import select

from buurt.core import storage
from buurt.core.extensions import db
from buurt.core.media.errors import NOT_A_PHOTO, NOT_MEDIA, UploadError
from buurt.core.media.models import Upload, UploadKind
from buurt.core.media.videos import clean_video, sniff

# The sizes a photo is stored at: the longest side in pixels.
LARGE = 1280
THUMB = 400
JPEG_QUALITY = 82
# Photos with more pixels than this are refused before they are decoded (a small file can
# unpack to gigabytes).
MAX_PIXELS = 50_000_000
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
# Suffix and content type of everything we store; the media route serves only these.
CONTENT_TYPES = {"jpg": "image/jpeg", "webp": "image/webp", "mp4": "video/mp4",
                 "webm": "video/webm"}


def limit_in_mb() -> int:
    """The size limit of one request, in whole megabytes, for the forms' hints."""
    return max(1, int(current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024))


# --- reading what was sent ---------------------------------------------------------------

def _read(file) -> bytes:
    """The bytes of a werkzeug FileStorage, a file object or bytes."""
    if file is None:
        raise UploadError(_l("Choose a file."))
    if isinstance(file, (bytes, bytearray)):
        data = bytes(file)
    else:
        stream = getattr(file, "stream", file)
        if hasattr(stream, "seek"):
            stream.seek(0)
        data = stream.read()
    if not data:
        raise UploadError(_l("This file is empty. Choose another one."))
    return data


def is_given(file) -> bool:
    """Whether a form's file field holds a file (browsers send an empty part when not)."""
    return bool(file) and bool(getattr(file, "filename", True))


def _new_name(suffix: str, tag: str = "") -> str:
    return f"{secrets.token_urlsafe(16)}{tag}.{suffix}"


# --- photos ------------------------------------------------------------------------------

def _open_image(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data), formats=IMAGE_FORMATS)
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise UploadError(_l("This photo has too many pixels. Choose a smaller one."))
        image.seek(0)      # an animated GIF or WebP: its first frame
        if image.format == "JPEG":
            # Decode a phone photo at the smallest scale still larger than LARGE: a
            # quarter of the memory and time, and the same result after resizing.
            image.draft("RGB", (LARGE, LARGE))
        image.load()
    except UploadError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
            ValueError, EOFError, struct.error):
        raise UploadError(NOT_A_PHOTO) from None
    return image


_SRGB = None


def _to_srgb(image: Image.Image) -> Image.Image:
    """Apply the photo's colour profile, so dropping the profile keeps the colours."""
    global _SRGB
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        if _SRGB is None:
            _SRGB = ImageCms.createProfile("sRGB")
        return ImageCms.profileToProfile(image, io.BytesIO(profile), _SRGB,
                                         outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _flatten(image: Image.Image) -> Image.Image:
    """Plain RGB: transparency on white, palettes and grey scales expanded."""
    if image.mode in ("P", "PA", "LA", "La") or "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "RGBa"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda v: v / 256).convert("L")
    return image.convert("RGB") if image.mode != "RGB" else image


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    # Pillow writes some of what it read back out (a JPEG comment, for one): forget it
    # all, and pass no exif=, icc_profile= or xmp=, so the new file carries none of them.
    image.info = {}
    if fmt == "webp":
        image.save(out, "WEBP", quality=JPEG_QUALITY, method=4)
    else:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def clean_image(data: bytes) -> tuple[bytes, tuple[int, int], bytes, tuple[int, int], str]:
    """Check and re-encode a photo: (large, its size, thumbnail, its size, suffix).

    Pure (no database, no storage): raises UploadError for anything that is not a photo.
    """
    image = _open_image(data)
    try:
        image = ImageOps.exif_transpose(image)
    except (ValueError, TypeError, SyntaxError, struct.error, KeyError):
        pass   # a broken orientation tag: keep the photo as it is
    image = _flatten(_to_srgb(image))
    fmt = "webp" if current_app.config.get("UPLOAD_IMAGE_FORMAT") == "webp" else "jpg"
    large = image.copy()
    large.thumbnail((LARGE, LARGE), Image.Resampling.LANCZOS)
    thumb = image.copy()
    thumb.thumbnail((THUMB, THUMB), Image.Resampling.LANCZOS)
    return _encode(large, fmt), large.size, _encode(thumb, fmt), thumb.size, fmt


def save_image(file, owner) -> Upload:
    """Check, clean and store a photo; return its Upload (flushed).

    `file` is a werkzeug FileStorage (form.photo.data), a file object or bytes; `owner`
    the user who sent it. Raises UploadError with a message for the form.
    """
    data = _read(file)
    large, (width, height), thumb, (thumb_width, thumb_height), fmt = clean_image(data)
    upload = Upload(owner_id=getattr(owner, "id", None), kind=UploadKind.IMAGE,
                    content_type=CONTENT_TYPES[fmt], name=_new_name(fmt),
                    width=width, height=height, size_bytes=len(large),
                    thumb_name=_new_name(fmt, "-t"), thumb_width=thumb_width,
                    thumb_height=thumb_height, thumb_bytes=len(thumb),
                    original_bytes=len(data))
    files = storage.get()
    files.save(upload.name, large)
    files.save(upload.thumb_name, thumb)
    db.session.add(upload)
    db.session.flush()
    return upload


def save_video(file, owner) -> Upload:
    """Check and store a short video (MP4 or WebM, at most 20 s); return its Upload."""
    data = _read(file)
    cleaned, info = clean_video(data)
    upload = Upload(owner_id=getattr(owner, "id", None), kind=UploadKind.VIDEO,
                    content_type=CONTENT_TYPES[info.suffix], name=_new_name(info.suffix),
                    width=info.width, height=info.height, size_bytes=len(cleaned),
                    original_bytes=len(data), duration_ms=round(info.seconds * 1000))
    storage.get().save(upload.name, cleaned)
    db.session.add(upload)
    db.session.flush()
    return upload


def save_media(file, owner) -> Upload:
    """Store a photo or a short video, told apart by the file's content."""
    data = _read(file)
    kind = sniff(data)
    if kind in ("mp4", "webm"):
        return save_video(data, owner)
    try:
        return save_image(data, owner)
    except UploadError as error:
        raise UploadError(NOT_MEDIA if kind is None else str(error)) from None


def kept(name: str | None, owner) -> Upload | None:
    """The upload stored under `name` if `owner` sent it: a file sent with an earlier try
    of a form, so the next try does not need it again. None for anyone else's."""
    if not name or owner is None or getattr(owner, "id", None) is None:
        return None
    upload = db.session.scalar(select(Upload).where(Upload.name == name))
    if upload is None or upload.owner_id != owner.id:
        return None
    return upload


def content_type(name: str) -> str | None:
    """The content type a stored name is served with, or None for names we never make."""
    try:
        storage.check_name(name)
    except ValueError:
        return None
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1])
