"""The one Chinese font every PDF of the project embeds (ballots, the statistics table,
target letters, bulletins): WenQuanYi Micro Hei from Debian's fonts-wqy-microhei, a
TrueType-outline font, which reportlab can embed (it cannot embed the OpenType/CFF Noto CJK
fonts). `make test` and `.ci/run` install the package on a fresh machine."""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "WenQuanYiMicroHei"
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


@cache
def font() -> str:
    """The registered font's name, registering it on first use."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))
    return FONT
