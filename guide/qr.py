"""QR codes made on the server with segno, no script: inline SVG (handouts, staff pages) or an SVG file of its own.

A guide page links its codes as image files (/qr/<key>.svg, loaded lazily): three codes are about 1.4 KB of
gzip that the first round trip of a phone does not need, and a file is cached across the pages that show it.
"""

from __future__ import annotations

import hashlib
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
_keys: dict[str, str] = {}  # key -> address, kept beside _svgs: /qr/<key>.svg looks one up per request


def _svg_of(address: str) -> str:
    """The bare <svg> of an address, encoded once."""
    if address not in _svgs:
        _remember({address: encode(address)})
    return _svgs[address]


def _remember(svgs: dict[str, str]) -> None:
    """Keep encoded codes and their keys."""
    _svgs.update(svgs)
    _keys.update((key_of(address), address) for address in svgs)


def key_of(address: str) -> str:
    """The file name of an address's QR code: 16 hex digits of its SHA-256 (addresses may hold any character)."""
    return hashlib.sha256(address.encode("utf-8")).hexdigest()[:16]


def keys() -> dict[str, str]:
    """Every address encoded so far, by its key: what /qr/<key>.svg may answer."""
    return _keys


def svg_file(address: str) -> str:
    """The QR code of `address` as an SVG document of its own, 8 pixels a module (the quiet zone included)."""
    svg = _svg_of(address)
    modules = int(svg.split('viewBox="0 0 ', 1)[1].split(" ", 1)[0])
    size = modules * 8
    return svg.replace("<svg ", f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" ', 1)


def prepare(addresses: list[str], known: dict[str, str] | None = None) -> dict[str, str]:
    """Encode many addresses at once, on every core, before the pages that show them are rendered.

    `known` holds codes encoded by an earlier build (the build cache); return the code of every address.
    """
    _remember({address: known[address] for address in addresses if known and address in known})
    missing = [address for address in addresses if address not in _svgs]
    _remember(dict(zip(missing, parallel_map(encode, missing), strict=True)))
    return {address: _svgs[address] for address in addresses}


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
