"""What is written after reportlab has saved the pages: an archival, and when tagged accessible, PDF.

- PDF/A-2 (ISO 19005-2): XMP metadata that says what the document information says, an sRGB
  output intent, printable link annotations (see pages.FurnitureCanvas); conformance level A
  (accessible) when tagged, U (Unicode text) otherwise.
- PDF/UA-1 (ISO 14289-1), when tagged: the structure tree of tags.Marking, a parent tree leading
  from each piece of marked content and each link annotation back to its element, MarkInfo,
  and /Tabs /S on every page.

pikepdf (qpdf) adds these objects and saves the file with object streams: a structure tree is
hundreds of small objects, which compress well together.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import struct
from functools import lru_cache
from html import escape

from ...diskcache import cache_path, read_marshal, write_marshal
from .pages import PdfInfo
from .tags import KEPT_EMPTY, Element, Marking

PRODUCER = "wsis-report with ReportLab and pikepdf"


def finish_pdf(data: bytes, info: PdfInfo, marking: Marking | None) -> bytes:
    """reportlab's PDF as an archival one; tagged when ``marking`` is given (see the module's doc)."""
    import pikepdf

    pikepdf.settings.set_flate_compression_level(9)     # the object streams: a few kB less, in no time
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if marking is not None:
            _structure(pdf, marking)
        _metadata(pdf, info, tagged=marking is not None)
        pdf.Root.OutputIntents = pikepdf.Array([_output_intent(pdf)])
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 compress_streams=True)
    return out.getvalue()


# ---------------------------------------------------------------------------- the structure tree

def _kept(marking: Marking) -> set[int]:
    """The elements to write: those with content, or with a kept child; a table's cells and
    rows and a list item's body even when empty (they hold a grid, a place)."""
    order = list(marking.walk())
    kept: set[int] = set()
    for element in reversed(order):                 # children before their parents
        kids = marking.kids(element)
        if element.role in KEPT_EMPTY or any(
                not isinstance(kid, Element) or kid.id in kept for kid in kids):
            kept.add(element.id)
    kept.add(marking.structure.root.id)
    return kept


def _structure(pdf, marking: Marking) -> None:
    from pikepdf import Array, Dictionary, Name, String

    pages = [page.obj for page in pdf.pages]
    annotations = {int(annotation.StructParent): annotation
                   for page in pages for annotation in page.get("/Annots", ())
                   if "/StructParent" in annotation}
    kept = _kept(marking)
    elements = [element for element in marking.walk() if element.id in kept]
    # (/Type /StructElem is optional: left out, on hundreds of elements)
    objects = {element.id: pdf.make_indirect(Dictionary(S=Name("/" + element.role))) for element in elements}
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    identifiers = []
    for element in elements:
        made = objects[element.id]
        made.P = objects[element.parent.id] if element.parent is not None else root
        kids, page = [], None
        for kid in marking.kids(element):
            if isinstance(kid, Element):
                if kid.id in kept:
                    kids.append(objects[kid.id])
            elif kid[0] == "mc":
                _, on, number = kid
                if page is None:
                    page = on
                    made.Pg = pages[on]
                kids.append(number if on == page else Dictionary(Type=Name.MCR, Pg=pages[on], MCID=number))
            else:
                _, on = marking.annotations[kid[1]]
                kids.append(Dictionary(Type=Name.OBJR, Obj=annotations[kid[1]], Pg=pages[on]))
        if kids:
            made.K = kids[0] if len(kids) == 1 else Array(kids)
        if element.language:
            made.Lang = String(element.language)
        if element.alt:
            made.Alt = String(element.alt)
        if element.attributes:
            made.A = Dictionary({f"/{key}": value if isinstance(value, int) else Name("/" + value)
                                 for key, value in element.attributes.items()})
        if element.identifier:
            made.ID = String(element.identifier)
            identifiers.append((element.identifier, made))
    links = len(marking.annotations)
    numbers: list = []
    for key, (element, _) in enumerate(marking.annotations):
        numbers += [key, objects[element.id]]
    for index, page in enumerate(pages):
        page.StructParents = links + index
        page.Tabs = Name.S                                  # links are met in the order of the structure
        numbers += [links + index, Array([objects[element.id] for element in marking.mcids[index]])]
    root.K = objects[marking.structure.root.id]
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(numbers)))
    root.ParentTreeNextKey = links + len(pages)
    if identifiers:
        root.IDTree = Dictionary(Names=Array([item for identifier, made in sorted(identifiers, key=lambda i: i[0])
                                              for item in (String(identifier), made)]))
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)


# ---------------------------------------------------------------------------- metadata

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return escape(_NOT_XML.sub("", text), quote=False)     # as word.py: not xml.sax.saxutils (14 ms of imports)


def _metadata(pdf, info: PdfInfo, tagged: bool) -> None:
    """The document information and the XMP packet, saying the same (PDF/A asks it)."""
    from pikepdf import Dictionary, Name, String

    moment = dt.datetime.fromtimestamp(info.epoch, dt.timezone.utc)
    keywords = ", ".join(info.keywords)
    pdf.trailer.Info = pdf.make_indirect(Dictionary(
        Title=String(info.title), Author=String(info.author), Subject=String(info.subject),
        Keywords=String(keywords), Creator=String(info.creator), Producer=String(PRODUCER),
        CreationDate=String(moment.strftime("D:%Y%m%d%H%M%S+00'00'")),
        ModDate=String(moment.strftime("D:%Y%m%d%H%M%S+00'00'"))))
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    accessible = ('\n   <pdfuaid:part>1</pdfuaid:part>' if tagged else "")
    xmp = _XMP.format(title=_xml(info.title), author=_xml(info.author), subject=_xml(info.subject),
                      language=_xml(info.language), keywords=_xml(keywords), producer=_xml(PRODUCER),
                      creator=_xml(info.creator), date=stamp, conformance="A" if tagged else "U",
                      accessible=accessible)
    pdf.Root.Metadata = pdf.make_stream(xmp.encode("utf-8"), Type=Name.Metadata, Subtype=Name.XML)


# the PDF/UA identification schema is not one PDF/A knows, so the packet describes it (an extension schema)
_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{keywords}</pdf:Keywords>
   <pdf:Producer>{producer}</pdf:Producer>
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>{conformance}</pdfaid:conformance>{accessible}
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>
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


# ---------------------------------------------------------------------------- colour

@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """An sRGB ICC profile (little CMS's, through Pillow), made the same on every run: its
    creation date is fixed and its profile ID, a hash over that date, left unset (zero). It says
    version 4.2, the ICC version PDF 1.7 (and so PDF/A-2) refers to; its tags are all of 4.2.
    Kept on disk per Pillow version: importing ImageCms and making the profile take 5 ms a build."""
    import PIL              # (imported already, by reportlab)

    kept = cache_path(f"srgb-{PIL.__version__}.marshal")
    data = read_marshal(kept)
    if isinstance(data, bytes) and data[36:40] == b"acsp":       # an ICC profile's signature
        return data
    from PIL import ImageCms

    made = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    made[8:12] = bytes((4, 0x20, 0, 0))
    made[24:36] = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)
    made[84:100] = bytes(16)
    write_marshal(kept, bytes(made))
    return bytes(made)


def _output_intent(pdf):
    from pikepdf import Dictionary, Name, String

    profile = pdf.make_stream(srgb_profile(), N=3)
    return Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=String("sRGB"),
                      Info=String("sRGB IEC61966-2.1"), DestOutputProfile=profile)
