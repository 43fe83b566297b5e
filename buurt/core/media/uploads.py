"""Photos and short videos: check what a file really is, clean it, and store it.

What other features use (a form with a FileField, then in the view):

    try:
        upload = uploads.save_image(form.photo.data, current_user)   # or save_media(...)
    except uploads.UploadError as error:
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

Services flush, the caller commits. If the caller rolls back, the files stay behind
unused under names nobody knows; `delete(upload)` removes an upload and its files.
"""
import io
import secrets
import struct
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from sqlalchemy import exists, select

from buurt.core import storage
from buurt.core.extensions import db
from buurt.core.media.models import Upload, UploadKind
from buurt.info.models import Place
from buurt.people.models import User
from buurt.posts.models import Post

# The sizes a photo is stored at: the longest side in pixels.
LARGE = 1280
THUMB = 400
JPEG_QUALITY = 82
# Photos with more pixels than this are refused before they are decoded (a small file can
# unpack to gigabytes).
MAX_PIXELS = 50_000_000
MAX_VIDEO_SECONDS = 20
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
# Suffix and content type of everything we store; the media route serves only these.
CONTENT_TYPES = {"jpg": "image/jpeg", "webp": "image/webp", "mp4": "video/mp4",
                 "webm": "video/webm"}
# ISO base media brands of files a browser plays as video/mp4 (phones: isom, mp4x, qt).
MP4_BRANDS = {"isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ",
              "M4VP", "MSNV", "qt  ", "3gp4", "3gp5", "3gp6", "dash"}
# Reading a video stops (and refuses it) past this many frames or table rows: a 20 s
# video has a few thousand at most.
MAX_ENTRIES = 50_000


class UploadError(ValueError):
    """A file that is refused; str() is a message for the person."""

    def __str__(self):
        return str(self.args[0])


NOT_A_PHOTO = _l("This file is not a photo we can use. Choose a photo (JPEG, PNG or WebP).")
NOT_A_VIDEO = _l("This file is not a video we can use. Choose an MP4 or WebM video.")
NOT_MEDIA = _l("This file is not a photo or video we can use. Choose a photo (JPEG, PNG or "
               "WebP) or a short video (MP4 or WebM).")


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


# --- videos ------------------------------------------------------------------------------

@dataclass(frozen=True)
class VideoInfo:
    suffix: str                # "mp4" or "webm"
    seconds: float             # the length of the video track
    width: int | None
    height: int | None


def sniff(data: bytes) -> str | None:
    """What the first bytes say the file is: "mp4", "webm", "image", or None."""
    if len(data) >= 12 and data[4:8] == b"ftyp":
        brands = {data[8:12].decode("latin-1")}
        box_size = struct.unpack(">I", data[:4])[0]
        compatible = data[16:min(box_size, 64)]
        brands |= {compatible[i:i + 4].decode("latin-1")
                   for i in range(0, len(compatible) - 3, 4)}
        return "mp4" if brands & MP4_BRANDS else None
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return "webm" if b"webm" in data[:64] else None
    if data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n" or \
            data[:6] in (b"GIF87a", b"GIF89a") or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return "image"
    return None


def _parser(data: bytes, cls):
    from hachoir.stream import InputIOStream
    parser = cls(InputIOStream(io.BytesIO(data), source="upload", tags=[]), validate=True)
    return parser


def _atoms(node):
    """(tag, atom) for the atoms directly inside a hachoir MP4 field set."""
    for field in node:
        if field.name.startswith("atom["):
            yield field["tag"].value, field


def _body(atom):
    """The parsed content of an atom (the field set after its size and tag)."""
    for field in atom:
        if field.is_field_set:
            return field
    return None


def _child(node, tag):
    return next((atom for found, atom in _atoms(node) if found == tag), None)


