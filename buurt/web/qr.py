"""Any text (a link, an authenticator app's set-up key) as a QR code in inline SVG."""
import segno
from markupsafe import Markup


def qr_svg(text: str, title: str) -> Markup:
    """The text as a QR code in inline SVG that scales to its box (no image file)."""
    code = segno.make(text, error="m")
    svg = code.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr", lineclass=None,
                          title=title)
    # A screen reader hears the title instead of the drawing.
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))
