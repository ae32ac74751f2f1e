"""Upload of agreement documents: PDFs only (checked by their first bytes), size-limited, random file names."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from lindung.partnership.models import AgreementDocument, Mou, Pks

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def _read_checked(upload: UploadedFile[Any] | bytes) -> bytes:
    """The whole file, once it is known to be a PDF within the size limit."""
    size = len(upload) if isinstance(upload, bytes) else (upload.size or 0)
    if size == 0:
        raise ValidationError(_("Berkas kosong. Pilih berkas PDF."))
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB.")
            % {"size": f"{size / 1_048_576:.1f}", "limit": MAX_DOCUMENT_BYTES // 1_048_576}
        )
    content = upload if isinstance(upload, bytes) else b"".join(upload.chunks())
    # The extension and the browser's content type are the uploader's claims; the first bytes are the file's.
    if not content.startswith(PDF_MAGIC):
        raise ValidationError(_("Berkas bukan PDF. Unggah dokumen dalam format PDF."))
    return content


@transaction.atomic
def document_upload(
    *, title: str, upload: UploadedFile[Any] | bytes, user: Any, mou: Mou | None = None, pks: Pks | None = None
) -> AgreementDocument:
    """Store a PDF of the MoU or of a PKS under a random name; a failed save leaves no file behind."""
    if (mou is None) == (pks is None):
        raise ValidationError(_("Dokumen harus milik Nota Kesepakatan atau satu PKS."))
    if not title.strip():
        raise ValidationError(_("Beri judul dokumen, mis. 'Naskah PKS ditandatangani'."))
    content = _read_checked(upload)
    document = AgreementDocument(mou=mou, pks=pks, title=title.strip(), size=len(content),
                                 sha256=hashlib.sha256(content).hexdigest(),
                                 uploaded_by=user if getattr(user, "is_authenticated", False) else None)  # fmt: skip
    document.file.save("document.pdf", ContentFile(content), save=False)
    try:
        document.full_clean()
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document