def _mp4_info(data: bytes) -> VideoInfo:
    from hachoir.parser.container.mp4 import MP4File
    parser = _parser(data, MP4File)
    moov = _child(parser, "moov")
    if moov is None:
        raise UploadError(NOT_A_VIDEO)
    movie = _body(moov)
    header = _child(movie, "mvhd")
    movie_scale = _body(header)["time_scale"].value if header is not None else 0
    longest, size = None, (None, None)
    for tag, trak in _atoms(movie):
        if tag != "trak":
            continue
        track = _body(trak)
        mdia = _child(track, "mdia")
        media = _body(mdia) if mdia is not None else None
        handler = _child(media, "hdlr") if media is not None else None
        if handler is None or _body(handler)["subtype"].value != "vide":
            continue
        mdhd = _body(_child(media, "mdhd"))
        scale = mdhd["time_scale"].value
        if not scale:
            raise UploadError(NOT_A_VIDEO)
        lengths = [mdhd["duration"].value / scale]
        # The samples' own durations: a header cannot make a long video look short.
        minf = _child(media, "minf")
        stbl = _child(_body(minf), "stbl") if minf is not None else None
        stts = _child(_body(stbl), "stts") if stbl is not None else None
        if stts is not None:
            table = _body(stts)
            count = table["count"].value
            if count > MAX_ENTRIES:
                raise UploadError(NOT_A_VIDEO)
            lengths.append(sum(table[f"sample_count[{i}]"].value
                               * table[f"sample_delta[{i}]"].value
                               for i in range(count)) / scale)
        tkhd = _child(track, "tkhd")
        if tkhd is not None:
            track_header = _body(tkhd)
            if movie_scale:
                lengths.append(track_header["duration"].value / movie_scale)
            try:
                size = (int(track_header["frame_size_width/int_part"].value),
                        int(track_header["frame_size_height/int_part"].value))
            except (KeyError, ValueError, TypeError):
                pass
        seconds = max(lengths)
        longest = seconds if longest is None else max(longest, seconds)
    if not longest:
        # No video track, or one without frames (a fragmented file keeps them elsewhere).
        raise UploadError(_l("We cannot find a video in this file, or not its length. "
                             "Choose an MP4 or WebM video."))
    return VideoInfo("mp4", longest, *size)


def _webm_info(data: bytes) -> VideoInfo:
    from hachoir.parser.container.mkv import MkvFile
    parser = _parser(data, MkvFile)
    if parser["EBML[0]/DocType/string"].value != "webm":
        raise UploadError(NOT_A_VIDEO)
    segment = parser["Segment[0]"]
    scale_ns, video, size, frame_ns = 1_000_000, set(), (None, None), {}
    for part in segment:
        if part.name.startswith("Info["):
            if "TimecodeScale" in part:
                scale_ns = part["TimecodeScale/unsigned"].value
        elif part.name.startswith("Tracks["):
            for entry in part:
                if not entry.name.startswith("TrackEntry[") or \
                        entry["TrackType/enum"].value != 1:      # 1: video
                    continue
                number = entry["TrackNumber/unsigned"].value
                video.add(number)
                if "DefaultDuration" in entry:
                    frame_ns[number] = entry["DefaultDuration/unsigned"].value
                if "Video" in entry:
                    try:
                        size = (entry["Video/PixelWidth/unsigned"].value,
                                entry["Video/PixelHeight/unsigned"].value)
                    except (KeyError, ValueError):
                        pass
    if not video or not scale_ns:
        raise UploadError(_l("We cannot find a video in this file, or not its length. "
                             "Choose an MP4 or WebM video."))
    first = last = None
    seen = 0
    last_ns = 0
    for cluster in segment:
        if not cluster.name.startswith("Cluster["):
            continue
        base = cluster["Timecode/unsigned"].value if "Timecode" in cluster else 0
        for element in cluster:
            if element.name.startswith("SimpleBlock["):
                block, extra = element["block"], 0
            elif element.name.startswith("BlockGroup["):
                block = element["Block/block"]
                extra = (element["BlockDuration/unsigned"].value * scale_ns
                         if "BlockDuration" in element else 0)
            else:
                continue
            seen += 1
            if seen > MAX_ENTRIES:
                raise UploadError(NOT_A_VIDEO)
            track = block["track"].value
            if track not in video:
                continue
            at = (base + block["timecode"].value) * scale_ns
            first = at if first is None else min(first, at)
            if last is None or at >= last:
                last, last_ns = at, extra or frame_ns.get(track, 0)
    if first is None:
        raise UploadError(_l("We cannot find a video in this file, or not its length. "
                             "Choose an MP4 or WebM video."))
    return VideoInfo("webm", (last - first + last_ns) / 1e9, *size)


def video_info(data: bytes) -> VideoInfo:
    """Read a video's container: its kind, the video track's length and its frame size.

    Pure (no database, no storage); raises UploadError when it is not an MP4 or WebM
    video with a video track we can measure.
    """
    kind = sniff(data)
    if kind not in ("mp4", "webm"):
        raise UploadError(NOT_A_VIDEO)
    try:
        return _mp4_info(data) if kind == "mp4" else _webm_info(data)
    except UploadError:
        raise
    except Exception:  # hachoir raises many kinds of error on a damaged or crafted file
        raise UploadError(NOT_A_VIDEO) from None


# Boxes that hold metadata (titles, places, cover art, XMP) rather than the film.
_MP4_META = {b"udta", b"meta", b"uuid", b"XMP_", b"ilst", b"keys"}
_MP4_DESCEND = {b"moov", b"trak"}


