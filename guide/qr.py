"""QR codes as inline SVG, made on the server with segno: no script, no image request."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import segno
from markupsafe import Markup, escape

from .parallel import parallel_map


def qr_svg(address: str, label: str) -> Markup:
    """The QR code of `address` as an <svg> with a text alternative; black on white with a quiet zone."""
    return Markup(_svg_of(address).replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))


# One encoding per address and build: a guide's address appears on its page, its handout and three staff pages,
# each with a label in another language, and segno's mask search is the slowest part of a build.
_svgs: dict[str, str] = {}


def _svg_of(address: str) -> str:
    """The bare <svg> of an address, encoded once."""
    if address not in _svgs:
        _svgs[address] = encode(address)
    return _svgs[address]


def prepare(addresses: list[str]) -> None:
    """Encode many addresses at once, on every core, before the pages that show them are rendered."""
    missing = [address for address in addresses if address not in _svgs]
    _svgs.update(zip(missing, parallel_map(encode, missing), strict=True))


def encode(address: str) -> str:
    """The bare <svg> of an address: black on white, with a quiet zone of 4 modules."""
    code = segno.make(address, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=False,
        nl=False,
        border=4,
        omitsize=True,
        dark="#000",
        light="#fff",
        svgclass="qr-svg",
        lineclass=None,
    )
    return buffer.getvalue().decode("ascii")


def short_address(address: str) -> str:
    """The address as people type it: without the scheme."""
    parts = urlsplit(address)
    return parts.netloc + parts.path + (f"?{parts.query}" if parts.query else "")
