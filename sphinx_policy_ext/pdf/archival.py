"""What makes the PDF archival (PDF/A-2b) and identifies it as PDF/UA-1, added with pikepdf.

- XMP metadata mirroring the Info dictionary (title, author, subject,
  keywords, tools, dates: PDF/A requires both to agree), with the PDF/A
  (``pdfaid:part 2``, ``conformance B``) and PDF/UA (``pdfuaid:part 1``)
  identification and the extension schema PDF/A requires for ``pdfuaid``;
- an sRGB OutputIntent, with the freely licensed profile shipped in
  ``color/`` (see ``color/LICENSE``);
- a distinct subset tag for every embedded font subset (ReportLab names
  every subset ``AAAAAA+…``): the tag is derived from the subset's bytes, so
  it is the same on every build;
- a document ``/ID`` derived from the content, so rebuilds stay byte-identical.

The claim is ``B`` (appearance), the level this module can vouch for.
"""

from __future__ import annotations

import hashlib
import io
import re
import string
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, String

PROFILE = Path(__file__).parent / "color" / "sRGB.icc"
PROFILE_NAME = "sRGB IEC61966-2.1"
CONFORMANCE = "B"

_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:([+-])(\d{2})'(\d{2})'?|Z)?")


def xmp_date(pdf_date: str) -> str:
    """``D:20260115000000+00'00'`` as the XMP date ``2026-01-15T00:00:00+00:00``."""
    match = _PDF_DATE.match(pdf_date)
    if not match:
        raise ValueError(f"not a PDF date: {pdf_date!r}")
    y, mo, d, h, mi, s, sign, oh, om = match.groups()
    zone = f"{sign}{oh}:{om}" if sign else "Z"
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{zone}"


def _info(pdf: pikepdf.Pdf, key: str) -> str:
    value = pdf.docinfo.get(key)
    return str(value) if value is not None else ""


def xmp_packet(pdf: pikepdf.Pdf) -> bytes:
    """The XMP metadata, every value taken from the Info dictionary (and escaped)."""
    title, author = _info(pdf, "/Title"), _info(pdf, "/Author")
    subject, keywords = _info(pdf, "/Subject"), _info(pdf, "/Keywords")
    creator, producer = _info(pdf, "/Creator"), _info(pdf, "/Producer")
    created, modified = xmp_date(_info(pdf, "/CreationDate")), xmp_date(_info(pdf, "/ModDate"))
    x = escape
    text = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{x(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{x(author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{x(subject)}</rdf:li></rdf:Alt></dc:description>
   <pdf:Keywords>{x(keywords)}</pdf:Keywords>
   <pdf:Producer>{x(producer)}</pdf:Producer>
   <xmp:CreatorTool>{x(creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{created}</xmp:CreateDate>
   <xmp:ModifyDate>{modified}</xmp:ModifyDate>
   <xmp:MetadataDate>{modified}</xmp:MetadataDate>
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>{CONFORMANCE}</pdfaid:conformance>
   <pdfuaid:part>1</pdfuaid:part>
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return text.encode("utf-8")


def _subset_tag(seed: bytes, taken: set[str]) -> str:
    """Six capital letters from ``seed``, different from every tag in ``taken``."""
    counter = 0
    while True:
        digest = hashlib.sha256(seed + counter.to_bytes(4, "big")).digest()
        tag = "".join(string.ascii_uppercase[b % 26] for b in digest[:6])
        if tag not in taken:
            taken.add(tag)
            return tag
        counter += 1


def retag_subsets(pdf: pikepdf.Pdf) -> None:
    """Give each embedded subset its own tag: ReportLab names every subset ``AAAAAA+…``.

    Only tags shared by two or more fonts are replaced (the form's field font
    already has a tag of its own).
    """
    by_tag: dict[str, list[pikepdf.Object]] = {}
    for obj in pdf.objects:
        # ReportLab's subsets are simple TrueType fonts (a Type0 font and its descendant share one name).
        if isinstance(obj, Dictionary) and obj.get("/Subtype") == Name.TrueType and "+" in str(obj.get("/BaseFont", "")):
            by_tag.setdefault(str(obj.BaseFont).lstrip("/").split("+", 1)[0], []).append(obj)
    taken = {tag for tag, fonts in by_tag.items() if len(fonts) == 1}
    for tag, fonts in sorted(by_tag.items()):
        if len(fonts) == 1:
            continue
        for font in sorted(fonts, key=lambda f: f.objgen):
            base = str(font.BaseFont).split("+", 1)[1]
            descriptor = font.get("/FontDescriptor")
            program = descriptor.get("/FontFile2") if descriptor is not None else None
            seed = tag.encode() + base.encode() + (program.read_raw_bytes() if program is not None else b"")
            name = f"{_subset_tag(seed, taken)}+{base}"
            font.BaseFont = Name("/" + name)
            if descriptor is not None:
                descriptor.FontName = Name("/" + name)


def add_output_intent(pdf: pikepdf.Pdf) -> None:
    profile = pikepdf.Stream(pdf, PROFILE.read_bytes())
    profile.N = 3
    intent = Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFA1,
        OutputConditionIdentifier=String(PROFILE_NAME),
        Info=String(PROFILE_NAME),
        DestOutputProfile=pdf.make_indirect(profile),
    )
    pdf.Root.OutputIntents = Array([pdf.make_indirect(intent)])


def make_archival(pdf: pikepdf.Pdf) -> None:
    """Add XMP identification, the output intent and distinct subset tags to ``pdf``."""
    # /Trapped has no counterpart this XMP declares; PDF/A wants the two to agree.
    if "/Trapped" in pdf.docinfo:
        del pdf.docinfo["/Trapped"]
    metadata = pikepdf.Stream(pdf, xmp_packet(pdf))
    metadata.Type = Name.Metadata
    metadata.Subtype = Name.XML
    pdf.Root.Metadata = pdf.make_indirect(metadata)
    add_output_intent(pdf)
    retag_subsets(pdf)


def save(pdf: pikepdf.Pdf) -> bytes:
    """The finished file, with an ``/ID`` computed from its content (same input, same bytes).

    No object streams: they would save a fifth of the size, but hide the
    Info dictionary (and its dates) from tools that read the file as text.
    """
    out = io.BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
        linearize=False,
    )
    return out.getvalue()
