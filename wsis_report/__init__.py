"""wsis-report: Markdown answers to a consultation questionnaire, built into a submission PDF."""

__version__ = "0.1.0"
