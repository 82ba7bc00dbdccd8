"""Heading anchors as GitHub makes them, unique across the document."""
from __future__ import annotations


def slugify(text: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    kept = "".join(c for c in text.lower() if c.isalnum() or c in " -_")
    return kept.strip().replace(" ", "-")


class Slugs:
    """Unique slugs across the document: a repeated title gets -1, -2 ..."""

    def __init__(self):
        self.used: set[str] = set()
        self.last: dict[str, int] = {}      # per base, the last suffix tried: linear in all

    def __call__(self, text: str) -> str:
        base = slugify(text) or "heading"
        slug, n = base, self.last.get(base, 0)
        while slug in self.used:
            n += 1
            slug = f"{base}-{n}"
        self.used.add(slug)
        self.last[base] = n
        return slug
