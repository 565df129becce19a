"""Draw khabar's icons into khabar/web/static: icon.svg, icon-192.png, icon-512.png and
favicon.ico (32 and 16 px PNGs in an ICO). No downloads and no imaging library: the design is
a rounded square with three lines of "text", aligned right as Arabic is, drawn pixel by pixel.

    python scripts/make_icons.py
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "khabar" / "web" / "static"
BLUE = (0x0B, 0x5C, 0xAD)
WHITE = (0xFF, 0xFF, 0xFF)
#: the design on a 64-unit grid: corner radius, and the bars as (x0, y0, x1, y1)
RADIUS = 14
BARS = ((12, 16, 52, 24), (22, 29, 52, 36), (30, 41, 52, 48))


def inside_rounded(x: float, y: float) -> bool:
    cx = min(max(x, RADIUS), 64 - RADIUS)
    cy = min(max(y, RADIUS), 64 - RADIUS)
    return (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS ** 2


def pixel(x: float, y: float) -> tuple[int, int, int, int]:
    if not inside_rounded(x, y):
        return (0, 0, 0, 0)
    for x0, y0, x1, y1 in BARS:
        if x0 <= x < x1 and y0 <= y < y1:
            return (*WHITE, 255)
    return (*BLUE, 255)


def render(size: int, samples: int = 3) -> bytes:
    """RGBA rows with a filter byte each, anti-aliased by supersampling."""
    rows = bytearray()
    step = 64 / size
    for py in range(size):
        rows.append(0)
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(samples):
                for sx in range(samples):
                    r, g, b, a = pixel((px + (sx + .5) / samples) * step,
                                       (py + (sy + .5) / samples) * step)
                    acc = [acc[0] + r * a, acc[1] + g * a, acc[2] + b * a, acc[3] + a]
            alpha = acc[3]
            if alpha:
                rows += bytes((acc[0] // alpha, acc[1] // alpha, acc[2] // alpha,
                               alpha // (samples * samples)))
            else:
                rows += b"\0\0\0\0"
    return bytes(rows)


def png(size: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(render(size), 9)) + chunk(b"IEND", b""))


def ico(sizes: tuple[int, ...]) -> bytes:
    images = [png(s) for s in sizes]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for size, data in zip(sizes, images):
        out += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(images)


def svg() -> str:
    bars = "".join(f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="2" fill="#fff"/>'
                   for x0, y0, x1, y1 in BARS)
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
            f'<rect width="64" height="64" rx="{RADIUS}" fill="#0b5cad"/>{bars}</svg>\n')


def main() -> None:
    (STATIC / "icon.svg").write_text(svg())
    for size in (192, 512):
        (STATIC / f"icon-{size}.png").write_bytes(png(size))
    (STATIC / "favicon.ico").write_bytes(ico((32, 16)))
    print("wrote icon.svg, icon-192.png, icon-512.png, favicon.ico in", STATIC)


if __name__ == "__main__":
    main()
