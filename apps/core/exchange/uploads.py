"""One policy for every uploaded file: which kinds are allowed, told from the content (a
renamed .exe is not a PDF), how large, and the random name it is stored under.

Each policy is named; a model field takes `validators=[UploadValidator("document")]` and
`upload_to=RandomName("cadres/elections")`. Files are read back only through a scoped view
(`core.views.ObjectFileView`), as an attachment with X-Content-Type-Options: nosniff; the
original name is kept only where the model has a field for it.
"""

from __future__ import annotations

import os
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible

# Kinds of file, told from the content. OLE is a legacy .doc or .xls (one container format).
PDF, DOCX, XLSX, OLE = "pdf", "docx", "xlsx", "ole"
JPEG, PNG, ZIP, CSV = "jpeg", "png", "zip", "csv"
# The suffix a stored file gets from its kind; OLE (.doc or .xls) keeps the uploaded one.
SUFFIXES = {
    PDF: ".pdf",
    DOCX: ".docx",
    XLSX: ".xlsx",
    JPEG: ".jpg",
    PNG: ".png",
    ZIP: ".zip",
    CSV: ".csv",
}
OLE_SUFFIXES = (".doc", ".xls")
HEAD = 8192


@dataclass(frozen=True)
class UploadPolicy:
    kinds: frozenset[str]
    label: str  # the allowed kinds, as the refusal names them
    max_mb_setting: str

    @property
    def max_bytes(self) -> int:
        return getattr(settings, self.max_mb_setting) * 1024 * 1024


POLICIES = {
    # 选举办法, chair agreements: documents, or their scans.
    "document": UploadPolicy(
        frozenset({PDF, DOCX, OLE, JPEG, PNG}), "PDF、Word 或图片", "UPLOAD_MAX_DOCUMENT_MB"
    ),
    # Acceptance check materials: also the county's spreadsheets, and archives of photos.
    "attachment": UploadPolicy(
        frozenset({PDF, DOCX, XLSX, OLE, JPEG, PNG, ZIP}),
        "PDF、Word、Excel、图片或 ZIP 压缩包",
        "UPLOAD_MAX_DOCUMENT_MB",
    ),
    "import": UploadPolicy(
        frozenset({XLSX, OLE, CSV}), "Excel（.xlsx、.xls）或 CSV 表格", "IMPORT_MAX_FILE_MB"
    ),
}


def sniff(upload) -> str | None:
    """The kind of an uploaded file from its first bytes (and an OOXML's content types)."""
    upload.seek(0)
    head = upload.read(HEAD)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            return OLE
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(upload)
        if head and b"\x00" not in head and _decodes(head):
            return CSV
        return None
    finally:
        upload.seek(0)


def _zip_kind(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            try:
                types = archive.read("[Content_Types].xml")[:65536]
            except KeyError:
                return ZIP
    except zipfile.BadZipFile:
        return None
    if b"wordprocessingml.document.main+xml" in types:
        return DOCX
    if b"spreadsheetml.sheet.main+xml" in types:
        return XLSX
    return None  # another OOXML (a .pptx): not a kind any policy takes


def _decodes(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a character cut by the end of the head
                return True
    return False


def check_upload(upload, policy_name: str) -> str:
    """The upload's kind, or ValidationError with the Chinese reason."""
    policy = POLICIES[policy_name]
    name = os.path.basename(getattr(upload, "name", "") or "")
    if upload.size > policy.max_bytes:
        raise ValidationError(f"文件不能超过{getattr(settings, policy.max_mb_setting)}MB")
    kind = sniff(upload)
    if kind not in policy.kinds:
        raise ValidationError(f"只能上传{policy.label}文件（按文件内容判断），“{name}”不是")
    return kind


@deconstructible
class UploadValidator:
    """A FileField validator for a named policy (forms and full_clean run it)."""

    def __init__(self, policy: str):
        self.policy = policy

    def __call__(self, value) -> None:
        # An already stored file (an edit that keeps it) was checked when it was uploaded.
        if getattr(value, "_committed", False):
            return
        check_upload(value, self.policy)

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadValidator) and other.policy == self.policy


@deconstructible
class RandomName:
    """upload_to: "<folder>/<year>/<uuid4 hex><suffix>"; the uploaded name is not kept in the
    path (it may carry a person's name, and it decides nothing)."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        suffix = os.path.splitext(filename)[1].lower()
        if suffix not in (*SUFFIXES.values(), *OLE_SUFFIXES, ".jpeg"):
            suffix = ""
        return f"{self.folder}/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder
