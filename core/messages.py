"""The one Vietnamese message catalog: every text a user reads, in chat or on the command line.

Keys are grouped by area (prefix before the first dot). Templates use str.format fields.
Code elsewhere never writes user-facing Vietnamese literals; it calls `t(key, **fields)`.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # --- command line: general ---
    "cli.error": "Lỗi: {detail}",
    "cli.bad_setting": "cấu hình {field} không hợp lệ ({reason}); xem .env.example",
    # --- command line: help texts ---
    "cli.framework.arguments": "Tham số",
    "cli.framework.options": "Tuỳ chọn",
    "cli.framework.commands": "Lệnh",
    "cli.framework.error": "Lỗi",
    "cli.framework.try_help": "Gõ [blue]'{command_path} {help_option}'[/] để xem hướng dẫn.",
    "cli.framework.default": "[mặc định: {}]",
    "cli.framework.required": "[bắt buộc]",
    "cli.app": "gopy: góp ý dự thảo văn kiện",
    "cli.chat": "Trò chuyện với bot ngay trên màn hình (cùng dữ liệu với Telegram).",
    "cli.chat.user": "Mã người dùng (mặc định: tên đăng nhập máy).",
    "cli.serve": "Chạy bot trên mọi kênh đã cấu hình (Telegram); chưa có kênh nào thì mở trò chuyện trên màn hình.",
    "cli.db": "Cơ sở dữ liệu.",
    "cli.db.upgrade": "Cập nhật cấu trúc cơ sở dữ liệu lên phiên bản mới nhất.",
    "cli.plan": "Kế hoạch lấy ý kiến.",
    "cli.plan.load": "Nạp (hoặc cập nhật) kế hoạch từ tệp YAML; nạp hai lần cũng như một lần.",
    "cli.plan.file": "Tệp kế hoạch (mặc định: GOPY_PLAN, tức examples/plan.yaml).",
    "cli.plan.unless_other": "Bỏ qua nếu cơ sở dữ liệu đã có một kế hoạch khác (dùng cho make run).",
    "cli.draft.import": "Nhập dự thảo vào một văn kiện đã có trong kế hoạch (thay các mục cũ nếu chưa có góp ý).",
    "cli.invite": "Mã mời tham gia góp ý.",
    "cli.invite.create": "Tạo mã mời và in liên kết mở bot.",
    "cli.invite.role": "Vai trò: resident | member | secretary | official | board.",
    "cli.invite.unit": "Mã đơn vị (chi bộ, khu phố…).",
    "cli.invite.uses": "Số lần dùng.",
    "cli.invite.expires": "Ngày hết hạn (YYYY-MM-DD hoặc DD/MM/YYYY).",
    "cli.invite.bot": "Tên bot Telegram (mặc định: hỏi Telegram).",
    "cli.privacy": "Bảo vệ dữ liệu cá nhân.",
    "cli.privacy.purge": (
        "Xoá tên hiển thị, mã tài khoản và hội thoại của người tham gia; giữ lại các ý kiến không kèm danh tính."
    ),
    "cli.privacy.force": "Xoá ngay, không chờ hết thời hạn lưu.",
    "cli.privacy.dry_run": "Chỉ đếm, không xoá.",
    "cli.report.document": "Mã văn kiện; bỏ trống: mọi văn kiện.",
    "cli.report.format": "Định dạng: docx | xlsx | text.",
    "cli.report.out": "Tệp kết quả; định dạng text không có tệp thì in ra màn hình.",
    "cli.report.audience": "Đối tượng: residents | members | experts | organisations.",
    "cli.report.unit": "Mã đơn vị (chi bộ, khu phố, tổ chức).",
    "cli.report.from": "Từ ngày (YYYY-MM-DD hoặc DD/MM/YYYY).",
    "cli.report.to": "Đến ngày (tính cả ngày đó).",
    "cli.report.db": "Địa chỉ cơ sở dữ liệu (mặc định: DATABASE_URL).",
    # --- drafts ---
    "drafts.not_found": "Không tìm thấy tệp dự thảo: {path}",
    "drafts.not_a_file": "Đường dẫn không phải là một tệp: {path}",
    "drafts.unsupported": "Không hỗ trợ loại tệp «{suffix}». Chỉ nhận tệp .txt, .md, .docx hoặc .pdf.",
    "drafts.empty": "Tệp dự thảo không có nội dung: {path}",
    "drafts.too_large": "Tệp dự thảo quá lớn ({size_mb} MB), vượt giới hạn {limit_mb} MB: {path}",
    "drafts.unreadable": "Không có quyền đọc tệp: {path}",
    "drafts.bad_encoding": "Không đọc được tệp văn bản (cần mã hoá UTF-8): {path}",
    "drafts.bad_docx": "Tệp không phải là tài liệu Word (.docx) hợp lệ: {path}",
    "drafts.bad_pdf": "Không đọc được tệp PDF (tệp hỏng, bị khoá hoặc không phải PDF): {path}",
    "drafts.pdf_no_text": (
        "Tệp PDF không có lớp chữ (có thể là bản chụp/quét); cần bản PDF có chữ hoặc tệp .docx: {path}"
    ),
    "drafts.no_headings": "Không tìm thấy đề mục nào (Phần thứ…, I., 1., 1.1., PHỤ LỤC…) trong tệp dự thảo: {path}",
    "drafts.zip_too_large": "Tệp Word khi giải nén quá lớn ({size_mb} MB), vượt giới hạn {limit_mb} MB: {path}",
    "drafts.zip_ratio": "Tệp Word nén bất thường (giải nén ra gấp {count} lần), nghi là «bom nén»: {path}",
    "drafts.zip_entries": "Tệp Word có quá nhiều thành phần (hơn {count}), nghi là tệp độc hại: {path}",
    "drafts.pdf_too_complex": (
        "Tệp PDF có nội dung giải nén quá lớn hoặc quá phức tạp so với kích thước tệp (nghi là «bom nén»): {path}"
    ),
    "drafts.warn.duplicate_label": "Cảnh báo: số mục «{label}» bị trùng với mục trước cùng cấp (mục «{title}»).",
    "drafts.cli.help": "Đọc và kiểm tra tệp dự thảo văn kiện.",
    "drafts.cli.outline_help": "In cây đề mục của tệp dự thảo (.txt, .md, .docx, .pdf).",
    "drafts.cli.file_help": "Tệp dự thảo cần đọc.",
    "drafts.cli.json_help": "In kết quả dạng JSON (các mục, đoạn văn, trang, dòng).",
    # --- plan ---
    "plan.missing_file": "Không tìm thấy tệp kế hoạch: {path}",
    "plan.too_large": "Tệp kế hoạch quá lớn (tối đa 2 MB): {path}",
    "plan.not_utf8": "Tệp kế hoạch phải là văn bản UTF-8: {path}",
    "plan.yaml_syntax": "{path}, dòng {line}: lỗi cú pháp YAML: {detail}",
    "plan.yaml_tag": (
        "{path}, dòng {line}: không nhận thẻ YAML «{tag}»; tệp kế hoạch chỉ gồm chữ, số, ngày, danh sách và "
        "bảng khoá–giá trị"
    ),
    "plan.yaml_alias_loop": "{path}, dòng {line}: bí danh YAML «*{name}» trỏ vào chính phần đang chứa nó",
    "plan.yaml_alias_too_big": (
        "{path}, dòng {line}: bí danh YAML «*{name}» làm kế hoạch phình ra quá {limit} giá trị (bí danh lồng nhau)"
    ),
    "plan.yaml_too_many_values": "{path}, dòng {line}: tệp kế hoạch có quá nhiều giá trị (tối đa {limit})",
    "plan.yaml_too_deep": "{path}, dòng {line}: tệp kế hoạch lồng nhau quá sâu (tối đa {limit} cấp)",
    "plan.yaml_key": "{path}, dòng {line}: khoá phải là một giá trị đơn (chữ hoặc số), không phải danh sách hay bảng",
    "plan.yaml_value": "{path}, dòng {line}: giá trị «{value}» không hợp lệ (ngày tháng hoặc số không có thật)",
    "plan.not_mapping": "{path}: kế hoạch phải là một bảng khoá–giá trị (consultation, documents, units…)",
    "plan.invalid": "{path}, dòng {line}, trường {field}: {detail}",
    "plan.document_elsewhere": "Văn kiện {document} đã thuộc một đợt lấy ý kiến khác.",
    "plan.document_has_comments": "Không thể bỏ văn kiện {document} khỏi kế hoạch: văn kiện đã có góp ý.",
    "plan.loaded": "Đã nạp kế hoạch {code}: {documents} văn kiện, {units} đơn vị.",
    "plan.drafts_imported": "Đã nhập dự thảo: {codes}.",
    "drafts.unknown_document": (
        "Không có văn kiện mã {document} trong kế hoạch. Hãy nạp kế hoạch trước (gopy plan load)."
    ),
    "drafts.has_comments": "Không thể nhập lại dự thảo {document}: đã có {count} góp ý gắn với các mục hiện tại.",
    "drafts.cli.document_help": "Mã văn kiện trong kế hoạch (ví dụ BCCT-PHUONG).",
    "drafts.imported": "Đã nhập dự thảo vào văn kiện {document}: {sections} mục.",
    "privacy.not_yet": (
        "Chưa đến hạn xoá danh tính: lấy ý kiến kết thúc ngày {ended}, thời hạn lưu {months} tháng "
        "(đến ngày {until}). Dùng --force nếu cần xoá sớm."
    ),
    "privacy.no_windows": "Chưa có thời hạn góp ý nào trong kế hoạch: không xác định được ngày kết thúc lấy ý kiến.",
    "privacy.purged": "Đã xoá danh tính của {participants} người tham gia và {deliveries} bản ghi tin nhắn đã nhận.",
    "privacy.due_on": "Được xoá từ ngày {due} (theo thời hạn lưu GOPY_RETENTION_MONTHS).",
    "privacy.would_purge": "Sẽ xoá danh tính của {participants} người tham gia và {deliveries} bản ghi tin nhắn.",
    "db.upgraded": "Cơ sở dữ liệu đã được cập nhật ({url}).",
    # --- chat ---
    "chat.privacy": (
        "Xin chào! Đây là kênh góp ý dự thảo văn kiện đại hội của phường.\n\n"
        "Trước khi bắt đầu, xin bạn đọc kỹ:\n"
        "• Chúng tôi lưu: mã tài khoản và tên hiển thị của bạn trên ứng dụng, vai trò (người dân hoặc "
        "đảng viên), khu phố/thôn nếu bạn chọn, và các ý kiến bạn gửi.\n"
        "• Để làm gì: để tổng hợp ý kiến góp ý dự thảo theo kế hoạch của Đảng ủy phường. "
        "Báo cáo tổng hợp không ghi tên người góp ý.\n"
        "• Lưu bao lâu: đến hết {months} tháng sau khi kết thúc lấy ý kiến; sau đó tên hiển thị và mã tài khoản "
        "được xoá, các ý kiến được giữ lại không kèm danh tính.\n"
        "• Ai được xem: chỉ cán bộ Văn phòng Đảng ủy và Ban Xây dựng Đảng phụ trách tổng hợp.\n\n"
        "Bạn có đồng ý không?"
    ),
    "chat.btn.consent": "Đồng ý",
    "chat.btn.refuse": "Không đồng ý",
    "chat.refused": (
        "Bạn đã chọn không đồng ý. Chúng tôi chỉ ghi lại lựa chọn này, không lưu thông tin nào khác. "
        "Nếu đổi ý, xin gõ /start."
    ),
    "chat.need_consent": "Bạn cần đồng ý với cách lưu thông tin trước khi góp ý. Gõ /start để xem lại.",
    "chat.ask_role": "Bạn tham gia góp ý với tư cách nào?",
    "chat.btn.resident": "Người dân",
    "chat.btn.member": "Đảng viên",
    "chat.role.resident": "người dân",
    "chat.role.member": "đảng viên",
    "chat.role.secretary": "bí thư chi bộ",
    "chat.role.official": "cán bộ Văn phòng Đảng ủy",
    "chat.role.board": "Ban Xây dựng Đảng",
    "chat.invite_applied": "Mã mời hợp lệ: bạn tham gia với vai trò {role}{unit}.",
    "chat.invite_invalid": "Mã mời không hợp lệ hoặc đã hết hạn. Bạn vẫn có thể góp ý bình thường.",
    "chat.ask_area": "Bạn sống ở khu phố/thôn nào? (Không bắt buộc: có thể bấm «Bỏ qua».)",
    "chat.btn.skip": "Bỏ qua",
    "chat.onboarded": "Cảm ơn bạn! Bây giờ bạn có thể đọc và góp ý dự thảo.",
    "chat.docs.header": "Các dự thảo đang lấy ý kiến. Chọn một dự thảo để đọc và góp ý:",
    "chat.docs.none_open": "Hiện chưa có dự thảo nào đang mở để bạn góp ý.",
    "chat.docs.closed_header": "Các dự thảo không trong thời hạn góp ý:",
    "chat.docs.closed_item": "• {title} (góp ý từ {opens} đến {closes})",
    "chat.doc.closed": "Dự thảo «{title}» hiện không nhận góp ý (thời hạn từ {opens} đến {closes}).",
    "chat.doc.topics_header": "Gợi ý thảo luận",
    "chat.doc.topics_intro": "Dự thảo có các vấn đề gợi ý tập trung thảo luận; bạn có thể chọn một vấn đề:",
    "chat.doc.outline": "Mục lục (trang {page}/{pages}). Chọn một mục để đọc và góp ý:",
    "chat.doc.no_sections": "Dự thảo chưa có mục lục; bạn có thể góp ý chung cho toàn văn.",
    "chat.btn.prev_page": "Trang trước",
    "chat.btn.next_page": "Trang sau",
    "chat.btn.general": "Góp ý chung cho toàn văn",
    "chat.btn.proposal": "Đề xuất, kiến nghị",
    "chat.btn.topic": "Gợi ý {n}: {title}",
    "chat.section.progress": "Mục {n}/{total}",
    "chat.section.footnotes": "Chú thích:",
    "chat.section.table": "Bảng {n}:",
    "chat.section.table_more": "(còn {rows} dòng nữa: xem trong bản in của dự thảo)",
    "chat.section.empty": "(Mục này không có đoạn văn riêng; xem các mục con.)",
    "chat.section.last": "Đây là mục cuối cùng của dự thảo. Bạn có thể về mục lục.",
    "chat.topic.header": "Gợi ý thảo luận {n}: {title}",
    "chat.btn.agree": "Nhất trí",
    "chat.btn.disagree": "Không nhất trí",
    "chat.btn.amend": "Đề nghị sửa đổi, bổ sung",
    "chat.btn.other": "Ý kiến khác",
    "chat.btn.next_section": "Mục tiếp theo",
    "chat.btn.toc": "Về mục lục",
    "chat.btn.send": "Gửi",
    "chat.target.document": "toàn văn dự thảo «{title}»",
    "chat.target.topic": "gợi ý thảo luận {n}: {title}",
    "chat.target.section": "mục {label}. {title}",
    "chat.target.paragraph": "đoạn [{n}] của {section}",
    "chat.target.part": "{label}. {title}",
    "chat.compose.agree": "Bạn nhất trí với {target}. Nếu muốn, hãy gõ thêm ý kiến; hoặc bấm «Gửi».",
    "chat.compose.disagree": "Bạn không nhất trí với {target}. Xin gõ rõ ý kiến và lý do của bạn:",
    "chat.compose.other": "Xin gõ ý kiến của bạn về {target}:",
    "chat.compose.general": "Xin gõ góp ý chung của bạn cho {target}:",
    "chat.compose.proposal": (
        "Xin gõ đề xuất, kiến nghị của bạn (về dự thảo, về công tác chuẩn bị đại hội hoặc về cách lấy ý kiến):"
    ),
    "chat.compose.text_required": "Ý kiến này cần có nội dung. Xin gõ ý kiến của bạn:",
    "chat.compose.empty": "Tin nhắn này trống (chỉ có khoảng trắng), bot chưa ghi được gì. Xin gõ ý kiến của bạn:",
    "chat.compose.need_words": (
        "Tin nhắn này chỉ có biểu tượng hoặc dấu câu, bot chưa ghi được. Xin gõ ý kiến bằng chữ (có thể kèm số)."
    ),
    "chat.compose.total_too_long": (
        "Ý kiến đã dài gần {limit} ký tự, mức dài nhất bot nhận cho một ý kiến, nên phần vừa gửi chưa được nối thêm. "
        "Bạn có thể bấm «Xác nhận» để ghi phần đã có, rồi gửi phần còn lại thành một ý kiến mới."
    ),
    "chat.amend.ask_para": (
        "Bạn đề nghị sửa đổi, bổ sung đoạn nào? Bấm số đoạn, hoặc gõ số đoạn (ví dụ 3 hay [3]), "
        "hoặc gõ nhãn của ý trong đoạn như đã in (ví dụ (11)):"
    ),
    "chat.amend.paragraph_word": "đoạn",
    "chat.amend.no_paragraphs": (
        "Mục này không có đoạn văn riêng để trích, nên không đề nghị sửa đổi, bổ sung theo đoạn được; "
        "bạn có thể chọn «Ý kiến khác». Nội dung bạn đã gõ (nếu có) vẫn được giữ."
    ),
    "chat.amend.number_word": "số",
    "chat.amend.bad_para": "Không có đoạn số đó trong mục này. Xin chọn từ {first} đến {n}.",
    "chat.amend.bad_para_one": "Không có đoạn số đó: mục này chỉ có đoạn [{n}]. Xin bấm [{n}] hoặc gõ {n}.",
    "chat.amend.ask_quote": (
        "Đoạn [{n}]:\n{text}\n\nXin chép nguyên văn câu, cụm từ cần sửa đổi, bổ sung trong đoạn này:"
    ),
    "chat.amend.quote_not_found": (
        "Không tìm thấy «{quote}» trong đoạn [{n}]. Bạn có thể gõ lại cho đúng nguyên văn, hoặc vẫn giữ như đã gõ."
    ),
    "chat.btn.keep_quote": "Vẫn giữ như đã gõ",
    "chat.amend.ask_new": "Xin gõ nội dung đề nghị thay thế. Nếu đề nghị bỏ phần trên, gõ «bỏ».",
    "chat.amend.new_required": (
        "Nội dung đề nghị thay thế chưa có chữ nào. Xin gõ câu chữ bạn đề nghị, hoặc gõ «bỏ» nếu đề nghị bỏ "
        "phần nguyên văn trên."
    ),
    "chat.amend.delete_word": "bỏ",
    "chat.amend.ask_reason": "Xin nêu lý do đề nghị:",
    "chat.amend.ask_reason_kept": (
        "Lý do đề nghị, theo nội dung bạn đã gõ:\n«{reason}»\n\nBấm «Giữ lý do này», hoặc gõ lý do khác để thay."
    ),
    "chat.btn.keep_reason": "Giữ lý do này",
    "chat.amend.text_as_reason": (
        "Nội dung bạn đã gõ được giữ lại làm lý do đề nghị; bạn sẽ xem lại ở bước nêu lý do."
    ),
    "chat.amend.reason_required": "Lý do chưa có nội dung. Xin nêu lý do đề nghị:",
    "chat.amend.quote_required": (
        "Tin nhắn này trống. Xin chép nguyên văn câu, cụm từ cần sửa đổi, bổ sung trong đoạn:"
    ),
    "chat.kind.agree": "Nhất trí",
    "chat.kind.disagree": "Không nhất trí",
    "chat.kind.amend": "Đề nghị sửa đổi, bổ sung",
    "chat.kind.other": "Ý kiến khác",
    "chat.kind.general": "Góp ý chung cho toàn văn",
    "chat.kind.proposal": "Đề xuất, kiến nghị",
    "chat.summary": "Loại ý kiến: {kind}\nVề: {target}\nNội dung: {text}",
    "chat.summary.amend": (
        "Loại ý kiến: {kind}\nVề: {target}\nNguyên văn dự thảo: «{quote}»{note}\nĐề nghị: {proposal}\nLý do: {reason}"
    ),
    "chat.summary.no_text": "(không kèm nội dung)",
    "chat.summary.quote_not_found": " (không tìm thấy trong đoạn [{n}]; giữ như bạn đã gõ)",
    "chat.summary.delete": "bỏ phần nguyên văn trên",
    "chat.summary.replace": "thay bằng «{new}»",
    "chat.confirm": "Xin kiểm tra lại ý kiến sẽ được ghi nhận:\n\n{summary}",
    "chat.confirm.typed_other": (
        "Bot ghi tin nhắn bạn vừa gõ là «Ý kiến khác». Nếu bạn muốn chọn «Nhất trí», «Không nhất trí» hay loại "
        "khác, bấm «Sửa lại»."
    ),
    "chat.confirm.more": "Muốn viết thêm? Cứ gõ tiếp: bot nối vào nội dung trên để bạn xem lại trước khi xác nhận.",
    "chat.confirm.more_reason": "Muốn viết thêm lý do? Cứ gõ tiếp: bot nối vào phần lý do trước khi bạn xác nhận.",
    "chat.btn.confirm": "Xác nhận",
    "chat.btn.redo": "Sửa lại",
    "chat.btn.cancel": "Huỷ",
    "chat.recorded": "Đã ghi nhận ý kiến của bạn. Cảm ơn bạn!",
    "chat.updated": "Đã ghi nhận nội dung sửa của ý kiến. Cảm ơn bạn!",
    "chat.cancelled": "Đã huỷ. Ý kiến này chưa được ghi.",
    "chat.redo.kept": "Không sửa nữa: ý kiến vẫn giữ như trước.",
    "chat.cancelled_unchanged": "Đã huỷ. Ý kiến bạn gửi trước đó vẫn được giữ nguyên, không thay đổi gì.",
    "chat.window_closed": (
        "Rất tiếc, dự thảo «{title}» hiện không trong thời hạn góp ý ({opens} – {closes}). Ý kiến này chưa được ghi."
    ),
    "chat.group.private_only": (
        "Bot chỉ trò chuyện riêng để giữ kín ý kiến của từng người. Xin nhắn riêng cho bot để góp ý."
    ),
    "chat.stale_button": (
        "Nút này thuộc một tin nhắn trước nên không còn dùng được. Xin dùng các nút trong tin nhắn mới nhất."
    ),
    "chat.use_buttons": "Xin chọn một trong các nút (hoặc gõ /giupdo để xem hướng dẫn).",
    "chat.use_numbers": "Xin gõ số thứ tự của một lựa chọn ở trên (hoặc gõ /giupdo để xem hướng dẫn).",
    "chat.unsupported": (
        "Xin lỗi, bot chỉ đọc được tin nhắn chữ. Ảnh, nhãn dán, tin nhắn thoại, video hay tệp chưa được nhận; "
        "xin gõ ý kiến bằng chữ."
    ),
    "chat.too_long": (
        "Tin nhắn dài {length} ký tự, vượt quá giới hạn {limit} ký tự của một tin nhắn nên chưa được ghi. "
        "Xin chia thành nhiều tin nhắn ngắn hơn và gửi lần lượt: bot nối các phần lại thành một ý kiến, "
        "cho bạn xem lại toàn bộ rồi mới bấm «Xác nhận»."
    ),
    "chat.rate_limited": (
        "Bạn gửi tin nhắn hơi nhanh nên tin nhắn này chưa được xử lý (các tin nhắn trước đó đã được xử lý). "
        "Xin chờ một lát rồi gửi lại: trong khoảng một phút tới, tin nhắn gửi quá nhanh sẽ không được xử lý và "
        "bot không báo lại."
    ),
    "chat.nothing_to_cancel": "Không có thao tác nào đang dở.",
    "chat.unknown_command": "Bot không hiểu lệnh «{command}». Gõ /giupdo để xem các lệnh.",
    "chat.error": (
        "Xin lỗi, đã có lỗi xảy ra. Các ý kiến đã được xác nhận trước đó vẫn được lưu. Xin thử lại sau ít phút."
    ),
    "chat.help": (
        "Hướng dẫn góp ý dự thảo\n\n"
        "Bot này giúp bạn đọc dự thảo văn kiện từng mục và gửi ý kiến. Bạn chỉ cần bấm vào các nút "
        "hiện dưới tin nhắn, hoặc gõ chữ khi bot hỏi.\n\n"
        "Cách góp ý:\n"
        "1. Gõ /gopy rồi chọn dự thảo. Bot hiện mục lục (bấm «Trang sau» để xem tiếp) và hai nút: "
        "«Góp ý chung cho toàn văn» (ý kiến về cả dự thảo) và «Đề xuất, kiến nghị» (về dự thảo, về việc "
        "chuẩn bị đại hội hay về cách lấy ý kiến).\n"
        "Nếu dự thảo có «Gợi ý thảo luận», bạn có thể chọn một vấn đề gợi ý để góp ý.\n"
        "2. Chọn một mục để đọc. Các đoạn được đánh số [1], [2]… Bấm «Bỏ qua» hoặc «Mục tiếp theo» để sang mục "
        "sau mà không góp ý mục này.\n"
        "3. Bấm «Nhất trí», «Không nhất trí», «Đề nghị sửa đổi, bổ sung» hoặc «Ý kiến khác», rồi gõ ý kiến. "
        "Nếu đang đọc mục mà bạn gõ chữ luôn, bot ghi là «Ý kiến khác» (gõ đúng tên một nút thì như bấm nút đó).\n"
        "4. «Đề nghị sửa đổi, bổ sung» hỏi lần lượt: đoạn số mấy; chép nguyên văn câu chữ cần sửa; câu chữ "
        "bạn đề nghị thay (gõ «bỏ» nếu đề nghị bỏ); lý do.\n"
        "5. Bot cho xem lại đúng nội dung sẽ ghi: bấm «Xác nhận» để gửi, «Sửa lại» để sửa, «Huỷ» để thôi. "
        "Ý kiến dài có thể gửi thành nhiều tin nhắn: bot nối lại trước khi bạn xác nhận.\n"
        "6. Khi thấy «Đã ghi nhận» là ý kiến đã được lưu. Bấm «Mục tiếp theo» để đọc tiếp.\n\n"
        "Các lệnh (gõ hoặc chọn trong nút Menu):\n"
        "/gopy: chọn dự thảo để góp ý\n"
        "/tieptuc: tiếp tục từ chỗ đang dở\n"
        "/ykiencuatoi: xem, sửa hoặc rút ý kiến của mình khi còn thời hạn\n"
        "/huy: huỷ bước đang làm\n"
        "/start: lần đầu để bắt đầu; về sau để xem và đổi vai trò, khu phố/thôn (người dân và đảng viên tự đổi "
        "được; vai trò cấp theo mã mời thì không đổi tại đây)\n"
        "/giupdo: xem lại hướng dẫn này\n"
        "/baocao: báo cáo tổng hợp (chỉ dành cho cán bộ tổng hợp ý kiến)\n\n"
        "Bot chỉ đọc tin nhắn chữ. Báo cáo tổng hợp không ghi tên người góp ý."
    ),
    "chat.mine.none": "Bạn chưa gửi ý kiến nào.",
    "chat.mine.header": "Ý kiến của bạn ({n}){page}:",
    "chat.mine.item": "#{n}. {kind}, về {target}{status}\n{text}",
    "chat.mine.edited": " (đã sửa)",
    "chat.mine.closed": " (đã hết thời hạn góp ý: không sửa hoặc rút được nữa)",
    "chat.btn.mine_edit": "Sửa #{n}",
    "chat.btn.mine_withdraw": "Rút #{n}",
    "chat.mine.not_found": "Không tìm thấy ý kiến này (có thể đã được rút).",
    "chat.withdraw.confirm": "Bạn muốn rút ý kiến sau?\n\n{summary}",
    "chat.withdrawn": "Đã rút ý kiến.",
    "chat.report.refused": ("Xin lỗi, lệnh báo cáo chỉ dành cho cán bộ Văn phòng Đảng ủy và Ban Xây dựng Đảng."),
    "chat.report.unknown_doc": "Không có dự thảo mã «{code}». Các mã dự thảo: {codes}.",
    "chat.cmd.start": "Bắt đầu",
    "chat.cmd.gopy": "Chọn dự thảo để góp ý",
    "chat.cmd.tieptuc": "Tiếp tục từ chỗ đang dở",
    "chat.cmd.ykiencuatoi": "Xem, sửa, rút ý kiến của tôi",
    "chat.cmd.huy": "Huỷ bước đang làm",
    "chat.cmd.giupdo": "Hướng dẫn sử dụng",
    "chat.cmd.baocao": "Báo cáo tổng hợp (cán bộ)",
    "chat.console.intro": (
        "Trò chuyện với bot ngay trên màn hình. Gõ số để chọn, gõ chữ để trả lời, /giupdo để xem hướng dẫn; "
        "Ctrl+D để thoát."
    ),
    "chat.numbered.choice": "  {n}. {label}",
    "chat.console.file": "[Tệp đính kèm: {name}, {size} byte, đã lưu tại {path}]",
    "chat.serve.no_channel": (
        "Chưa cấu hình kênh nào. Để kết nối Telegram: tạo bot với @BotFather, ghi dòng "
        "TELEGRAM_TOKEN=<mã bot> vào tệp .env rồi chạy lại «gopy serve». Bây giờ mở trò chuyện trên màn hình."
    ),
    "chat.serve.started": "Đang phục vụ: {channels}. Nhấn Ctrl+C để dừng.",
    "chat.serve.stopped": "Đã dừng.",
    "chat.invite.created": "Mã mời: {code}\nVai trò: {role}{unit}\nSố lần dùng: {uses}\nHết hạn: {expires}",
    "chat.invite.link": "Liên kết: {link}",
    "chat.invite.no_link": "(Chưa biết tên bot: thêm --bot TÊN_BOT hoặc cấu hình TELEGRAM_TOKEN để in liên kết.)",
    "chat.invite.no_unit": "Không tìm thấy đơn vị mã «{code}».",
    "chat.invite.bad_date": "Ngày không hợp lệ: «{value}» (dạng YYYY-MM-DD hoặc DD/MM/YYYY).",
    "chat.invite.never": "không hạn",
    "chat.pending": (
        "Bạn đang viết dở một ý kiến ({kind}, về {target}). Ý kiến này vẫn được giữ. "
        "Bạn muốn viết tiếp, hay bỏ ý kiến này để làm việc khác?"
    ),
    "chat.btn.pending_resume": "Viết tiếp ý kiến này",
    "chat.btn.pending_drop": "Bỏ ý kiến này, chuyển sang {command}",
    "chat.pending.dropped": "Đã bỏ ý kiến đang viết dở.",
    "chat.btn.back_section": "Về mục",
    "chat.btn.back_topic": "Về gợi ý thảo luận",
    "chat.redo.text": (
        "Ý kiến hiện tại:\n{summary}\n\n"
        "Xin gõ ý kiến mới để thay nội dung trên, hoặc chọn loại ý kiến khác (nội dung đã gõ được giữ lại):"
    ),
    "chat.redo.amend": "Đề nghị hiện tại:\n{summary}\n\nBạn muốn sửa phần nào?",
    "chat.btn.redo_para": "Chọn lại đoạn",
    "chat.btn.redo_quote": "Sửa nguyên văn cần sửa",
    "chat.btn.redo_new": "Sửa nội dung đề nghị",
    "chat.btn.redo_reason": "Sửa lý do",
    "chat.mine.page": " (trang {page}/{pages})",
    "chat.btn.mine_to_docs": "Chọn dự thảo để góp ý",
    "chat.target.in_part": "{part}, {section}",
    "chat.doc.outline_parents": "(tiếp theo của: {path})",
    "chat.start.registered": "Bạn đang tham gia góp ý với vai trò {role}{area}.",
    "chat.ask_area_change": (
        "Bạn sống ở khu phố/thôn nào? Hiện tại: {area}. Bấm «Bỏ qua» để giữ như cũ, hoặc «Không chọn khu phố/thôn» "
        "để bỏ thông tin này."
    ),
    "chat.btn.no_area": "Không chọn khu phố/thôn",
    "chat.profile.saved": "Đã lưu: bạn tham gia góp ý với vai trò {role}{area}.",
    "chat.profile.cancelled": "Đã huỷ việc đổi vai trò, khu phố/thôn. Thông tin của bạn vẫn giữ như cũ.",
    "chat.pending_edit": (
        "Bạn đang sửa dở một ý kiến đã gửi ({kind}, về {target}). Ý kiến đã gửi vẫn giữ nguyên cho đến khi bạn "
        "bấm «Xác nhận». Bạn muốn sửa tiếp, hay bỏ các thay đổi để làm việc khác?"
    ),
    "chat.btn.pending_resume_edit": "Sửa tiếp",
    "chat.btn.pending_drop_edit": "Bỏ các thay đổi, chuyển sang {command}",
    "chat.pending.dropped_edit": "Đã bỏ các thay đổi. Ý kiến bạn đã gửi vẫn giữ nguyên.",
    "chat.pending.typed": (
        "Tin nhắn vừa gõ chưa được ghi vào ý kiến. Xin chọn một trong hai nút dưới đây; muốn viết tiếp thì bấm "
        "nút viết tiếp rồi gõ lại."
    ),
    "chat.docs.typed": (
        "Tin nhắn vừa gõ chưa được ghi thành ý kiến. Để góp ý, xin chọn một dự thảo bên dưới, chọn một mục rồi gõ "
        "ý kiến (hoặc bấm «Góp ý chung cho toàn văn» trong mục lục)."
    ),
    "chat.doc.typed": (
        "Tin nhắn vừa gõ chưa được ghi. Để góp ý về một mục, xin chọn mục đó trong mục lục rồi gõ ý kiến. "
        "Nếu đây là ý kiến về cả dự thảo, bấm nút dưới đây để ghi thành «Góp ý chung cho toàn văn» "
        "(bot cho bạn xem lại trước khi ghi)."
    ),
    "chat.btn.typed_general": "Ghi thành góp ý chung cho toàn văn",
    "chat.mine.typed": (
        "Tin nhắn vừa gõ chưa được ghi thành ý kiến. Để sửa một ý kiến, bấm «Sửa #…» rồi gõ nội dung mới; "
        "để góp ý mới, gõ /gopy."
    ),
    "chat.mine.period": " ({opens} – {closes})",
    "chat.mine.edit": "sửa",
    "chat.mine.withdraw": "rút",
    "chat.mine.closed_change": (
        "Rất tiếc, dự thảo «{title}» đã hết thời hạn góp ý{period} nên không {action} được ý kiến này nữa. "
        "Ý kiến bạn đã gửi vẫn được giữ nguyên."
    ),
    "chat.mine.closed_confirm": (
        "Rất tiếc, dự thảo «{title}» vừa hết thời hạn góp ý{period}: ý kiến chưa được {action}. "
        "Ý kiến bạn đã gửi trước đó vẫn được giữ nguyên, không thay đổi gì."
    ),
    "chat.btn.change_profile": "Đổi vai trò, khu phố/thôn",
    # --- chat: end ---
    # --- report ---
    # share words (aggregation.shares documents the rule)
    "report.share.phrase": "{words} ({n}/{total})",
    "report.share.most": "Hầu hết ý kiến",
    "report.share.majority": "Đa số ý kiến",
    "report.share.many": "Nhiều ý kiến",
    "report.share.some": "Một số ý kiến",
    "report.share.few": "Có ý kiến",
    "report.share.count": "{n} ý kiến",
    # one view on one issue
    "report.view.general": "{phrase} nêu nhận xét chung về {ref}",
    "report.view.agree": "{phrase} nhất trí với nội dung {ref}",
    "report.view.disagree": "{phrase} không nhất trí với nội dung {ref}",
    "report.view.amend": "{phrase} đề nghị sửa đổi, bổ sung {ref}",
    "report.view.other": "{phrase} góp ý khác về {ref}",
    "report.view.proposal": "{phrase} đề xuất, kiến nghị",
    "report.view.see_part1": "(nội dung các nhận xét này được nêu tại phần nhận xét chung)",
    "report.view.more": "Ngoài ra có {groups} nội dung khác ({opinions} ý kiến), được liệt kê đầy đủ trong tệp Excel "
    "kèm theo.",
    "report.quote.count": "({n} ý kiến)",
    "report.quote.paragraph": "Đoạn {n}: ",
    "report.ref.document": "dự thảo",
    "report.ref.topic": "vấn đề “{title}”",
    "report.ref.section": "mục {label} “{title}”",
    "report.ref.part": "{label} “{title}”",
    "report.ref.section_bare": "mục {label}",
    "report.ref.part_bare": "{label}",
    "report.ref.untitled": "phần “{title}”",
    "report.ref.trend": "dự thảo",
    "report.ref.trend_all": "các dự thảo",
    # where an amendment applies; how it is quoted
    "report.loc.document": "toàn văn {title}",
    "report.loc.topic": "gợi ý thảo luận {order}",
    "report.loc.section": "mục {label} “{title}”",
    "report.loc.part": "{label} “{title}”",
    "report.loc.section_bare": "mục {label}",
    "report.loc.part_bare": "{label}",
    "report.loc.untitled": "phần “{title}”",
    "report.loc.paragraph": "đoạn {n}",
    "report.loc.page": "trang {n}",
    "report.loc.line": "dòng {n}",
    "report.amend.unverified": " (câu chữ do người góp ý trích, không tìm thấy nguyên văn trong đoạn này của dự thảo)",
    "report.xlsx.deleted": "(đề nghị bỏ đoạn trích)",
    "report.amend.item": "Tại {location}: {wording}",
    "report.amend.replace": "đề nghị sửa “{original}” thành “{proposed}”",
    "report.amend.delete": "đề nghị bỏ “{original}”",
    "report.amend.add": "đề nghị bổ sung “{proposed}”",
    "report.amend.change": "đề nghị sửa “{original}”: “{text}”",
    "report.amend.original": "đề nghị sửa “{original}”",
    "report.amend.unspecified": "đề nghị sửa đổi, bổ sung",
    "report.amend.text": "“{text}”",
    "report.amend.reason": "Lý do: “{reason}”",
    # personal data typed inside a comment, as the reports quote it (consultation.report.mask_personal_data)
    "report.mask.phone": "[số điện thoại]",
    "report.mask.email": "[email]",
    "report.mask.id": "[số định danh]",
    # headings
    "report.heading.part1": "I. NHẬN XÉT CHUNG",
    "report.heading.part2": "II. TỔNG HỢP Ý KIẾN GÓP Ý VỀ NỘI DUNG",
    "report.heading.part3": "III. ĐỀ XUẤT, KIẾN NGHỊ",
    "report.heading.document": "{n}. {title}",
    "report.heading.whole": "Những vấn đề chung của dự thảo",
    "report.heading.topic": "Gợi ý thảo luận {order}: {title}",
    "report.heading.section": "{label}. {title}",
    "report.part2.no_comments": "Chưa có ý kiến góp ý về nội dung dự thảo này.",
    # part 1: general remarks
    "report.p1.totals": "Tổng số có {comments} lượt góp ý, thể hiện {opinions} ý kiến, so với {participants} người "
    "tham gia.",
    "report.p1.participants": "Trong đó: {individuals} người góp ý trực tiếp; {attendance} lượt người dự "
    "{meetings} hội nghị, cuộc họp có biên bản ({speakers} lượt người phát biểu); {letters} văn bản góp ý.",
    "report.p1.by_audience": "Theo đối tượng: {items}.",
    "report.p1.by_unit": "Theo đơn vị: {items}.",
    "report.p1.by_channel": "Theo kênh tiếp nhận: {items}.",
    "report.p1.item": "{label}: {n} ý kiến",
    "report.p1.atmosphere_intro": "Không khí thảo luận, theo biên bản các hội nghị, cuộc họp:",
    "report.p1.atmosphere_item": "{kind} {unit} ngày {date} ({attendance} người dự, {speakers} người phát biểu): "
    "“{text}”",
    "report.p1.atmosphere_none": "Chưa có biên bản hội nghị, cuộc họp ghi nhận không khí thảo luận.",
    "report.p1.trend_intro": "Xu hướng chung (trên {total} ý kiến nhất trí, không nhất trí, đề nghị sửa đổi, bổ "
    "sung hoặc góp ý khác):",
    "report.p1.trend_besides": "Ngoài ra (không tính vào xu hướng chung): {items}.",
    "report.p1.quality_intro": "Nhận xét chung về {title}:",
    "report.p1.no_comments": "Chưa có ý kiến góp ý trong phạm vi báo cáo.",
    "report.p3.document": "Đối với {title}:",
    "report.p3.none": "Không có đề xuất, kiến nghị.",
    # the party document frame
    "report.doc.party": "ĐẢNG CỘNG SẢN VIỆT NAM",
    "report.doc.star": "*",
    "report.doc.number": "Số {number}",
    "report.doc.number_default": "     -BC/ĐU",
    "report.doc.place_date": "{place}, ngày {day:02d} tháng {month} năm {year}",
    "report.doc.title": "BÁO CÁO",
    "report.doc.subject_one": "Tổng hợp ý kiến góp ý vào {title}",
    "report.doc.subject_all": "Tổng hợp ý kiến góp ý vào các dự thảo văn kiện",
    "report.doc.scope_audience": "ý kiến của {audience}",
    "report.doc.scope_from": "từ ngày {date}",
    "report.doc.scope_to": "đến ngày {date}",
    "report.doc.as_of": "số liệu tính đến {time} ngày {date}",
    "report.doc.scope": "({items})",
    "report.doc.intro": "Thực hiện “{plan}”, kết quả tổng hợp ý kiến góp ý như sau:",
    "report.doc.recipients": "Nơi nhận:",
    "report.doc.archive": "Lưu VP.",
    "report.doc.on_behalf": "T/M BAN THƯỜNG VỤ",
    "report.doc.chart_caption": "Biểu đồ: số ý kiến theo xu hướng ở từng phần của dự thảo",
    "report.doc.chart_documents": "({items})",
    "report.doc.chart_document": "Dự thảo {n}: {title}",
    "report.appendix.title": "PHỤ LỤC",
    "report.appendix.subject": "Tình hình tham gia góp ý",
    "report.appendix.by_audience": "1. Theo đối tượng",
    "report.appendix.by_unit": "2. Theo đơn vị",
    "report.appendix.by_channel": "3. Theo kênh tiếp nhận",
    "report.appendix.by_source": "4. Theo hình thức góp ý",
    "report.col.group": "Nhóm",
    "report.col.comments": "Số lượt góp ý",
    "report.col.opinions": "Số ý kiến",
    "report.col.participants": "Số người góp ý trực tiếp",
    "report.col.total": "Tổng",
    # labels
    "report.audience.residents": "Nhân dân",
    "report.audience.members": "Cán bộ, đảng viên",
    "report.audience.experts": "Cán bộ nguyên lãnh đạo, nhà khoa học, chuyên gia",
    "report.audience.organisations": "MTTQ và các tổ chức chính trị - xã hội",
    "report.kind.general": "Nhận xét chung",
    "report.kind.agree": "Nhất trí",
    "report.kind.disagree": "Không nhất trí",
    "report.kind.amend": "Đề nghị sửa đổi, bổ sung",
    "report.kind.other": "Ý kiến khác",
    "report.kind.proposal": "Đề xuất, kiến nghị",
    "report.target.document": "Toàn văn dự thảo",
    "report.target.topic": "Gợi ý thảo luận",
    "report.target.section": "Mục",
    "report.target.paragraph": "Đoạn",
    "report.source.individual": "Cá nhân góp ý trực tiếp",
    "report.source.meeting": "Hội nghị, cuộc họp",
    "report.source.written": "Văn bản",
    "report.channel.telegram": "Telegram",
    "report.channel.zalo": "Zalo",
    "report.channel.console": "Nhập tại bộ phận tổng hợp",
    "report.meeting.cell_meeting": "Sinh hoạt chi bộ",
    "report.meeting.conference": "Hội nghị",
    "report.meeting.village_meeting": "Họp thôn, khu dân cư",
    "report.meeting.other": "Hội nghị, cuộc họp",
    "report.unit.none": "Chưa xác định đơn vị",
    "report.chart.whole": "Chung (toàn văn, gợi ý)",
    "report.chart.xlabel": "Số ý kiến",
    "report.chart.document": "Dự thảo {n} – ",
    # XLSX
    "report.xlsx.sheet.comments": "Ý kiến",
    "report.xlsx.sheet.sections": "Theo mục",
    "report.xlsx.sheet.audience": "Theo đối tượng",
    "report.xlsx.sheet.units": "Theo đơn vị",
    "report.xlsx.sheet.channels": "Theo kênh",
    "report.xlsx.sheet.notes": "Ghi chú",
    "report.xlsx.section.whole": "Toàn văn",
    "report.xlsx.section.topic": "Gợi ý {order}",
    "report.xlsx.note.head": "Ghi chú về tệp này",
    "report.xlsx.note.private": "Tệp không chứa họ tên, mã tài khoản, số điện thoại hay mã số của người góp ý.",
    "report.xlsx.note.nfc": "Chữ được ghi ở dạng Unicode dựng sẵn (NFC): cùng chữ, cùng dấu như người góp ý đã viết, "
    "để tìm kiếm, lọc trong Excel không bỏ sót ý kiến gõ bằng bộ gõ khác.",
    "report.xlsx.note.amend": "Với ý kiến đề nghị sửa đổi, bổ sung: cột “Nội dung (nguyên văn)” chỉ ghi phần người góp "
    "ý viết thêm (để trống nếu ý kiến chỉ gồm câu chữ đề nghị sửa, nội dung đề nghị sửa thành và lý do); lý do ghi "
    "ở cột “Lý do”.",
    "report.xlsx.note.masked": "Số điện thoại, địa chỉ email và số CMND/CCCD mà người góp ý gõ trong nội dung được "
    "thay bằng [số điện thoại], [email], [số định danh].",
    "report.xlsx.note.unmasked": "Theo kế hoạch, số điện thoại, địa chỉ email và số định danh mà người góp ý gõ trong "
    "nội dung được giữ nguyên văn.",
    "report.xlsx.note.sections": "Trang “Theo mục”: “Toàn văn” là ý kiến về toàn văn dự thảo; “Gợi ý N” là ý kiến "
    "theo gợi ý thảo luận số N; các dòng khác ghi số hiệu mục như trong dự thảo.",
    "report.xlsx.col.id": "Mã ý kiến",
    "report.xlsx.col.document": "Dự thảo",
    "report.xlsx.col.audience": "Đối tượng",
    "report.xlsx.col.unit": "Đơn vị",
    "report.xlsx.col.area": "Khu dân cư",
    "report.xlsx.col.target": "Phạm vi góp ý",
    "report.xlsx.col.topic": "Gợi ý thảo luận",
    "report.xlsx.col.section": "Mục",
    "report.xlsx.col.section_title": "Tên mục",
    "report.xlsx.col.paragraph": "Đoạn",
    "report.xlsx.col.page": "Trang",
    "report.xlsx.col.line": "Dòng",
    "report.xlsx.col.kind": "Loại ý kiến",
    "report.xlsx.col.text": "Nội dung (nguyên văn)",
    "report.xlsx.col.quoted_original": "Câu chữ dự thảo đề nghị sửa",
    "report.xlsx.col.proposed_text": "Đề nghị sửa thành",
    "report.xlsx.col.reason": "Lý do",
    "report.xlsx.col.channel": "Kênh",
    "report.xlsx.col.source": "Hình thức",
    "report.xlsx.col.represents": "Số ý kiến",
    "report.xlsx.col.created_at": "Thời gian",
    # chat digest and /baocao
    "report.digest.title": "BÁO CÁO NHANH: {subject}",
    "report.digest.as_of": "Số liệu tính đến {time} ngày {date}.",
    "report.digest.totals": "{opinions} ý kiến ({comments} lượt góp ý), so với {participants} người tham gia: "
    "{individuals} người góp ý trực tiếp, {attendance} lượt người dự {meetings} hội nghị, cuộc họp, {letters} văn bản.",
    "report.digest.trend": "Xu hướng chung:",
    "report.digest.top": "Các vấn đề có nhiều ý kiến nhất:",
    "report.digest.issue": "• {heading} ({opinions} ý kiến): {sentence}",
    "report.digest.counts": "{opinions} ý kiến đề nghị sửa đổi, bổ sung ({amendments} đề nghị khác nhau, trích "
    "nguyên văn trong báo cáo); {proposals} ý kiến đề xuất, kiến nghị.",
    "report.digest.no_comments": "Chưa có ý kiến góp ý về nội dung: {titles}.",
    "report.digest.counts_no_amendments": "Không có ý kiến đề nghị sửa đổi, bổ sung; {proposals} ý kiến đề xuất, "
    "kiến nghị.",
    "report.digest.files": "Báo cáo đầy đủ (Word) và danh sách toàn bộ ý kiến (Excel) được gửi kèm theo.",
    "report.digest.empty": "Chưa có ý kiến góp ý nào trong phạm vi báo cáo.",
    "report.chat.refused": "Xin lỗi, chức năng báo cáo chỉ dành cho cán bộ phụ trách tổng hợp ý kiến.",
    "report.chat.building": "Đang tổng hợp báo cáo, xin vui lòng chờ trong giây lát…",
    "report.error.unknown_document": "Không tìm thấy dự thảo có mã {code}. Các mã dự thảo: {codes}.",
    "report.error.unknown_unit": "Không tìm thấy đơn vị có mã {code}.",
    "report.error.no_documents": "Chưa có dự thảo nào được nạp.",
    # gopy report
    "report.cli.help": "Lập báo cáo tổng hợp ý kiến (DOCX, XLSX hoặc văn bản).",
    "report.cli.written": "Đã ghi báo cáo: {path}",
    "report.cli.bad_format": "Định dạng không hợp lệ: {value} (dùng docx, xlsx hoặc text).",
    "report.cli.bad_audience": "Đối tượng không hợp lệ: {value} (dùng: {choices}).",
    "report.cli.bad_date": "Ngày không hợp lệ: {value} (dùng dạng YYYY-MM-DD hoặc DD/MM/YYYY).",
    "report.cli.stage.query": "Đọc ý kiến",
    "report.cli.stage.summary": "Tổng hợp",
    "report.cli.stage.chart": "Vẽ biểu đồ",
    "report.cli.stage.docx": "Ghi tệp Word",
    "report.cli.stage.xlsx": "Ghi tệp Excel",
}


def t(key: str, **fields: object) -> str:
    """Render message `key`; a missing key is a programming error and fails loudly."""
    return MESSAGES[key].format(**fields)
