"""A throwaway PostgreSQL cluster with PostGIS: initdb in a temporary folder, a free local port, its
unix socket in that folder, everything removed at the end. Debian's packages, no mock.

`initdb` refuses to run as root: as root the cluster belongs to the `postgres` user (Debian's
package creates it) and its commands run through `runuser`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from browser import free_port


def bindir() -> Path:
    """The newest Debian PostgreSQL whose PostGIS is installed (`make test` installs both)."""
    for version in sorted(Path("/usr/lib/postgresql").glob("*"), key=lambda p: int(p.name), reverse=True):
        if Path(f"/usr/share/postgresql/{version.name}/extension/postgis.control").exists():
            return version / "bin"
    raise RuntimeError(
        "PostgreSQL with PostGIS is missing: `make test` installs it "
        "(apt-get install postgresql postgresql-15-postgis-3)"
    )


class Cluster:
    def __init__(self) -> None:
        self.bin = bindir()
        self.root = Path(tempfile.mkdtemp(prefix="frontmap-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_owner: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        self.start()
        self.admin_url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_owner, str(self.bin / tool), *args], check=True, capture_output=True, cwd=self.root)

    def create_database(self, name: str) -> str:
        """A fresh, empty database; its URL."""
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "start", "-o", options)

    def remove(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
