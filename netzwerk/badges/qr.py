"""QR codes for badges: a tiny PNG with one pixel per module, drawn large and unsmoothed by the PDF viewer.

A PNG of a 21 × 21 symbol is about 150 bytes and costs WeasyPrint one image instead of an SVG to parse and lay out.
"""
import base64
import io

import segno

QUIET_ZONE = 4  # modules of white around the symbol, as the standard asks


def qr_png(code: str, scale: int = 1) -> bytes:
    """The check-in code, and nothing else, as a QR code (error correction M or better, never Micro QR)."""
    symbol = segno.make(code, error="m", micro=False)
    buffer = io.BytesIO()
    symbol.save(buffer, kind="png", scale=scale, border=QUIET_ZONE)
    return buffer.getvalue()


def qr_data_uri(code: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(code)).decode("ascii")
