"""A zip archive (KMZ, zipped Shapefile) read in memory within limits: the entry count, each entry's
and the total unpacked size, and names that stay inside the archive. Sizes are counted while
unpacking as well as read from the archive's own header, which a forged archive may understate."""

from __future__ import annotations

import io
import posixpath
import zipfile

from frontmap import limits

MAX_ENTRIES = 1_000  # a KMZ holds a document and its icons; a Shapefile zip a handful of files
CHUNK = limits.MB


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def _unsafe(member: str) -> bool:
    path = member.replace("\\", "/")
    return path.startswith("/") or ".." in path.split("/") or (len(path) > 1 and path[1] == ":")


def names(name: str, data: bytes) -> tuple[list[str], str | None]:
    """The archive's file names (no folders), or a refusal naming the problem."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        return [], f"{name}: not a readable zip archive ({err})"
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        return [], f"{name}: {len(infos):,} entries; the limit is {MAX_ENTRIES:,} entries in a zip, so it is not opened"
    bad = [i.filename for i in infos if _unsafe(i.filename)]
    if bad:
        return [], f"{name}: entry {bad[0][:100]!r} points outside the archive; not opened"
    declared = sum(i.file_size for i in infos)
    if declared > limits.MAX_UNPACKED_BYTES:
        return [], (
            f"{name}: unpacks to {limits.size(declared)}, over the {limits.MAX_UNPACKED_BYTES // limits.MB} MB "
            "limit for an unpacked file; not opened"
        )
    return [i.filename for i in infos if not i.is_dir()], None


def read(name: str, data: bytes, wanted: list[str]) -> tuple[dict[str, bytes], str | None]:
    """The wanted entries unpacked, together no more than `limits.MAX_UNPACKED_BYTES`."""
    budget = limits.MAX_UNPACKED_BYTES
    out: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in wanted:
                parts = []
                with archive.open(member) as stream:
                    while chunk := stream.read(min(CHUNK, budget + 1)):
                        budget -= len(chunk)
                        if budget < 0:
                            return {}, (
                                f"{name}: unpacks to more than {limits.MAX_UNPACKED_BYTES // limits.MB} MB, "
                                "the limit for an unpacked file; not read"
                            )
                        parts.append(chunk)
                out[posixpath.basename(member)] = b"".join(parts)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as err:
        # RuntimeError: an encrypted entry; NotImplementedError: an unknown compression method
        return {}, f"{name}: an entry cannot be unpacked ({str(err)[:200]})"
    return out, None
