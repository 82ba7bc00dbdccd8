"""Stage 6, render: one renderer per output, each fed only by the document model and the theme."""
