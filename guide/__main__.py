"""`python -m guide`: serve the portal for development on 127.0.0.1, with live reload and clear content errors.

Local only: the development server listens on 127.0.0.1 and nowhere else, so that Werkzeug's debugger console
(`--debug`) is never reachable from another computer. It is for authors (`make serve`), not for load or the
internet; publish the static build (freeze.py), or serve the app with gunicorn (README).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from pathlib import Path

from flask import Flask

from .content import ContentError

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def watched(app: Flask) -> dict[str, list[Path]]:
    """What live reload watches, by what a change means: content (and site files), catalogs, templates, static."""
    content = Path(app.config["CONTENT_DIR"])
    package = Path(__file__).resolve().parent
    site_files = [p for p in (content.parent / "site.toml",) if p.exists()]
    return {
        "content": [content, *site_files],
        "catalogs": [package / "translations"],
        "templates": [package / "templates"],
        "static": [Path(app.static_folder or ROOT / "static")],
    }


def main() -> int:
    """Create the app and serve it on 127.0.0.1: QR codes, PDFs and staff links point at the address served."""
    parser = argparse.ArgumentParser(description="Serve the guide portal for development on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--debug", action="store_true", help="also restart on a change to the Python code")
    parser.add_argument("--site", help="the site folder to serve (site.toml and content/); default: this repository")
    args = parser.parse_args()
    from . import SiteUrlError, create_app, livereload, load_site
    from .sitefile import SiteFileError

    address = f"http://{HOST}:{args.port}"
    try:
        # Absolute addresses (QR codes, PDFs, staff links) point here unless SITE_URL says otherwise.
        config = {"SITE_URL": os.environ.get("SITE_URL") or address, "LIVE_RELOAD": True}
        app = create_app(config | ({"SITE_DIR": args.site} if args.site else {}))
    except (ContentError, SiteFileError) as error:
        print("\n".join(error.problems), file=sys.stderr)
        return 1
    except SiteUrlError as error:
        print(error, file=sys.stderr)
        return 1
    reload = livereload.init_app(app, load_site, watched(app))
    if args.debug:  # Werkzeug's reloader runs this twice; the watcher runs in the serving child only
        if os.environ.get("WERKZEUG_RUN_MAIN") == "true":
            reload.start()
        else:
            print(f"Open {address}/ (Ctrl+C stops)", flush=True)
        app.run(host=HOST, port=args.port, debug=True, use_evalex=False)
        return 0
    from werkzeug.serving import make_server

    server = make_server(HOST, args.port, app, threaded=True)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))  # stop as on Ctrl+C: atexit cleans up
    reload.start()
    print(f"Open {address}/ (saved changes show by themselves; Ctrl+C stops)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C ends it without a traceback
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
