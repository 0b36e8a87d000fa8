"""The one Chinese font every PDF of the project embeds (ballots, the statistics table,
target letters, bulletins): WenQuanYi Micro Hei from Debian's fonts-wqy-microhei, a
TrueType-outline font, which reportlab can embed (it cannot embed the OpenType/CFF Noto CJK
fonts). `make test` and `.ci/run` install the package on a fresh machine."""

from __future__ import annotations

from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

FONT = "WenQuanYiMicroHei"
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


@cache
def font() -> str:
    """The registered font's name, registering it on first use."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))
    return FONT


def text(value: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph showing `value` as written, its line breaks kept.

    Paragraph parses its text as mini-HTML: a township named "<b>x" fails the whole PDF and
    "&" prints a stray ";". Every builder makes paragraphs here, so user text is escaped
    wherever it lands; the fixed strings of the layouts carry no markup.
    """
    return Paragraph("<br/>".join(escape(line) for line in str(value).splitlines()), style)
