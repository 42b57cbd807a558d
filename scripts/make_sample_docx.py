"""Generate the sample press release sources/harbour-festival-2026.docx.

Usage: .venv/bin/python scripts/make_sample_docx.py [OUT.docx]

Everything in the file comes from this script (the logo PNG is drawn with zlib/struct), so
the binary in the repository can always be regenerated. Like a file saved by Word, some
sentences are split into several runs with revision ids and proofing marks, the dateline
sits in its own run, the header carries a logo, and the footer a PAGE field.
"""

from __future__ import annotations

import io
import struct
import sys
import zlib
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "sources" / "harbour-festival-2026.docx"
TITLE = "Port Ellen Harbour Festival returns for its tenth year"


def logo_png(size: int = 64) -> bytes:
    """A small navy disc with a white wave band: a plausible harbour-trust logo."""
    rows = []
    c = (size - 1) / 2
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            inside = (x - c) ** 2 + (y - c) ** 2 <= c * c
            wave = abs(y - (size * 0.6 + 4 * ((x % 16) / 16 - 0.5))) < 3
            if not inside:
                row += bytes((255, 255, 255))
            elif wave:
                row += bytes((240, 248, 255))
            else:
                row += bytes((16, 52, 110))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def add_link(paragraph, url: str, text: str) -> None:
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}" w:history="1">'
            f'<w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>{text}</w:t></w:r>'
            "</w:hyperlink>"
        )
    )


def add_noisy_runs(
    paragraph, pieces: list[str], rsids: tuple[str, ...] = ("00A1B2C3", "00D4E5F6")
) -> None:
    """Plain text split into runs that differ only in revision ids, as Word saves them."""
    for i, piece in enumerate(pieces):
        run = paragraph.add_run(piece)
        run._r.set(qn("w:rsidR"), rsids[i % len(rsids)])
        if i == 1:
            paragraph._p.append(parse_xml(f'<w:proofErr {nsdecls("w")} w:type="spellStart"/>'))
        if i == 2:
            paragraph._p.append(parse_xml(f'<w:proofErr {nsdecls("w")} w:type="spellEnd"/>'))


def add_page_field(paragraph) -> None:
    for xml in (
        '<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r {ns}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r {ns}><w:t>1</w:t></w:r>",
        '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml.format(ns=nsdecls("w"))))


def ensure_hyperlink_style(document) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import RGBColor

    style = document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    style.font.underline = True
    style.unhide_when_used = True


def build(out: Path) -> bytes:
    d = docx.Document()
    ensure_hyperlink_style(d)
    d.styles["Normal"].font.name = "Calibri"
    d.styles["Normal"].font.size = Pt(11)
    section = d.sections[0]
    section.left_margin = section.right_margin = Cm(2.2)

    header = section.header.paragraphs[0]
    header.add_run().add_picture(io.BytesIO(logo_png()), width=Cm(1.2))
    header.add_run("  Port Ellen Harbour Trust").bold = True
    footer = section.footer.paragraphs[0]
    footer.add_run("Port Ellen Harbour Trust · Registered charity SC041234 · Page ")
    add_page_field(footer)

    d.add_paragraph(TITLE, style="Title")
    d.add_paragraph(
        "Three days of boats, music and island food on the Islay waterfront, 12–14 June 2026",
        style="Subtitle",
    )
    lead = d.add_paragraph()
    lead.add_run("PORT ELLEN, April 9, 2026 — ").bold = True
    add_noisy_runs(
        lead,
        [
            "The Port Ellen Harbour Trust today announced the programme for the tenth ",
            "Port Ellen Harbour Festival, which expects to welcome 8,500 visitors ",
            "to the village harbour from Friday 12 June to Sunday 14 June 2026.",
        ],
    )

    d.add_heading("A waterfront programme for all ages", level=1)
    p = d.add_paragraph(
        "The festival opens on Friday evening with a lantern parade along Frederick Crescent, "
        "followed by a concert by island musicians on the pier. "
    )
    p.add_run("Admission to all harbour events is free").bold = True
    p.add_run(", and the full programme is published at ")
    add_link(p, "https://www.portellenfestival.org/programme", "portellenfestival.org")
    p.add_run(".")

    d.add_paragraph(
        "“Ten years ago this was a single afternoon of boat trips. Today it is a weekend the "
        "whole island plans around, and we are proud that it is still free for every family,” "
        "said Morag Campbell, chair of the Port Ellen Harbour Trust.",
        style="Quote",
    )

    d.add_heading("Highlights", level=1)
    for item in (
        "Lantern parade and opening concert on Friday at 19:30",
        "Open day at the lifeboat station on Saturday, with demonstrations at 11:00 and 15:00",
        "Regatta for sailing dinghies and traditional skiffs on Sunday morning",
        "An island food market with more than 40 local producers",
    ):
        d.add_paragraph(item, style="List Bullet")

    d.add_heading("The festival at a glance", level=1)
    rows = [
        ("Day", "Date", "Main event", "Expected visitors"),
        ("Friday", "12 June 2026", "Lantern parade", "2,000"),
        ("Saturday", "13 June 2026", "Lifeboat open day", "3,500"),
        ("Sunday", "14 June 2026", "Regatta", "3,000"),
    ]
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Light List Accent 1"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    p = d.add_paragraph("Ferry operators will add two extra sailings from Kennacraig on Saturday. ")
    p.add_run("Visitors are encouraged to book early").italic = True
    p.add_run(" and to use the free shuttle bus from the ferry terminal.")

    d.add_heading("About the Port Ellen Harbour Trust", level=1)
    d.add_paragraph(
        "The Port Ellen Harbour Trust is a community charity founded in 2009. It maintains the "
        "village harbour and runs events that support local businesses, and is governed by "
        "twelve volunteer trustees elected by residents."
    )

    d.add_heading("Media contact", level=1)
    p = d.add_paragraph("Eilidh MacLeod, Communications Officer")
    p.add_run().add_break()
    add_link(p, "mailto:press@portellenfestival.org", "press@portellenfestival.org")
    r = p.add_run()
    r.add_break()
    r.add_text("+44 1496 300 123")

    core = d.core_properties
    core.title = TITLE
    core.author = "Port Ellen Harbour Trust"
    core.last_modified_by = "Port Ellen Harbour Trust"
    core.keywords = "festival, Islay, harbour"
    core.created = core.modified = datetime(2026, 4, 9, 9, 0, tzinfo=UTC)
    core.revision = 3
    core.language = "en-GB"

    from transflow.formats.docx import normalize_zip

    for rid, rel in list(d.part.package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # python-docx's template carries a stale preview
            d.part.package.rels.pop(rid)
    buf = io.BytesIO()
    d.save(buf)
    data = normalize_zip(buf.getvalue())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return data


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    build(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
