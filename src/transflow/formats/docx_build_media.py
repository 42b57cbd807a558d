"""Pictures for a DOCX built from a Markdown source: finding an image's file safely and
embedding it as an inline picture.

An image source (``![alt](src)``) is embedded only when it is a relative path to a regular
file inside the workspace's ``sources/`` folder (after following every link: ``..`` and
symlinks that lead out of it are refused), not larger than :data:`MAX_IMAGE_BYTES`, in a
format Word shows without a fallback (PNG, JPEG, GIF, BMP, TIFF). Everything else is
refused with a reason that the builder turns into a warning; remote images (http, https)
are never downloaded. Only :mod:`.docx_build` uses this module.
"""

from __future__ import annotations

import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from transflow.core.records import SourceFile

MAX_IMAGE_BYTES = 10 * 1024 * 1024  # one picture
MAX_TOTAL_IMAGE_BYTES = 50 * 1024 * 1024  # all pictures of one document
_EMU_PER_INCH = 914400
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def is_remote(src: str) -> bool:
    return urlsplit(src.strip()).scheme.lower() in ("http", "https") or src.startswith("//")


@dataclass(frozen=True, slots=True)
class Picture:
    """An image's bytes, checked: what :func:`new_inline` embeds."""

    data: bytes
    image: Any  # docx.image.image.Image


class ImageRefused(Exception):
    """Why an image cannot be embedded (the message completes "picture X …")."""


def sources_root(source: SourceFile) -> Path:
    """The workspace's ``sources/`` folder, from a source's path and slug."""
    depth = len(PurePosixPath(source.slug).parts)
    return source.path.parents[max(depth - 1, 0)]


def load_picture(src: str, source: SourceFile, budget: int) -> Picture:
    """The checked picture at ``src`` (relative to the source file), or ImageRefused."""
    parts = urlsplit(src.strip())
    if parts.scheme or parts.netloc:
        raise ImageRefused(f"has an address ({parts.scheme or 'network'}:) transflow does not read")
    rel = unquote(parts.path)
    if not rel:
        raise ImageRefused("has no file name")
    if rel.startswith(("/", "\\")) or PurePosixPath(rel).is_absolute():
        raise ImageRefused("is an absolute path; only paths relative to the source are embedded")
    root = sources_root(source).resolve()
    candidate = source.path.parent / rel
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        raise ImageRefused("was not found beside the source") from None
    if not resolved.is_relative_to(root):
        raise ImageRefused("is outside the workspace's sources folder (through '..' or a link)")
    data = _read_regular(resolved, min(MAX_IMAGE_BYTES, budget))
    try:
        image = Image.from_blob(data)
    except Exception:  # UnrecognizedImageError, or a truncated or odd header
        raise ImageRefused("is not a picture Word can show (PNG, JPEG, GIF, BMP or TIFF)") from None
    if not image.px_width or not image.px_height:
        raise ImageRefused("has no size")
    return Picture(data, image)


def _read_regular(path: Path, limit: int) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ImageRefused(f"cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ImageRefused("is not a regular file")
        if info.st_size > limit:
            raise ImageRefused(f"is too large ({info.st_size} bytes; the limit is {limit})")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ImageRefused(f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ImageRefused(f"is too large (the limit is {limit} bytes)")
    return data


def text_area(doc: Any) -> tuple[int, int]:
    """Width and height (EMU) between the margins of the document's last section."""
    section = doc.sections[-1] if len(doc.sections) else None
    width, height = 6 * _EMU_PER_INCH, 9 * _EMU_PER_INCH
    if section is not None:
        try:
            if section.page_width and section.left_margin is not None:
                width = section.page_width - section.left_margin - (section.right_margin or 0)
            if section.page_height and section.top_margin is not None:
                height = section.page_height - section.top_margin - (section.bottom_margin or 0)
        except (TypeError, ValueError):  # a reference document with odd section values
            pass
    return max(width, _EMU_PER_INCH), max(height, _EMU_PER_INCH)


def fit(picture: Picture, area: tuple[int, int]) -> tuple[int, int]:
    """The picture's size at its own resolution, shrunk to fit ``area`` (aspect kept)."""
    cx, cy = int(picture.image.width), int(picture.image.height)
    scale = min(1.0, area[0] / cx, area[1] / cy)
    return max(int(cx * scale), 1), max(int(cy * scale), 1)


def new_inline(
    part: Any,
    picture: Picture,
    size: tuple[int, int],
    descr: str,
    title: str | None,
    link_rid: str | None,
) -> etree._Element:
    """A ``wp:inline`` for ``picture`` on ``part``: the description (alt text) and title in
    ``wp:docPr``, and ``a:hlinkClick`` there when the picture is a link."""
    inline = part.new_pic_inline(io.BytesIO(picture.data), size[0], size[1])
    doc_pr = inline.find(f"{{{_WP_NS}}}docPr")
    doc_pr.set("name", f"Picture {doc_pr.get('id')}")
    if descr:
        doc_pr.set("descr", descr)
    if title:
        doc_pr.set("title", title)
    if link_rid:
        click = etree.SubElement(doc_pr, f"{{{A_NS}}}hlinkClick", nsmap={"a": A_NS})
        click.set(f"{{{R_NS}}}id", link_rid)
    return inline


def external_link(part: Any, url: str) -> str:
    return part.relate_to(url, RT.HYPERLINK, is_external=True)
