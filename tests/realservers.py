"""Real web servers on 127.0.0.1 for the deploy tests: stock nginx, Apache and Caddy, each with the shipped file.

Each server runs as a normal child process with a config written into a temporary folder, on a free port; it is
ready when the port answers (a state, not a time), and it is always stopped.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.local import free_port

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
APACHE_MODULES = Path("/usr/lib/apache2/modules")
# Stock Debian Apache: the modules a default install enables, plus mod_headers (a2enmod headers), as README says.
APACHE_LOAD = ["mpm_event", "authz_core", "dir", "mime", "alias", "headers", "filter", "deflate"]


def nginx_config(site: Path, port: int, work: Path) -> list[str]:
    """nginx.conf for the test: Debian's mime.types, one server whose root is the build, the shipped include."""
    temp = "\n".join(
        f"    {kind}_temp_path {work}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (work / "nginx.conf").write_text(
        f"""daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{temp}
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include {DEPLOY / "nginx.conf"};
    }}
}}
""",
        encoding="utf-8",
    )
    return ["nginx", "-p", str(work), "-c", str(work / "nginx.conf"), "-e", str(work / "error.log")]


def apache_config(site: Path, port: int, work: Path) -> list[str]:
    """httpd.conf for the test: Debian's stock settings for a site folder with AllowOverride All (for .htaccess)."""
    modules = "\n".join(f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so" for name in APACHE_LOAD)
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""  # Apache will not serve as root
    (work / "httpd.conf").write_text(
        f"""ServerRoot {work}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {work}/httpd.pid
ErrorLog {work}/error.log
Mutex file:{work} default
{modules}
{user}TypesConfig /etc/mime.types
AddOutputFilterByType DEFLATE text/html text/css text/javascript application/javascript image/svg+xml
DocumentRoot {site}
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {site}>
    AllowOverride All
    Require all granted
</Directory>
<FilesMatch "^\\.ht">
    Require all denied
</FilesMatch>
""",
        encoding="utf-8",
    )
    return ["apache2", "-f", str(work / "httpd.conf"), "-DFOREGROUND"]


def caddy_config(site: Path, port: int, work: Path) -> list[str]:
    """The shipped Caddyfile as it is; the address and the root come from the environment."""
    return ["caddy", "run", "--config", str(DEPLOY / "Caddyfile"), "--adapter", "caddyfile"]


SERVERS = {"nginx": nginx_config, "apache": apache_config, "caddy": caddy_config}
BINARIES = {"nginx": "nginx", "apache": "apache2", "caddy": "caddy"}


@contextmanager
def readable_copy(site: Path) -> Iterator[Path]:
    """A copy of the build in a 0755 folder of /tmp, where a server's own user (www-data, nobody) may read it.

    As on a real host: the copy keeps the build's modes, so a build that is not world-readable fails here.
    """
    work = Path(tempfile.mkdtemp(prefix="guide-served-"))
    try:
        work.chmod(0o755)
        copy = work / "build"
        shutil.copytree(site, copy, symlinks=True)
        yield copy
    finally:
        shutil.rmtree(work, ignore_errors=True)


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path, within: float = 60) -> None:
    """Return once the port accepts a connection; fail if the server exits first or after `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
            raise RuntimeError(f"the server stopped with {process.returncode}: {text[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            with contextlib.suppress(subprocess.TimeoutExpired):  # or for the other state that ends it: an exit
                process.wait(timeout=0.05)
    raise RuntimeError(f"nothing answered on port {port} within {within:.0f} s")


@contextmanager
def real_server(name: str, site: Path, work: Path) -> Iterator[str]:
    """Start the real server `name` on a free port with the shipped file; yield its origin; always stop it."""
    port = free_port()
    work.mkdir(parents=True, exist_ok=True)
    command = SERVERS[name](site, port, work)
    home = work / "home"
    home.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "GUIDE_ADDRESS": f"http://127.0.0.1:{port}",
        "GUIDE_ROOT": str(site),
        "CADDY_ADMIN": f"127.0.0.1:{free_port()}",  # not the default :2019, which a second run would share
        "HOME": str(home),
        "XDG_DATA_HOME": str(home),
        "XDG_CONFIG_HOME": str(home),
    }
    log = work / "output.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        try:
            wait_for_port(port, process, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def missing(name: str) -> bool:
    """The server is not installed (make test installs it)."""
    return shutil.which(BINARIES[name]) is None and not Path(f"/usr/sbin/{BINARIES[name]}").exists()
