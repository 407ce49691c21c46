"""Names of the streams in an OLE compound file (legacy .xls, or a password-protected .xlsx).

A password-protected xlsx is not a zip but a compound file holding ``EncryptionInfo`` and
``EncryptedPackage`` streams; a real .xls holds ``Workbook`` (BIFF8) or ``Book`` (BIFF5).
Only the directory is read, never the streams.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_MAX_SECTORS = 1 << 22  # guards against cycles in corrupt files


def _chain(fat: list[int], start: int) -> list[int]:
    chain: list[int] = []
    sector = start
    while 0 <= sector < len(fat) and len(chain) < _MAX_SECTORS:
        chain.append(sector)
        sector = fat[sector]
    return chain


def _read_sector(handle: BinaryIO, sector: int, size: int) -> bytes:
    handle.seek((sector + 1) * size)
    return handle.read(size)


def stream_names(handle: BinaryIO) -> set[str]:
    """Every directory entry name of the compound file; empty set when it cannot be parsed."""
    handle.seek(0)
    header = handle.read(512)
    if len(header) < 512 or not header.startswith(SIGNATURE):
        return set()
    sector_size = 1 << struct.unpack_from("<H", header, 30)[0]
    if sector_size not in (512, 4096):
        return set()
    (first_dir,) = struct.unpack_from("<I", header, 48)
    first_difat, n_difat = struct.unpack_from("<II", header, 68)
    fat_sectors = [s for s in struct.unpack_from("<109I", header, 76) if s < _END_OF_CHAIN]
    per_sector = sector_size // 4
    difat = first_difat
    for _ in range(min(n_difat, 4096)):
        if difat >= _END_OF_CHAIN:
            break
        entries = struct.unpack(f"<{per_sector}I", _read_sector(handle, difat, sector_size))
        fat_sectors.extend(s for s in entries[:-1] if s < _END_OF_CHAIN)
        difat = entries[-1]
    fat: list[int] = []
    for sector in fat_sectors[:_MAX_SECTORS]:
        data = _read_sector(handle, sector, sector_size)
        if len(data) < sector_size:
            break
        fat.extend(struct.unpack(f"<{per_sector}I", data))
    names: set[str] = set()
    for sector in _chain(fat, first_dir)[:65536]:
        data = _read_sector(handle, sector, sector_size)
        for offset in range(0, len(data) - 127, 128):
            length, kind = struct.unpack_from("<HB", data, offset + 64)
            if kind in (1, 2, 5) and 2 <= length <= 64:
                names.add(data[offset : offset + length - 2].decode("utf-16-le", "replace"))
    return names
