"""QR encoders on the benchmark corpus: CPU time per code, symbol versions and SVG sizes of segno and guide/qr.py.

python -m benchmarks.qrcodes [DIR]: generates the corpus in DIR (a temporary folder by default) and prints a table.
Each address is encoded by every encoder in turn, so that load beside the run weighs on all of them alike.
"""

from __future__ import annotations

import gzip
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import segno

from guide import create_app, qr
from guide.views import qr_targets, site, target_address

from . import corpus

SITE_URL = "https://guides.example.org"  # a host name of a usual length: the versions are those of a real portal


def addresses(content: Path) -> list[str]:
    """Every address prepare_qr_codes encodes for a content folder."""
    app = create_app({"SITE_URL": SITE_URL, "CONTENT_DIR": str(content)})
    with app.app_context():
        guides = [page for page in site().pages if page.layout == "guide"]
        return sorted({target_address(target) for page in guides for target in qr_targets(page)})


def segno_svg(address: str, mask: int | None = None) -> str:
    """The SVG guide/qr.py wrote with segno (mask None: segno's search of the eight masks)."""
    buffer = io.BytesIO()
    code = segno.make(address, error="m", micro=False, mask=mask)
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


ENCODERS: dict[str, Callable[[str], object]] = {
    "segno, mask search, SVG": segno_svg,
    "segno, mask 0, SVG": lambda address: segno_svg(address, 0),
    "zxing-cpp symbol alone": qr.symbol,
    "zxing-cpp, SVG (qr.encode)": qr.encode,
}


def main() -> None:
    """Print the table for the corpus."""
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()) / "content"
    corpus.generate(folder, 250)
    found = addresses(folder)
    spent = dict.fromkeys(ENCODERS, 0)
    for address in found:
        for name, encoder in ENCODERS.items():
            started = time.process_time_ns()
            encoder(address)
            spent[name] += time.process_time_ns() - started
    print(f"{len(found)} codes\n\n| encoder | ms per code | CPU s for all |\n|---|---:|---:|")
    for name, nanoseconds in spent.items():
        print(f"| {name} | {nanoseconds / len(found) / 1e6:.3f} | {nanoseconds / 1e9:.2f} |")
    versions = {"smaller": 0, "equal": 0, "larger": 0}
    sizes: dict[str, list[int]] = {"segno": [], "segno gzip": [], "zxing-cpp": [], "zxing-cpp gzip": []}
    for address in found:
        old = segno.make(address, error="m", micro=False).version
        new = (len(qr.matrix(address)) - 17) // 4
        versions["smaller" if new < old else "larger" if new > old else "equal"] += 1
        for name, svg in (("segno", segno_svg(address)), ("zxing-cpp", qr.encode(address))):
            sizes[name].append(len(svg))
            sizes[f"{name} gzip"].append(len(gzip.compress(svg.encode(), 9)))
    print(f"\nzxing-cpp's versions against segno's: {versions}\n\n| SVG | mean bytes | median |\n|---|---:|---:|")
    for name, values in sizes.items():
        print(f"| {name} | {statistics.mean(values):.0f} | {statistics.median(values):.0f} |")


if __name__ == "__main__":
    main()
