"""A zip archive (KMZ, zipped Shapefile) read in memory within limits: the entry count, each entry's
and the total unpacked size, and names that stay inside the archive. Sizes are counted while
unpacking as well as read from the archive's own header, which a forged archive may understate."""

from __future__ import annotations

import io
import posixpath
import zipfile

from frontmap import limits
from frontmap.data import problems as said
from frontmap.i18n import Msg, msg

MAX_ENTRIES = 1_000  # a KMZ holds a document and its icons; a Shapefile zip a handful of files
CHUNK = limits.MB


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def _unsafe(member: str) -> bool:
    path = member.replace("\\", "/")
    return path.startswith("/") or ".." in path.split("/") or (len(path) > 1 and path[1] == ":")


def names(name: str, data: bytes) -> tuple[list[str], Msg | None]:
    """The archive's file names (no folders), or a refusal naming the problem."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        return [], said.problem(name, None, msg("not a readable zip archive ({error})", error=err))
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        return [], said.problem(name, None, msg(
            "{found} entries; the limit is {limit} entries in a zip, so it is not opened", found=len(infos), limit=MAX_ENTRIES,
        ))
    bad = [i.filename for i in infos if _unsafe(i.filename)]
    if bad:
        return [], said.problem(name, None, msg("entry {entry} points outside the archive; not opened", entry=repr(bad[0][:100])))
    declared = sum(i.file_size for i in infos)
    if declared > limits.MAX_UNPACKED_BYTES:
        return [], said.problem(name, None, msg(
            "unpacks to {size}, over the {limit} MB limit for an unpacked file; not opened",
            size=limits.size(declared), limit=limits.MAX_UNPACKED_BYTES // limits.MB,
        ))
    return [i.filename for i in infos if not i.is_dir()], None


def read(name: str, data: bytes, wanted: list[str]) -> tuple[dict[str, bytes], Msg | None]:
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
                            return {}, said.problem(name, None, msg(
                                "unpacks to more than {limit} MB, the limit for an unpacked file; not read",
                                limit=limits.MAX_UNPACKED_BYTES // limits.MB,
                            ))
                        parts.append(chunk)
                out[posixpath.basename(member)] = b"".join(parts)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as err:
        # RuntimeError: an encrypted entry; NotImplementedError: an unknown compression method
        return {}, said.problem(name, None, msg("an entry cannot be unpacked ({error})", error=str(err)[:200]))
    return out, None
