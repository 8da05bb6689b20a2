"""Times New Roman everywhere in a python-docx document: every script of every run, every style, the defaults.

python-docx's template gives headings theme fonts (asciiTheme="majorHAnsi" …) and a blue theme colour; Word and
LibreOffice honour a theme attribute over an explicit name, so the theme attributes are removed, not just added to.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

FONT = "Times New Roman"
SCRIPTS = ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")
THEMES = ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme")


def set_rfonts(rpr: Any) -> None:
    """Give an rPr element an rFonts naming Times New Roman for all four scripts, with no theme fonts."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        style = rpr.find(qn("w:rStyle"))
        if style is not None:
            style.addnext(fonts)
        else:
            rpr.insert(0, fonts)
    for attr in THEMES:
        fonts.attrib.pop(qn(attr), None)
    for attr in SCRIPTS:
        fonts.set(qn(attr), FONT)


_AFTER_RPR = tuple(qn(f"w:{tag}") for tag in ("tblPr", "trPr", "tcPr", "tblStylePr"))


def _rpr_of(parent: Any) -> Any:
    """The rPr child of a run, a style or rPrDefault, created in its schema position when missing."""
    rpr = parent.find(qn("w:rPr"))
    if rpr is not None:
        return rpr
    rpr = OxmlElement("w:rPr")
    if parent.tag in (qn("w:r"), qn("w:rPrDefault")):
        parent.insert(0, rpr)
        return rpr
    later = next((child for child in parent if child.tag in _AFTER_RPR), None)
    if later is not None:
        later.addprevious(rpr)
    else:
        parent.append(rpr)
    return rpr


def _black(rpr: Any) -> None:
    colour = rpr.find(qn("w:color"))
    if colour is not None:
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            colour.attrib.pop(qn(attr), None)
        colour.set(qn("w:val"), "000000")


def enforce(document: Any, size: Any = None) -> None:
    """Apply to the styles part (defaults and every paragraph/character style) and every run of the body; runs
    without an explicit size (headings, pictures) get `size`, so that every run states its 13–14 pt."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = OxmlElement("w:rPrDefault")
            defaults.insert(0, rpr_default)
        set_rfonts(_rpr_of(rpr_default))
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) in ("paragraph", "character", "table"):
            rpr = _rpr_of(style)
            set_rfonts(rpr)
            _black(rpr)
    for rpr in styles.iter(qn("w:rPr")):  # e.g. inside table style conditional formats
        set_rfonts(rpr)
    for run in document.element.body.iter(qn("w:r")):
        set_rfonts(_rpr_of(run))
        rpr = run.get_or_add_rPr()
        if size is not None and rpr.sz is None:
            rpr.get_or_add_sz().val = size
