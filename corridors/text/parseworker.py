"""Read an upload in a separate process with CPU-time, wall-time and memory limits.

A malformed or hostile file (a PDF bomb, pathological HTML) can then cost at
most :data:`PARSE_TIMEOUT_S` seconds and :data:`PARSE_MEMORY_BYTES` of memory,
in a process of its own; the server that asked keeps serving everyone else.
Run as ``python -m corridors.text.parseworker MEMORY_BYTES CPU_S NAME [ENCODING]`` with the file's
bytes on standard input; it prints ``{"text": ...}`` or ``{"error": ...}`` as JSON.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

from corridors.text.sourcefile import MAX_SOURCE_BYTES, SourceFileError, read_named_file, read_source_file

#: Wall-clock time a parse may take, in seconds.
PARSE_TIMEOUT_S = 10.0
#: CPU time a parse may use, in seconds (the process is killed past it).
PARSE_CPU_S = 10
#: Address space of the parsing process, in bytes.
PARSE_MEMORY_BYTES = 1 * 2**30


def read_upload(
    data: bytes,
    name: str,
    *,
    encoding: str | None = None,
    timeout_s: float = PARSE_TIMEOUT_S,
    memory_bytes: int = PARSE_MEMORY_BYTES,
) -> str:
    """The text of an uploaded file, read by :func:`corridors.text.sourcefile.read_source_file` in a limited worker.

    Raises
    ------
    SourceFileError
        The reader's own message, or one saying which limit the file exceeded.
    """
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceFileError(
            f"{name}: the file is {len(data) / 2**20:.1f} MiB; the limit is {MAX_SOURCE_BYTES / 2**20:.1f} MiB"
        )
    # the worker sets its own limits first thing (a preexec_fn is unsafe in the server's many threads)
    limits = [str(memory_bytes), str(int(timeout_s) + 1)]
    command = [sys.executable, "-m", "corridors.text.parseworker", *limits, name, *([encoding] if encoding else [])]
    try:
        finished = subprocess.run(
            command,
            input=data,
            capture_output=True,
            timeout=timeout_s,
            cwd=Path(__file__).resolve().parents[2],
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SourceFileError(
            f"{name}: reading it took longer than {timeout_s:.0f} s and was stopped; the file is too complex "
            "or malformed (save it as plain text and try again)"
        ) from None
    try:
        answer = json.loads(finished.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        answer = None
    if not isinstance(answer, dict) or finished.returncode != 0:
        if finished.returncode < 0 or b"MemoryError" in finished.stderr:
            raise SourceFileError(
                f"{name}: reading it needed more than {memory_bytes / 2**20:.0f} MiB of memory or "
                f"{timeout_s:.0f} s of processor time and was stopped; the file is too complex or malformed"
            )
        raise SourceFileError(f"{name}: could not be read (the reader stopped with code {finished.returncode})")
    if "error" in answer:
        raise SourceFileError(str(answer["error"]))
    return str(answer["text"])


def read_file_bounded(path: Path | str, *, encoding: str | None = None, name: str | None = None) -> str:
    """Like :func:`read_upload` for a file on disk: only a regular file, read up to the size limit."""
    path = Path(path)
    name = name or path.name
    return read_upload(read_named_file(path, MAX_SOURCE_BYTES, name), name, encoding=encoding)


def _limit_resources(memory_bytes: int, cpu_s: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _main(argv: list[str]) -> int:
    memory_bytes, cpu_s, name, *rest = argv
    _limit_resources(int(memory_bytes), int(cpu_s))
    encoding = rest[0] if rest else None
    data = sys.stdin.buffer.read(MAX_SOURCE_BYTES + 1)
    sys.setrecursionlimit(5_000)
    try:
        answer = {"text": read_source_file(data, name, encoding=encoding)}
    except SourceFileError as error:
        answer = {"error": str(error)}
    except MemoryError:
        answer = {"error": f"{name}: reading it needs too much memory; the file is too complex or malformed"}
    except RecursionError:
        answer = {"error": f"{name}: its structure is nested too deeply to be read"}
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
