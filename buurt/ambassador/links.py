"""The links an ambassador prints (to sign up at an event, to log in with a card) on the
site's public address, and any link as a QR code."""
import segno
from markupsafe import Markup

from buurt.ambassador.models import OnboardingEvent
from buurt.notifications import mail


def signup_link(event: OnboardingEvent) -> str:
    """The full sign-up link of an event, on the site's public address (it gets printed)."""
    return mail.absolute_url("auth.signup", event=event.token)


def login_link() -> str:
    return mail.absolute_url("auth.login")


def qr_svg(link: str, title: str) -> Markup:
    """The link as a QR code in inline SVG that scales to its box (no image file)."""
    code = segno.make(link, error="m")
    svg = code.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr", lineclass=None,
                          title=title)
    # A screen reader hears the title instead of the drawing.
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))
