"""The one Vietnamese message catalog: every text a user reads, in chat or on the command line.

Keys are grouped by area (prefix before the first dot). Templates use str.format fields.
Code elsewhere never writes user-facing Vietnamese literals; it calls `t(key, **fields)`.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # --- command line: general ---
    "cli.error": "Lỗi: {detail}",
    # --- drafts ---
    # --- plan ---
    "plan.missing_file": "Không tìm thấy tệp kế hoạch: {path}",
    "plan.too_large": "Tệp kế hoạch quá lớn (tối đa 2 MB): {path}",
    "plan.not_utf8": "Tệp kế hoạch phải là văn bản UTF-8: {path}",
    "plan.yaml_syntax": "{path}, dòng {line}: lỗi cú pháp YAML: {detail}",
    "plan.not_mapping": "{path}: kế hoạch phải là một bảng khoá–giá trị (consultation, documents, units…)",
    "plan.invalid": "{path}, dòng {line}, trường {field}: {detail}",
    "plan.document_elsewhere": "Văn kiện {document} đã thuộc một đợt lấy ý kiến khác.",
    "plan.document_has_comments": "Không thể bỏ văn kiện {document} khỏi kế hoạch: văn kiện đã có góp ý.",
    "plan.loaded": "Đã nạp kế hoạch {code}: {documents} văn kiện, {units} đơn vị.",
    "plan.drafts_imported": "Đã nhập dự thảo: {codes}.",
    "plan.none_loaded": "Chưa có kế hoạch nào trong cơ sở dữ liệu.",
    "draft.unknown_document": "Không có văn kiện mã {document} trong kế hoạch. Hãy nạp kế hoạch trước (gopy plan load).",
    "draft.has_comments": "Không thể nhập lại dự thảo {document}: đã có {count} góp ý gắn với các mục hiện tại.",
    "draft.imported": "Đã nhập dự thảo vào văn kiện {document}: {sections} mục.",
    "db.upgraded": "Cơ sở dữ liệu đã được cập nhật ({url}).",
    # --- chat ---
    # --- report ---
}


def t(key: str, **fields: object) -> str:
    """Render message `key`; a missing key is a programming error and fails loudly."""
    return MESSAGES[key].format(**fields)
