"""A4 documents for the citizen: the 参保证明 / 个人权益记录 (print or PDF)."""

from ui.documents.certificate import (
    CertificateOutput,
    certificate_document,
    certificate_html,
    suggested_file_name,
    write_certificate_pdf,
)

__all__ = [
    "CertificateOutput",
    "certificate_document",
    "certificate_html",
    "suggested_file_name",
    "write_certificate_pdf",
]
