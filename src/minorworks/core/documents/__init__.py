"""The numbered-documents engine: content as blocks, rendered to .docx and PDF, issued and stored.

``blocks`` (the content tree), ``kinds`` (declared kinds and their numbers), ``render_pdf`` and
``render_docx`` (the two renderers), ``store`` (issuing, versions, stored bytes). See ADR 0005.
"""
