"""Short videos: what an MP4 or WebM file really is, how long its video track lasts,
and the same bytes with their metadata boxes (places, titles, cover art) blanked out.

Pure: no database, no storage (buurt.core.media.uploads stores what passes). The
container is read with hachoir (pure Python), imported only when a video comes in.
"""
import io
import struct
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from buurt.core.media.errors import NOT_A_VIDEO, UploadError

MAX_VIDEO_SECONDS = 20
MP4_BRANDS = {"isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ",
              "M4VP", "MSNV", "qt  ", "3gp4", "3gp5", "3gp6", "dash"}
# Reading a video stops (and refuses it) past this many frames or table rows: a 20 s
# video has a few thousand at most.
MAX_ENTRIES = 50_000


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
