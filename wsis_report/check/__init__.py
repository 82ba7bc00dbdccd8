"""Stage 4, check: number the questions, read sdg-map blocks, and report diagnostics.

Returns a :class:`CheckedDocument` (the ordered sections, questions and parts the layout
prints) with every diagnostic found. Errors stop a build; warnings do not.
"""
from .document import Answer, CheckedDocument, Section, check_document, link_targets
from .sdgmap import SDG_MAP_KIND, SdgLink, read_sdg_map

__all__ = ["Answer", "CheckedDocument", "SDG_MAP_KIND", "Section", "SdgLink", "check_document",
           "link_targets", "read_sdg_map"]