def _scrub_mp4(buffer: bytearray, start: int, end: int) -> None:
    at = start
    while at + 8 <= end:
        size, tag = struct.unpack(">I4s", bytes(buffer[at:at + 8]))
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", bytes(buffer[at + 8:at + 16]))[0], 16
        elif size == 0:
            size = end - at
        if size < header or at + size > end:
            return
        if tag in _MP4_META:
            # Same length, so no offset in the file changes: a `free` box of zeros.
            buffer[at + 4:at + 8] = b"free"
            buffer[at + header:at + size] = bytes(size - header)
        elif tag in _MP4_DESCEND:
            _scrub_mp4(buffer, at + header, at + size)
        at += size


def _ebml_void(length: int) -> bytes:
    """An EBML Void element of exactly `length` bytes (at least 2)."""
    if length - 2 <= 126:
        return bytes([0xEC, 0x80 | (length - 2)]) + bytes(length - 2)
    return bytes([0xEC, 0x01]) + (length - 9).to_bytes(7, "big") + bytes(length - 9)


def _scrub_webm(data: bytes) -> bytes:
    from hachoir.parser.container.mkv import MkvFile
    buffer = bytearray(data)
    segment = _parser(data, MkvFile)["Segment[0]"]
    for part in segment:
        end = (part.absolute_address + part.size) // 8
        if part.name.startswith(("Tags[", "Attachments[")):
            # Keep the element (the seek index points at it), empty inside.
            body = (part["size"].absolute_address + part["size"].size) // 8
            if end - body >= 2:
                buffer[body:end] = _ebml_void(end - body)
        elif part.name.startswith("Info["):
            for element in part:
                if element.name.startswith("Title"):
                    start = element.absolute_address // 8
                    stop = (element.absolute_address + element.size) // 8
                    buffer[start:stop] = _ebml_void(stop - start)
    return bytes(buffer)


def clean_video(data: bytes) -> tuple[bytes, VideoInfo]:
    """Check a video and blank out its metadata: (the bytes to store, what it is)."""
    info = video_info(data)
    if info.seconds > MAX_VIDEO_SECONDS + 0.05:
        raise UploadError(_l("This video lasts %(seconds)d seconds. A video may last at "
                             "most %(max)d seconds.", seconds=round(info.seconds),
                             max=MAX_VIDEO_SECONDS))
    try:
        if info.suffix == "mp4":
            buffer = bytearray(data)
            _scrub_mp4(buffer, 0, len(buffer))
            cleaned = bytes(buffer)
        else:
            cleaned = _scrub_webm(data)
    except Exception:  # as in video_info: a file hachoir cannot walk is refused
        raise UploadError(NOT_A_VIDEO) from None
    return cleaned, info


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


def delete(upload: Upload) -> None:
    """Remove an upload and its files."""
    files = storage.get()
    for name in upload.names:
        files.delete(name)
    db.session.delete(upload)
    db.session.flush()


def is_used(upload: Upload) -> bool:
    """Whether a post, a meeting place or a profile still shows this upload."""
    for column in (Post.__table__.c.upload_id, Place.photo_id, User.photo_id):
        if db.session.scalar(select(column).where(column == upload.id).limit(1)) is not None:
            return True
    return False


def delete_if_unused(upload: Upload | None) -> None:
    """Remove an upload and its files, unless something still shows it."""
    if upload is not None and not is_used(upload):
        delete(upload)


# Passed as the photo to a service's update: leave the photo as it is.
KEEP = object()


def replace(thing, attribute: str, upload) -> None:
    """Put `upload` (or None) on thing.<attribute>; the one it had goes for good unless
    something else still shows it. `KEEP` changes nothing."""
    if upload is KEEP:
        return
    old = getattr(thing, attribute)
    setattr(thing, attribute, upload)
    db.session.flush()
    if old is not None and old is not upload:
        delete_if_unused(old)


# A file sent with a form that was never finished goes after this long (the form keeps it
# for a second try, which nobody takes a day over).
ABANDONED_AFTER = timedelta(days=1)
# At most this many files go per run of `buurt tick`.
SWEEP_BATCH = 500


def sweep_abandoned(now: datetime) -> int:
    """Remove uploads that nothing shows and that were sent more than ABANDONED_AFTER ago
    (for `buurt tick`); returns how many went."""
    post_upload = Post.__table__.c.upload_id
    abandoned = db.session.scalars(
        select(Upload).where(Upload.created_at < now - ABANDONED_AFTER,
                             ~exists().where(post_upload == Upload.id),
                             ~exists().where(Place.photo_id == Upload.id),
                             ~exists().where(User.photo_id == Upload.id))
        .order_by(Upload.id).limit(SWEEP_BATCH)).all()
    for upload in abandoned:
        delete(upload)
    return len(abandoned)


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
