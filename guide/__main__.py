"""`python -m guide`: serve the portal for development, with clear content errors.

Local only: the development server listens on 127.0.0.1 and nowhere else, so that Werkzeug's debugger console
(`--debug`) is never reachable from another computer. It is not made for load or for the internet (a few hundred
idle connections hold it up); publish the static build (freeze.py) instead.
"""

from __future__ import annotations

import argparse
import sys

from .content import ContentError

LOCAL = "127.0.0.1"  # fixed: no option or environment variable moves the server (and its debugger) elsewhere


def main() -> int:
    """Create the app and serve it on 127.0.0.1."""
    parser = argparse.ArgumentParser(
        description="Serve the guide portal for development, on 127.0.0.1 only (never on another address)."
    )
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument(
        "--debug", action="store_true", help="reload on changes and show Werkzeug's debugger (on 127.0.0.1 only)"
    )
    parser.add_argument("--site", help="the site folder to serve (site.toml and content/); default: this repository")
    args = parser.parse_args()
    from . import SiteUrlError, create_app
    from .sitefile import SiteFileError

    try:
        app = create_app({"SITE_DIR": args.site} if args.site else None)
    except (ContentError, SiteFileError) as error:
        print("\n".join(error.problems), file=sys.stderr)
        return 1
    except SiteUrlError as error:
        print(error, file=sys.stderr)
        return 1
    app.run(host=LOCAL, port=args.port, debug=args.debug)
    return 0


if __name__ == "__main__":
    sys.exit(main())
