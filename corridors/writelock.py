"""One writer at a time: an exclusive ``fcntl`` lock on a lock file in the catalog folder.

Every write to a catalog (``add-source`` on the command line, "Save source" in
the app) holds this lock from reading the catalog to the last file moved into
place, so two writers never work from the same snapshot and a rollback never
puts back a file another writer has just written.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Name of the lock file inside the catalog folder.
LOCK_FILE = ".catalog.lock"
#: How long a writer waits for another one to finish, in seconds.
LOCK_TIMEOUT_S = 60.0
_POLL_S = 0.05


class CatalogBusyError(OSError):
    """Another writer held the catalog lock for longer than the timeout."""


@contextmanager
def catalog_write_lock(catalog_dir: Path | str, *, timeout_s: float = LOCK_TIMEOUT_S) -> Iterator[Path]:
    """Hold the exclusive write lock of ``catalog_dir`` for the ``with`` block.

    Parameters
    ----------
    catalog_dir
        The catalog folder; the lock file is created in it if missing.
    timeout_s
        Seconds to wait for another writer before giving up.

    Raises
    ------
    CatalogBusyError
        If the lock could not be taken within ``timeout_s``.
    """
    path = Path(catalog_dir) / LOCK_FILE
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise CatalogBusyError(
                        errno.EBUSY,
                        f"another save to this catalog has been running for over {timeout_s:.0f} s; try again later",
                    ) from None
                time.sleep(_POLL_S)
        try:
            yield path
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
