"""Test files: photos made here with Pillow, and the committed video fixtures.

The videos in tests/fixtures/media/ were made with ffmpeg; each has a sound track of
another length than its video track, so a check that reads the wrong track gets it wrong:
- video-10s-audio-40s.{mp4,webm}: 10 s of video, 40 s of sound, with a place (GPS) and a
  title in its metadata;
- video-30s-audio-5s.{mp4,webm}: 30 s of video, 5 s of sound.
"""
import io
from pathlib import Path

from PIL import ExifTags, Image
from werkzeug.datastructures import FileStorage

MEDIA = Path(__file__).resolve().parent.parent / "fixtures" / "media"
CAMERA = "BuurtPhone 7 Pro"


def video(name: str) -> bytes:
    return (MEDIA / name).read_bytes()


def jpeg_with_gps(size=(2000, 1500), orientation: int | None = None) -> bytes:
    """A JPEG photo with a camera name, the time and a GPS position in its EXIF."""
    image = Image.new("RGB", size, (40, 120, 200))
    for x in range(0, size[0], 50):       # some detail, so it is a photo of something
        image.paste((250, 200, 40), (x, 0, x + 20, size[1] // 3))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = CAMERA
    exif[ExifTags.Base.DateTime] = "2026:06:14 10:15:00"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, 23.16)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 53.0, 31.92)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"Dorpsstraat 12")
    return out.getvalue()


def png(size=(300, 200), mode="RGBA") -> bytes:
    image = Image.new(mode, size, (200, 30, 30, 128) if mode == "RGBA" else (200, 30, 30))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def upload(data: bytes, filename: str, content_type: str = "application/octet-stream"):
    """A file as a form sends it."""
    return FileStorage(stream=io.BytesIO(data), filename=filename, content_type=content_type)
