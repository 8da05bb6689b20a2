"""Reach the parts of a Word package that python-docx does not model (footnotes) or models partly (numbering)."""

from __future__ import annotations

from lxml import etree

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)  # package parts are untrusted input


def related_xml(part: object, reltype: str) -> etree._Element | None:
    """The XML root of the part related to `part` by `reltype`, or None when the package has no such part."""
    for rel in part.rels.values():  # type: ignore[attr-defined]
        if rel.is_external or rel.reltype != reltype:
            continue
        target = rel.target_part
        element = getattr(target, "element", None)  # XmlPart subclasses are parsed already
        if element is not None:
            return element
        try:
            return etree.fromstring(target.blob, _PARSER)
        except etree.XMLSyntaxError:
            return None  # a broken optional part must not make the whole draft unreadable
    return None
