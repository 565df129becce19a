"""Images checked on their bytes and made into thumbnails, with Pillow.

``open_checked`` accepts only the formats of ``ALLOWED_FORMATS`` as Pillow identifies them from
the bytes themselves (the Content-Type an outlet sends is not trusted): SVG, HTML, PDF and
anything Pillow cannot identify are refused. The pixel cap is checked on the size the header
declares, before anything is decoded, so a decompression bomb is never expanded.
``thumbnail`` then makes a JPEG or WebP at one of ``WIDTHS``, never wider than the original.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

#: what the proxy accepts, as Pillow names the formats it identified
ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP"})
#: the widths thumbnails are made at (``srcset``); a request for another width is refused
WIDTHS = (320, 640, 960)
#: output formats: (Pillow format, media type)
OUTPUTS = {"webp": ("WEBP", "image/webp"), "jpeg": ("JPEG", "image/jpeg")}
JPEG_QUALITY = 82
WEBP_QUALITY = 80
#: libwebp's effort (0-6): 2 encodes in about half the time of 4 for a few percent more bytes
WEBP_METHOD = 2


class NotAnImage(ValueError):
    """Bytes that are not an allowed image, or one too large to decode."""


@dataclass(frozen=True, slots=True)
class Picture:
    """A checked image, not decoded yet, and its size in pixels."""

    image: Image.Image
    width: int
    height: int


def open_checked(data: bytes, *, max_pixels: int) -> Picture:
    """The image in ``data`` if it is an allowed type within ``max_pixels``; else NotAnImage."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=sorted(ALLOWED_FORMATS))
        except (UnidentifiedImageError, Image.DecompressionBombError,
                Image.DecompressionBombWarning) as exc:
            raise NotAnImage(f"not a {'/'.join(sorted(ALLOWED_FORMATS))} image ({exc})") from None
        except (OSError, ValueError, SyntaxError) as exc:  # truncated or corrupt headers
            raise NotAnImage(f"unreadable image ({exc})") from None
    if image.format not in ALLOWED_FORMATS:
        raise NotAnImage(f"image type {image.format} is not allowed")
    width, height = image.size
    if width < 1 or height < 1:
        raise NotAnImage("image without pixels")
    if width * height > max_pixels:
        raise NotAnImage(f"image of {width}×{height} pixels is larger than the cap of "
                         f"{max_pixels} pixels")
    return Picture(image, width, height)


def thumbnail(picture: Picture, output: str, width: int) -> bytes:
    """The image ``width`` pixels wide (never wider than the original), encoded as ``output``
    ("webp" or "jpeg"); NotAnImage if the pixels cannot be decoded after all (a truncated
    file)."""
    pil_format, _ = OUTPUTS[output]
    image = picture.image
    target = min(width, picture.width)
    height = max(1, round(picture.height * target / picture.width))
    if image.format == "JPEG":  # decode at 1/2, 1/4 or 1/8 scale when that is enough
        image.draft("RGB", (target, height))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.seek(0)  # the first frame of an animation
            image = ImageOps.exif_transpose(image)
            image.load()
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombWarning) as exc:
        raise NotAnImage(f"the image cannot be decoded ({exc})") from None
    image = _flattened(image, keep_alpha=output == "webp")
    if image.width != target:  # exif_transpose may have turned it: keep the width asked
        height = max(1, round(image.height * target / image.width))
        image = image.resize((target, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    buffer = io.BytesIO()
    if pil_format == "JPEG":
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return buffer.getvalue()


def _flattened(image: Image.Image, *, keep_alpha: bool) -> Image.Image:
    """RGB (or RGBA for WebP) pixels; transparency laid on white for JPEG."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if has_alpha:
        rgba = image.convert("RGBA")
        if keep_alpha:
            return rgba
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image if image.mode == "RGB" else image.convert("RGB")
