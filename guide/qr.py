"""QR codes made on the server with zxing-cpp, no script: inline SVG (handouts, staff pages) or an SVG file of its own.

A guide page links its codes as image files (/qr/<key>.svg, loaded lazily): three codes are about 1.4 KB of
gzip that the first round trip of a phone does not need, and a file is cached across the pages that show it.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from urllib.parse import urlsplit

import zxingcpp
from markupsafe import Markup, escape

from .parallel import parallel_map


def qr_svg(address: str, label: str) -> Markup:
    """The QR code of `address` as an <svg> with a text alternative; black on white with a quiet zone."""
    return Markup(_svg_of(address).replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))


# One encoding per address and build: a guide's address appears on its page, its handout and three staff pages,
# each with a label in another language.
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


QUIET = 4  # modules of quiet zone on each side: what the QR standard asks for, inside the viewBox
# Error correction from low to high: M is the least a code gets; a higher level is taken when it fits the same version.
LEVELS = "MQH"
_DARK_RUN = re.compile(rb"\x00+")  # zxing-cpp's bitmap: 0 is a dark module, 255 a light one


def encode(address: str) -> str:
    """The bare <svg> of an address: black on white, with a quiet zone of 4 modules."""
    return svg_of_rows(matrix(address))


def symbol(address: str) -> zxingcpp.Barcode:
    """The smallest QR code (no micro code) of an address at level M, raised to Q or H where that fits the same size.

    zxing-cpp's writer (zint in C++) takes a fraction of a millisecond where segno's mask search in Python took
    several; segno raised the level the same way, so no printed code loses error correction by the switch.
    """
    code = zxingcpp.create_barcode(address, zxingcpp.BarcodeFormat.QRCode, ecLevel="M")
    version = (code.to_image(add_quiet_zones=False).shape[0] - 17) // 4
    for level in reversed(LEVELS[1:]):  # H first: the first level that fits is the highest
        try:
            return zxingcpp.create_barcode(address, zxingcpp.BarcodeFormat.QRCode, ecLevel=level, version=version)
        except ValueError:  # the address does not fit this level in this version
            continue
    return code


def matrix(address: str) -> list[bytes]:
    """The modules of an address's code, row by row, without quiet zone: byte 0 is dark, 255 light."""
    image = symbol(address).to_image(add_quiet_zones=False)
    size = image.shape[1]
    data = bytes(memoryview(image))
    return [data[start : start + size] for start in range(0, len(data), size)]


def svg_of_rows(rows: list[bytes]) -> str:
    """An <svg> of a module matrix: a white square, then one stroked <path> of its dark runs."""
    size = len(rows) + 2 * QUIET
    columns = [bytes(column) for column in zip(*rows, strict=True)]
    # Rows or columns, whichever path is smaller after gzip, as the budgets count and hosts send it (about 3 %
    # less than rows alone); then the shorter, then rows.
    path = min(
        _path(rows, "h"), _path(columns, "v"), key=lambda path: (len(zlib.compress(path.encode(), 9)), len(path))
    )
    return (
        f'<svg viewBox="0 0 {size} {size}" class="qr-svg"><path fill="#fff" d="M0 0h{size}v{size}H0z"/>'
        f'<path stroke="#000" d="{path}"/></svg>'
    )


def _path(lines: list[bytes], direction: str) -> str:
    """The dark runs of rows (h) or columns (v) as path data: a relative move and a line for each run.

    A stroke 1 wide on the middle line of a row (column) covers its modules exactly, as in segno's output; relative
    numbers stay one or two digits wherever the run is.
    """
    horizontal = direction == "h"
    parts = []
    along = across = 0  # the pen, in whole modules: the half module to the middle line is in the first move only
    for index, line in enumerate(lines, QUIET):
        for run in _DARK_RUN.finditer(line):
            start, length = run.start() + QUIET, run.end() - run.start()
            if not parts:  # the first move is absolute and the only one that reaches the middle line
                parts.append(f"M{start} {index}.5h{length}" if horizontal else f"M{index}.5 {start}v{length}")
            elif horizontal:
                parts.append(f"m{start - along} {index - across}h{length}")
            else:
                parts.append(f"m{index - across} {start - along}v{length}")
            along, across = start + length, index
    return "".join(parts).replace(" -", "-")  # a minus sign separates numbers by itself


def short_address(address: str) -> str:
    """The address as people type it: without the scheme."""
    parts = urlsplit(address)
    return parts.netloc + parts.path + (f"?{parts.query}" if parts.query else "")
