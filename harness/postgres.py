"""A throwaway PostgreSQL server with PostGIS, for tests and benchmarks: Debian's packages, a private data folder,
a free local port, trust authentication, removed when stopped."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

#: Where Debian installs PostgreSQL's server programs (``postgresql-15``; the newest version found is used).
PG_ROOT = Path("/usr/lib/postgresql")


def pg_bin() -> Path:
    """The newest installed server's ``bin`` folder; fails with what to install if there is none."""
    found = sorted(PG_ROOT.glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: install Debian's postgresql-15-postgis-3 (make test does)")
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TemporaryPostgres:
    """``start()`` a server with one database; ``url`` connects to it; ``stop()`` removes everything."""

    def __init__(self, database: str = "atlas"):
        self.database = database
        self.port = _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="corridor-atlas-pg-"))
        self.data = self.folder / "data"
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/{database}"
        self._as_user: list[str] = []
        if os.geteuid() == 0:  # the server refuses to run as root: run it as Debian's postgres user
            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *command: str) -> None:
        subprocess.run([*self._as_user, *command], check=True, capture_output=True, text=True)

    def start(self) -> TemporaryPostgres:
        binaries = pg_bin()
        self._run(str(binaries / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(binaries / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start"
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                import psycopg

                with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as c:
                    c.execute(f'CREATE DATABASE "{self.database}"')
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        return self

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(str(pg_bin() / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
