"""The one Vietnamese message catalog: every text a user reads, in chat or on the command line.

Keys are grouped by area (prefix before the first dot). Templates use str.format fields.
Code elsewhere never writes user-facing Vietnamese literals; it calls `t(key, **fields)`.

The form of address is a field every template may use: `{you}` ("ông/bà", "đồng chí") and `{You}` (the same at the
start of a sentence), filled from the person being answered (`addressing`, set by the engine from their role and
the plan's forms); anything not addressed to a known person reads "ông/bà".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

DEFAULT_FORM = "ông/bà"
# A form, or how to find it when a message is rendered (the engine's: the role may change during an update).
_FORM: ContextVar[str | Callable[[], str]] = ContextVar("gopy_address_form", default=DEFAULT_FORM)

MESSAGES: dict[str, str] = {
    # --- command line: general ---
    "cli.error": "Lỗi: {detail}",
    "cli.bad_setting": "cấu hình {field} không hợp lệ ({reason}); xem .env.example",
    # --- command line: what stops gopy that the operator fixes (bot/failures.py), each after "Lỗi: " ---
    "cli.ops.telegram_token": (
        "Telegram không chấp nhận mã TELEGRAM_TOKEN (mã sai, chép thiếu hoặc đã bị thu hồi); xin mở @BotFather, "
        "gửi /mybots, chọn bot để chép lại mã (hoặc /revoke để cấp mã mới), sửa dòng TELEGRAM_TOKEN trong tệp .env "
        "rồi chạy lại."
    ),
    "cli.ops.telegram_network": (
        "không kết nối được tới máy chủ Telegram {host} ({why}); xin kiểm tra mạng Internet, tường lửa, proxy của "
        "máy này (và TELEGRAM_BASE_URL nếu có đặt) rồi chạy lại."
    ),
    "cli.ops.telegram_webhook": (
        "Telegram không nhận địa chỉ webhook {url} ({reason}); TELEGRAM_WEBHOOK_URL phải là địa chỉ HTTPS có chứng "
        "chỉ hợp lệ, ở cổng 443, 80, 88 hoặc 8443; xin sửa trong tệp .env rồi chạy lại."
    ),
    "cli.ops.zalo_token": (
        "Zalo không chấp nhận mã ZALO_BOT_TOKEN (mã sai, chép thiếu hoặc đã bị thu hồi); xin lấy lại Bot Token "
        "trong Zalo Bot Manager (trên Zalo), sửa dòng ZALO_BOT_TOKEN trong tệp .env rồi chạy lại."
    ),
    "cli.ops.zalo_webhook": (
        "Zalo không nhận địa chỉ webhook {url} ({reason}); ZALO_WEBHOOK_URL phải là địa chỉ HTTPS công khai dẫn tới "
        "máy này; xin sửa trong tệp .env rồi chạy lại."
    ),
    "cli.ops.why.dns": "không tìm thấy địa chỉ máy chủ: máy chưa có mạng hoặc DNS bị lỗi",
    "cli.ops.why.refused": "máy chủ từ chối kết nối",
    "cli.ops.why.timeout": "quá thời gian chờ",
    "cli.ops.why.other": "lỗi kết nối",
    "cli.ops.port_taken": (
        "cổng {port} (địa chỉ {host}) đang được một chương trình khác dùng, có thể là một gopy khác đang chạy; xin "
        "dừng chương trình đó (xem bằng lệnh ss -ltnp) hoặc đổi {setting} trong tệp .env (và sửa proxy cho khớp) "
        "rồi chạy lại."
    ),
    "cli.ops.port_denied": (
        "không được phép mở cổng {port} (địa chỉ {host}): cổng dưới 1024 cần quyền quản trị; xin đặt {setting} là "
        "một cổng từ 1024 trở lên (mặc định 8443) và để proxy (nginx, Caddy) nhận cổng 443 rồi chuyển tới cổng đó."
    ),
    "cli.ops.port_address": (
        "máy này không có địa chỉ {host} để mở cổng {port}; xin đặt {listen} trong tệp .env là 0.0.0.0 (mọi địa chỉ) "
        "hoặc 127.0.0.1 (khi proxy chạy trên cùng máy) rồi chạy lại."
    ),
    "cli.ops.port_other": (
        "không mở được cổng {port} trên địa chỉ {host} ({reason}); xin kiểm tra {setting} và {listen} trong tệp .env "
        "(địa chỉ nghe thường là 0.0.0.0, hoặc 127.0.0.1 khi có proxy trên cùng máy)."
    ),
    "cli.ops.db_not_migrated": (
        "cơ sở dữ liệu {url} chưa được khởi tạo (chưa có bảng); xin chạy «gopy db upgrade» (make run tự chạy lệnh "
        "này) rồi chạy lại."
    ),
    "cli.ops.db_behind": (
        "cơ sở dữ liệu {url} chưa được cập nhật cho phiên bản gopy này; xin chạy «gopy db upgrade» (make run tự chạy "
        "lệnh này) rồi chạy lại."
    ),
    "cli.ops.db_unreachable": (
        "không mở được cơ sở dữ liệu {url}; xin kiểm tra DATABASE_URL trong tệp .env và máy chủ PostgreSQL đã chạy "
        "chưa (với SQLite: quyền ghi vào thư mục của tệp) rồi chạy lại."
    ),
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
    "cli.serve.no_scheduler": "Không chạy lịch gửi báo cáo, nhắc việc (một tiến trình khác chạy: gopy scheduler).",
    # --- the plan's calendar (scheduled/): command line, states, reminders ---
    "schedule.cli.help": "Lịch gửi báo cáo và nhắc việc theo kế hoạch.",
    "schedule.cli.show": "Liệt kê mọi lần gửi (thời điểm, người nhận, trạng thái) trong một khoảng ngày.",
    "schedule.cli.from": "Từ ngày (mặc định: ngày đầu của kế hoạch).",
    "schedule.cli.to": "Đến ngày, tính cả ngày đó (mặc định: ngày cuối của kế hoạch, hoặc hôm nay nếu muộn hơn).",
    "schedule.cli.run_due": "Gửi những gì đến hạn tại một thời điểm rồi thoát (dùng cho cron, hoặc để thử kế hoạch).",
    "schedule.cli.at": "Thời điểm, giờ địa phương: «2025-07-18 08:00» hoặc «18/07/2025 08:00» (mặc định: bây giờ).",
    "schedule.cli.scheduler": "Chỉ chạy lịch gửi (khi nhiều tiến trình phục vụ bot cùng chạy với --no-scheduler).",
    "schedule.cli.running": "Lịch gửi báo cáo và nhắc việc đang chạy. Nhấn Ctrl+C để dừng.",
    "schedule.cli.nothing": "Kế hoạch không có lần gửi nào trong khoảng này.",
    "schedule.cli.bad_moment": "thời điểm không hợp lệ: «{value}» (dạng «2025-07-18 08:00» hoặc «18/07/2025 08:00»)",
    "schedule.cli.bad_date": "ngày không hợp lệ: «{value}» (dạng YYYY-MM-DD hoặc DD/MM/YYYY)",
    "schedule.cli.ran": (
        "Lúc {at}: đã gửi {sent}; đã gửi từ trước {already}; quá thời hạn gửi bù (bỏ lỡ) {missed}; "
        "chưa có nơi nhận {unaddressed}; kênh chưa cấu hình {no_channel}; lỗi khi lập nội dung {failed}."
    ),
    "schedule.col.when": "Thời điểm",
    "schedule.col.kind": "Nội dung",
    "schedule.col.recipient": "Nơi nhận",
    "schedule.col.via": "Kênh",
    "schedule.col.state": "Trạng thái",
    "schedule.state.due": "chờ gửi",
    "schedule.state.sending": "đang gửi",
    "schedule.state.retrying": "đang gửi lại",
    "schedule.state.attempts": " ({attempts} lần lỗi)",
    "schedule.state.sent": "đã gửi",
    "schedule.state.failed": "gửi không được",
    "schedule.state.blocked": "bị chặn (người nhận đã chặn hoặc xoá bot)",
    "schedule.state.missed": "bỏ lỡ (quá thời hạn gửi bù)",
    "schedule.state.unaddressed": "chưa có nơi nhận",
    "schedule.detail.one_a_week": "đã nhắc trong tuần này",
    "schedule.detail.error": "lỗi: {detail}",
    "schedule.kind.weekly_report": "Báo cáo tiến độ hằng tuần",
    "schedule.kind.final_report": "Báo cáo tổng hợp",
    "schedule.kind.cell_reminder": "Nhắc hạn nộp báo cáo chi bộ",
    "schedule.kind.secretary_note": "Tình hình góp ý của chi bộ (hằng tuần)",
    "schedule.kind.resident_reminder": "Nhắc người góp ý trước khi hết hạn",
    "schedule.subject.weekly_report": "Báo cáo tiến độ lấy ý kiến góp ý dự thảo văn kiện (ngày {date})",
    "schedule.subject.final_report": "Báo cáo tổng hợp ý kiến góp ý dự thảo văn kiện (ngày {date})",
    "schedule.remind.days_left": "còn {days} ngày",
    "schedule.remind.today": "hạn là hôm nay",
    "schedule.remind.days_late": "đã quá hạn {days} ngày",
    "schedule.remind.cell": (
        "Kính gửi {you} Bí thư {unit},\n"
        "Báo cáo tổng hợp ý kiến góp ý dự thảo văn kiện của chi bộ cần gửi Văn phòng Đảng ủy chậm nhất ngày {due} "
        "({when}).\n"
        "Đến nay chi bộ có {comments} ý kiến của {people} người, {meetings} cuộc họp đã ghi nhận.\n"
        "Khi sẵn sàng, {you} gửi lệnh /nopbaocao để nộp báo cáo; sau khi nộp sẽ không còn tin nhắc này."
    ),
    "schedule.remind.resident_item": "• {title}: hết hạn góp ý ngày {date}",
    "schedule.remind.resident": (
        "Kính gửi {you}, thời hạn góp ý sắp kết thúc với dự thảo {you} đang đọc dở:\n{drafts}\n"
        "Gửi /tieptuc để đọc tiếp và góp ý. Không muốn nhận tin nhắc này nữa: gửi /nhacnho."
    ),
    "cli.db": "Cơ sở dữ liệu.",
    "cli.db.upgrade": "Cập nhật cấu trúc cơ sở dữ liệu lên phiên bản mới nhất.",
    "cli.plan": "Kế hoạch lấy ý kiến.",
    "cli.plan.load": "Nạp (hoặc cập nhật) kế hoạch từ tệp YAML; nạp hai lần cũng như một lần.",
    "cli.plan.file": "Tệp kế hoạch (mặc định: GOPY_PLAN, tức examples/plan.yaml).",
    "cli.plan.unless_other": "Bỏ qua nếu cơ sở dữ liệu đã có một kế hoạch khác (dùng cho make run).",
    "cli.draft.import": "Nhập dự thảo vào một văn kiện đã có trong kế hoạch (thay các mục cũ nếu chưa có góp ý).",
    "cli.invite": "Mã mời tham gia góp ý.",
    "cli.invite.create": "Tạo mã mời và in liên kết mở bot.",
    "cli.invite.role": "Vai trò: resident | member | secretary | official | board | admin.",
    # gopy role / gopy unit: roles granted by an admin, the plan's unit codes
    "cli.role": "Vai trò của người tham gia: cấp vai trò, xem ai giữ vai trò nào.",
    "cli.role.grant": "Cấp vai trò cho một người đã nhắn bot; menu lệnh Telegram của người đó đổi theo vai trò.",
    "cli.role.user": (
        "Người được cấp: KÊNH:MÃ (ví dụ telegram:123456789) hoặc mã người tham gia (ví dụ P12: mỗi người xem mã "
        "của mình bằng lệnh /start; gopy role list liệt kê mã)."
    ),
    "cli.role.role": "Vai trò: resident | member | secretary | official | board | admin.",
    "cli.role.unit": "Mã đơn vị: bắt buộc với secretary (chi bộ hoặc tổ chức); xem các mã bằng gopy unit list.",
    "cli.role.list": "Liệt kê những người giữ vai trò bí thư, cán bộ Văn phòng Đảng ủy, Ban, quản trị.",
    "cli.role.granted": "Đã cấp vai trò {role}{unit} cho {code} ({address}).",
    "cli.role.bad_user": (
        "Người dùng không hợp lệ: «{value}» (dạng KÊNH:MÃ, ví dụ telegram:123456789, hoặc mã người tham gia như P12)."
    ),
    "cli.role.no_user": "Chưa có người dùng «{value}»: người này cần nhắn /start cho bot trước.",
    "cli.role.none": "Chưa có ai giữ vai trò bí thư, cán bộ Văn phòng Đảng ủy, Ban hay quản trị.",
    "cli.role.header": "Mã\tVai trò\tĐơn vị\tTài khoản\tTên hiển thị",
    "cli.role.row": "{code}\t{role}\t{unit}\t{address}\t{name}",
    "cli.unit": "Đơn vị trong kế hoạch: chi bộ, khu phố/thôn, tổ chức.",
    "cli.unit.list": "Liệt kê mã và tên các đơn vị (dùng cho --unit của gopy invite create và gopy role grant).",
    "cli.unit.none": "Kế hoạch chưa có đơn vị nào (nạp kế hoạch bằng gopy plan load).",
    "cli.unit.header": "Mã\tLoại\tTên",
    "cli.unit.row": "{code}\t{kind}\t{name}",
    "cli.unit.kind.cell": "chi bộ",
    "cli.unit.kind.area": "khu phố/thôn",
    "cli.unit.kind.organisation": "tổ chức",
    # a role that cannot be given so (an invite, `gopy role grant`, `/capquyen`): {role} named, {unit} a unit's code
    "roles.error.expired": "Ngày hết hạn {date} đã qua: mã mời sẽ không dùng được. Xin chọn một ngày từ hôm nay.",
    "roles.error.unit_required": (
        "Vai trò {role} cần một đơn vị (chi bộ hoặc tổ chức): thêm --unit MÃ (xem các mã bằng gopy unit list)."
    ),
    "roles.error.no_unit_for_role": "Vai trò {role} không gắn với đơn vị nào: bỏ --unit {unit}.",
    "roles.error.resident_area_only": "Người dân chỉ gắn với khu phố/thôn; «{unit}» không phải khu phố/thôn.",
    "roles.error.area_has_no_secretary": (
        "«{unit}» là khu phố/thôn, không có bí thư: chọn một chi bộ hoặc tổ chức (xem gopy unit list)."
    ),
    "roles.error.member_cell_only": "Đảng viên gắn với chi bộ hoặc tổ chức; «{unit}» là khu phố/thôn.",
    "cli.invite.unit": "Mã đơn vị (chi bộ, khu phố…).",
    "cli.invite.uses": "Số lần dùng.",
    "cli.invite.expires": "Ngày hết hạn (YYYY-MM-DD hoặc DD/MM/YYYY).",
    "cli.invite.bot": "Tên bot Telegram (mặc định: hỏi Telegram).",
    "cli.invite.recipient": (
        "Mã nơi nhận báo cáo trong kế hoạch (vai trò board; bắt buộc khi kế hoạch có nhiều nơi nhận báo cáo)."
    ),
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
    "drafts.warn.no_layout": (
        "Cảnh báo: máy không có LibreOffice để dàn trang tệp Word, nên các đoạn của dự thảo không có số trang, "
        "số dòng (góp ý sửa câu chữ sẽ không ghi trang, dòng). Cài LibreOffice rồi nhập lại dự thảo."
    ),
    "drafts.warn.layout_timeout": (
        "Cảnh báo: LibreOffice dàn trang tệp Word quá {seconds} giây nên đã bị dừng; các đoạn của dự thảo không có "
        "số trang, số dòng. Nhập lại dự thảo khi máy rảnh hơn."
    ),
    "drafts.warn.layout_failed": (
        "Cảnh báo: LibreOffice không dàn trang được tệp Word này, nên các đoạn của dự thảo không có số trang, số dòng."
    ),
    "drafts.warn.text_no_pages": (
        "Lưu ý: tệp văn bản (.txt, .md) không có trang in, nên các đoạn không có số trang, số dòng; để góp ý ghi "
        "được trang, dòng như bản in, hãy nhập bản Word (.docx) hoặc PDF của dự thảo."
    ),
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
        "Xin chào! Đây là kênh góp ý dự thảo văn kiện đại hội của phường.\n"
        "\n"
        "Trước khi bắt đầu, xin {you} đọc kỹ:\n"
        "• Chúng tôi lưu: mã tài khoản và tên hiển thị của {you} trên ứng dụng, vai trò (người dân hoặc đảng viên), "
        "khu phố/thôn nếu {you} chọn, và các ý kiến {you} gửi.\n"
        "• Để làm gì: để tổng hợp ý kiến góp ý dự thảo theo kế hoạch của Đảng ủy phường. Báo cáo tổng hợp không ghi "
        "tên người góp ý.\n"
        "• Lưu bao lâu: đến hết {months} tháng sau khi kết thúc lấy ý kiến; sau đó tên hiển thị và mã tài khoản được "
        "xoá, các ý kiến được giữ lại không kèm danh tính.\n"
        "• Ai được xem: chỉ cán bộ Văn phòng Đảng ủy và Ban Xây dựng Đảng phụ trách tổng hợp.\n"
        "\n"
        "{You} có đồng ý không?"
    ),
    "chat.btn.consent": "Đồng ý",
    "chat.btn.refuse": "Không đồng ý",
    "chat.refused": (
        "{You} đã chọn không đồng ý. Chúng tôi chỉ ghi lại lựa chọn này, không lưu thông tin nào khác. Nếu đổi ý, xin "
        "gõ /start."
    ),
    "chat.need_consent": "{You} cần đồng ý với cách lưu thông tin trước khi góp ý. Gõ /start để xem lại.",
    "chat.ask_role": "{You} tham gia góp ý với tư cách nào?",
    "chat.btn.resident": "Người dân",
    "chat.btn.member": "Đảng viên",
    "chat.role.resident": "người dân",
    "chat.role.member": "đảng viên",
    "chat.role.secretary": "bí thư chi bộ",
    "chat.role.official": "cán bộ Văn phòng Đảng ủy",
    "chat.role.board": "Ban Xây dựng Đảng",
    "chat.invite_applied": "Mã mời hợp lệ: {you} tham gia với vai trò {role}{unit}.",
    "chat.invite_invalid": "Mã mời không hợp lệ hoặc đã hết hạn. {You} vẫn có thể góp ý bình thường.",
    "chat.ask_area": "{You} sống ở khu phố/thôn nào? (Không bắt buộc: có thể bấm «Bỏ qua».)",
    "chat.btn.skip": "Bỏ qua",
    "chat.onboarded": "Cảm ơn {you}! Bây giờ {you} có thể đọc và góp ý dự thảo.",
    "chat.onboarded.staff": (
        "Cảm ơn {you}! Các lệnh của {you} có trong nút Menu (gõ /giupdo để xem hướng dẫn); {you} cũng có thể đọc và "
        "góp ý dự thảo."
    ),
    "chat.role.admin": "quản trị viên",
    "chat.role.can": "Với vai trò {role}, {you} dùng các lệnh:\n{commands}",
    "chat.role.command": "/{command}: {what}",
    "chat.role.refused": "Xin lỗi, vai trò của {you} không dùng được lệnh này.",
    "chat.start.code": "\nMã người tham gia của {you}: {code} (khi cần cấp vai trò, đọc mã này cho quản trị viên).",
    "chat.start.staff": "{You} đang tham gia với vai trò {role}{unit}. Mã người tham gia: {code}.",
    "chat.docs.header": "Các dự thảo đang lấy ý kiến. Chọn một dự thảo để đọc và góp ý:",
    "chat.docs.none_open": "Hiện chưa có dự thảo nào đang mở để {you} góp ý.",
    "chat.docs.closed_header": "Các dự thảo không trong thời hạn góp ý:",
    "chat.docs.closed_item": "• {title} (góp ý từ {opens} đến {closes})",
    "chat.doc.closed": "Dự thảo «{title}» hiện không nhận góp ý (thời hạn từ {opens} đến {closes}).",
    "chat.doc.topics_header": "Gợi ý thảo luận",
    "chat.doc.topics_intro": "Dự thảo có các vấn đề gợi ý tập trung thảo luận; {you} có thể chọn một vấn đề:",
    "chat.doc.outline": "Mục lục (trang {page}/{pages}). Chọn một mục để đọc và góp ý:",
    "chat.doc.no_sections": "Dự thảo chưa có mục lục; {you} có thể góp ý chung cho toàn văn.",
    "chat.btn.prev_page": "Trang trước",
    "chat.btn.next_page": "Trang sau",
    "chat.btn.general": "Góp ý chung cho toàn văn",
    "chat.btn.proposal": "Đề xuất, kiến nghị",
    "chat.btn.topic": "Gợi ý {n}: {title}",
    "chat.section.footnotes": "Chú thích:",
    "chat.section.table": "Bảng {n}:",
    "chat.section.table_more": "(còn {rows} dòng nữa: xem trong bản in của dự thảo)",
    "chat.topic.header": "Gợi ý thảo luận {n}: {title}",
    "chat.btn.agree": "Nhất trí",
    "chat.btn.disagree": "Không nhất trí",
    "chat.btn.amend": "Đề nghị sửa đổi, bổ sung",
    "chat.btn.other": "Ý kiến khác",
    "chat.btn.toc": "Về mục lục",
    "chat.target.document": "toàn văn dự thảo «{title}»",
    "chat.target.topic": "gợi ý thảo luận {n}: {title}",
    "chat.target.section": "mục {label}. {title}",
    "chat.target.paragraph": "đoạn [{n}] của {section}",
    "chat.target.part": "{label}. {title}",
    "chat.compose.text_required": "Ý kiến này cần có nội dung. Xin {you} gõ ý kiến:",
    "chat.compose.empty": "Tin nhắn này trống (chỉ có khoảng trắng) nên chưa ghi được gì. Xin {you} gõ ý kiến:",
    "chat.compose.need_words": (
        "Tin nhắn này chỉ có biểu tượng hoặc dấu câu nên chưa ghi được. Xin gõ ý kiến bằng chữ (có thể kèm số)."
    ),
    "chat.compose.total_too_long": (
        "Ý kiến đã dài gần {limit} ký tự, mức dài nhất của một ý kiến, nên phần vừa gửi chưa được nối thêm; phần "
        "đã có vẫn được giữ. {You} có thể gửi phần còn lại thành một ý kiến mới."
    ),
    "chat.amend.paragraph_word": "đoạn",
    "chat.amend.sentence_word": "câu",
    "chat.amend.no_paragraphs": (
        "Mục này không có đoạn văn riêng để trích, nên không đề nghị sửa đổi, bổ sung theo đoạn được; {you} có thể "
        "chọn «Ý kiến khác». Nội dung {you} đã gõ (nếu có) vẫn được giữ."
    ),
    "chat.amend.number_word": "số",
    "chat.amend.bad_para": "Không có đoạn số đó trong mục này. Xin chọn từ {first} đến {n}.",
    "chat.amend.bad_para_one": "Không có đoạn số đó: mục này chỉ có đoạn [{n}]. Xin bấm [{n}] hoặc gõ {n}.",
    "chat.amend.new_required": (
        "Nội dung đề nghị thay thế chưa có chữ nào. Xin gõ câu chữ {you} đề nghị, hoặc gõ «bỏ» nếu đề nghị bỏ phần "
        "nguyên văn trên."
    ),
    "chat.amend.delete_word": "bỏ",
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
    "chat.summary.quote_not_found": " (không tìm thấy trong đoạn [{n}]; giữ như {you} đã gõ)",
    "chat.summary.delete": "bỏ phần nguyên văn trên",
    "chat.summary.replace": "thay bằng «{new}»",
    "chat.btn.cancel": "Huỷ",
    "chat.group.private_only": (
        "Kênh góp ý chỉ trò chuyện riêng để giữ kín ý kiến của từng người. Xin nhắn riêng để góp ý."
    ),
    "chat.stale_button": (
        "Nút này thuộc một tin nhắn trước nên không còn dùng được. Xin dùng các nút trong tin nhắn mới nhất."
    ),
    "chat.use_buttons": "Xin chọn một trong các nút (hoặc gõ /giupdo để xem hướng dẫn).",
    "chat.use_numbers": "Xin gõ số thứ tự của một lựa chọn ở trên (hoặc gõ /giupdo để xem hướng dẫn).",
    "chat.unsupported": (
        "Xin lỗi, kênh góp ý chỉ đọc được tin nhắn chữ. Ảnh, nhãn dán, tin nhắn thoại, video hay tệp chưa được nhận; "
        "xin {you} gõ ý kiến bằng chữ."
    ),
    "chat.too_long": (
        "Tin nhắn dài {length} ký tự, vượt quá giới hạn {limit} ký tự của một tin nhắn nên chưa được ghi. Xin chia "
        "thành nhiều tin nhắn ngắn hơn và gửi lần lượt: phần đầu được ghi thành ý kiến, các phần gửi tiếp được nối "
        "vào ý kiến đó."
    ),
    "chat.rate_limited": (
        "Tin nhắn gửi hơi nhanh nên tin nhắn này chưa được xử lý (các tin nhắn trước đó đã được xử lý). Xin chờ một "
        "lát rồi gửi lại: trong khoảng một phút tới, tin nhắn gửi quá nhanh sẽ không được xử lý và không có thông báo "
        "lại."
    ),
    "chat.nothing_to_cancel": "Không có thao tác nào đang dở.",
    "chat.unknown_command": "Không có lệnh «{command}». Gõ /giupdo để xem các lệnh.",
    "chat.error": (
        "Xin lỗi, đã có lỗi xảy ra. Các ý kiến đã được xác nhận trước đó vẫn được lưu. Xin thử lại sau ít phút."
    ),
    "chat.mine.none": "{You} chưa gửi ý kiến nào.",
    "chat.mine.header": "Ý kiến của {you} ({n}){page}:",
    "chat.mine.item": "#{n}. {kind}, về {target}{status}\n{text}",
    "chat.mine.edited": " (đã sửa)",
    "chat.mine.closed": " (đã hết thời hạn góp ý: không sửa hoặc rút được nữa)",
    "chat.btn.mine_edit": "Sửa #{n}",
    "chat.btn.mine_withdraw": "Rút #{n}",
    "chat.mine.not_found": "Không tìm thấy ý kiến này (có thể đã được rút).",
    "chat.report.refused": (
        "Xin lỗi, lệnh /baocao chỉ dành cho cán bộ Văn phòng Đảng ủy, Ban Xây dựng Đảng và bí thư chi bộ."
    ),
    "chat.report.ask_doc": "Báo cáo tổng hợp: {you} chọn dự thảo.",
    "chat.report.ask_unit": "Báo cáo của toàn phường hay của một đơn vị?",
    "chat.report.ask_audience": "Ý kiến của đối tượng nào?",
    "chat.report.ask_period": "Ý kiến trong thời gian nào? («Tuần này» là {days} ngày gần nhất, tính cả hôm nay.)",
    "chat.report.btn.all_docs": "Tất cả dự thảo",
    "chat.report.btn.ward": "Toàn phường",
    "chat.report.btn.all_audiences": "Mọi đối tượng",
    "chat.report.btn.all_time": "Từ đầu đến nay",
    "chat.report.btn.week": "Tuần này",
    "chat.report.unknown_doc": "Không có dự thảo mã «{code}». Các mã dự thảo: {codes}.",
    "chat.cmd.start": "Bắt đầu",
    "chat.cmd.gopy": "Chọn dự thảo để góp ý",
    "chat.cmd.tieptuc": "Tiếp tục từ chỗ đang dở",
    "chat.cmd.ykiencuatoi": "Xem, sửa, rút ý kiến của tôi",
    "chat.cmd.huy": "Huỷ bước đang làm",
    "chat.cmd.giupdo": "Hướng dẫn sử dụng",
    "chat.cmd.baocao": "Báo cáo tổng hợp ý kiến",
    "chat.cmd.tiendo": "Tiến độ góp ý của đơn vị",
    "chat.cmd.nopbaocao": "Nộp báo cáo của chi bộ",
    "chat.cmd.capquyen": "Cấp vai trò cho người tham gia",
    "chat.cmd.nhacnho": "Bật, tắt nhắc hạn góp ý",
    "chat.console.intro": (
        "Trò chuyện góp ý ngay trên màn hình. Gõ số để chọn, gõ chữ để trả lời, /giupdo để xem hướng dẫn; Ctrl+D để "
        "thoát."
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
    "chat.invite.no_unit": "Không tìm thấy đơn vị mã «{code}» (xem các mã bằng lệnh gopy unit list).",
    "chat.invite.bad_date": "Ngày không hợp lệ: «{value}» (dạng YYYY-MM-DD hoặc DD/MM/YYYY).",
    "chat.invite.never": "không hạn",
    "chat.invite.recipient": "Nơi nhận báo cáo: {name} ({code})",
    "chat.invite.group_link": "Liên kết thêm bot vào nhóm nhận báo cáo: {link}",
    "chat.invite.no_recipient": "Không tìm thấy nơi nhận báo cáo mã «{code}». Các mã nơi nhận báo cáo: {codes}.",
    "chat.invite.recipient_required": (
        "Kế hoạch có nhiều nơi nhận báo cáo: xin chọn một nơi bằng --recipient (các mã: {codes})."
    ),
    "chat.invite.recipient_board_only": "Tuỳ chọn --recipient chỉ dùng với vai trò board.",
    "chat.mine.page": " (trang {page}/{pages})",
    "chat.btn.mine_to_docs": "Chọn dự thảo để góp ý",
    "chat.target.in_part": "{part}, {section}",
    "chat.doc.outline_parents": "(tiếp theo của: {path})",
    "chat.start.registered": "{You} đang tham gia góp ý với vai trò {role}{area}.",
    "chat.ask_area_change": (
        "{You} sống ở khu phố/thôn nào? Hiện tại: {area}. Bấm «Bỏ qua» để giữ như cũ, hoặc «Không chọn khu phố/thôn» "
        "để bỏ thông tin này."
    ),
    "chat.btn.no_area": "Không chọn khu phố/thôn",
    "chat.profile.saved": "Đã lưu: {you} tham gia góp ý với vai trò {role}{area}.",
    "chat.profile.cancelled": "Đã huỷ việc đổi vai trò, khu phố/thôn. Thông tin của {you} vẫn giữ như cũ.",
    "chat.docs.typed": (
        "Tin nhắn vừa gõ chưa được ghi thành ý kiến. Để góp ý, xin chọn một dự thảo bên dưới, chọn một mục rồi gõ "
        "ý kiến (hoặc bấm «Góp ý chung cho toàn văn» trong mục lục)."
    ),
    "chat.doc.typed": (
        "Tin nhắn vừa gõ chưa được ghi. Để góp ý về một mục, xin chọn mục đó trong mục lục rồi gõ ý kiến. Nếu đây là ý "
        "kiến về cả dự thảo, bấm nút dưới đây để ghi thành «Góp ý chung cho toàn văn» (sau đó vẫn sửa, rút lại được)."
    ),
    "chat.btn.typed_general": "Ghi thành góp ý chung cho toàn văn",
    "chat.mine.typed": (
        "Tin nhắn vừa gõ chưa được ghi thành ý kiến. Để sửa một ý kiến, bấm «Sửa #…» rồi gõ nội dung mới; "
        "để góp ý mới, gõ /gopy."
    ),
    "chat.btn.change_profile": "Đổi vai trò, khu phố/thôn",
    # reminders before a comment window closes: the question at the end of onboarding, and /nhacnho
    "chat.remind.ask": (
        "Một câu cuối: {you} có muốn nhận tin nhắc trước khi hết hạn góp ý một dự thảo {you} đã bắt đầu đọc mà chưa "
        "đọc hết không? (Đổi ý lúc nào cũng được bằng lệnh /nhacnho.)"
    ),
    "chat.btn.remind_yes": "Có, nhắc tôi",
    "chat.btn.remind_no": "Không cần",
    "chat.remind.status_on": (
        "Nhắc hạn góp ý đang bật: trước khi hết hạn góp ý một dự thảo {you} đã bắt đầu đọc mà chưa đọc hết, {you} sẽ "
        "nhận tin nhắc."
    ),
    "chat.remind.status_off": "Nhắc hạn góp ý đang tắt: {you} sẽ không nhận tin nhắc trước khi hết hạn góp ý.",
    "chat.remind.question": "{You} muốn bật hay tắt tin nhắc này?",
    "chat.btn.remind_on": "Bật",
    "chat.btn.remind_off": "Tắt",
    "chat.remind.on": "Đã bật nhắc hạn góp ý.",
    "chat.remind.off": "Đã tắt nhắc hạn góp ý. Muốn bật lại, gõ /nhacnho.",
    # /nopbaocao: a cell secretary submits the cell's summary to the ward office
    "chat.submit.refused": (
        "Xin lỗi, lệnh /nopbaocao chỉ dành cho bí thư chi bộ, để nộp báo cáo tổng hợp ý kiến của chi bộ."
    ),
    "chat.submit.no_unit": (
        "Tài khoản của {you} chưa gắn với chi bộ nào nên chưa nộp được báo cáo. Xin {you} liên hệ Văn phòng Đảng ủy để "
        "được cấp mã mời của chi bộ."
    ),
    "chat.submit.cell": "chi bộ {name}",
    "chat.submit.cell_word": "chi bộ",
    "chat.submit.ask": (
        "Gửi báo cáo tổng hợp của {unit} đến Văn phòng Đảng ủy?\n"
        "\n"
        "Báo cáo được lập từ các ý kiến góp ý của đơn vị đến lúc gửi (bản tóm tắt, tệp Word và tệp Excel), gửi Văn "
        "phòng Đảng ủy và gửi {you} một bản."
    ),
    "chat.submit.ask_again": (
        "\n\nĐơn vị đã nộp báo cáo lúc {time} ngày {date}. Nếu gửi lần này, báo cáo được gửi như bản bổ sung, "
        "sửa đổi (lần nộp thứ {n}); bản đã nộp vẫn được lưu."
    ),
    "chat.btn.submit": "Gửi báo cáo",
    "chat.btn.submit_not_now": "Chưa gửi",
    "chat.submit.cancelled": "Chưa gửi báo cáo. Khi sẵn sàng, {you} gửi lại lệnh /nopbaocao.",
    "chat.submit.building": "Đang tổng hợp báo cáo của {unit}, xin {you} chờ trong giây lát…",
    "chat.submit.failed": (
        "Xin lỗi, chưa lập được báo cáo của {unit} nên báo cáo chưa được nộp. Xin thử lại sau ít phút bằng lệnh "
        "/nopbaocao."
    ),
    "chat.submit.office": (
        "Báo cáo tổng hợp ý kiến góp ý dự thảo văn kiện của {unit}\n"
        "\n"
        "Kính gửi Văn phòng Đảng ủy: bí thư {unit} nộp báo cáo lúc {time} ngày {date}, gồm {comments} ý kiến góp ý của "
        "đơn vị. Bản tóm tắt ở dưới; tệp Word và tệp Excel gửi kèm."
    ),
    "chat.submit.office_again": (
        "Báo cáo tổng hợp ý kiến góp ý dự thảo văn kiện của {unit} (bản bổ sung, sửa đổi lần {n})\n"
        "\n"
        "Kính gửi Văn phòng Đảng ủy: bí thư {unit} nộp bản bổ sung, sửa đổi (lần nộp thứ {n}; lần trước lúc "
        "{prev_time} ngày {prev_date}) lúc {time} ngày {date}, gồm {comments} ý kiến góp ý của đơn vị. Bản tóm tắt ở "
        "dưới; tệp Word và tệp Excel gửi kèm."
    ),
    "chat.submit.done": (
        "Đã nộp báo cáo tổng hợp ý kiến của {unit} ({comments} ý kiến) đến Văn phòng Đảng ủy lúc {time} ngày "
        "{date}. Các tin nhắc nộp báo cáo của đơn vị dừng từ bây giờ."
    ),
    "chat.submit.done_again": (
        "Đã nộp bản bổ sung, sửa đổi (lần nộp thứ {n}) báo cáo tổng hợp ý kiến của {unit} ({comments} ý kiến) đến "
        "Văn phòng Đảng ủy lúc {time} ngày {date}. Các tin nhắc nộp báo cáo của đơn vị đã dừng."
    ),
    # the help's part for a role's own commands (handlers/roles.py)
    # /tiendo: a secretary's own unit; an official's every unit
    "chat.progress.refused": "Xin lỗi, lệnh /tiendo chỉ dành cho bí thư chi bộ và cán bộ Văn phòng Đảng ủy.",
    "chat.progress.no_unit": (
        "Tài khoản của {you} chưa gắn với chi bộ nào. Xin {you} liên hệ Văn phòng Đảng ủy để được cấp mã mời của chi "
        "bộ."
    ),
    "chat.progress.building": "Đang tổng hợp tiến độ góp ý, xin chờ trong giây lát…",
    "chat.progress.own_next": (
        "Gõ /baocao để nhận báo cáo tổng hợp ý kiến của chi bộ, /nopbaocao để nộp báo cáo lên Văn phòng Đảng ủy."
    ),
    "chat.progress.choose": "Chọn một đơn vị để xem báo cáo tổng hợp ý kiến của đơn vị đó:",
    "chat.progress.opening": "Báo cáo tổng hợp ý kiến của {unit}:",
    "chat.progress.not_yours": "Xin lỗi, {you} chỉ xem được tiến độ và báo cáo của đơn vị mình.",
    # /capquyen: an admin grants roles
    "chat.grant.refused": "Xin lỗi, lệnh /capquyen chỉ dành cho quản trị viên.",
    "chat.grant.ask": (
        "Cấp vai trò: chọn người bên dưới, hoặc gõ mã người tham gia (ví dụ P12; mỗi người xem mã của mình bằng "
        "lệnh /start)."
    ),
    "chat.grant.person": "{code}: {name} ({role}{unit})",
    "chat.grant.unknown": "Không tìm thấy người tham gia mã «{code}».",
    "chat.grant.ask_role": "Người tham gia {code}: {name}, hiện là {role}{unit}. Chọn vai trò mới:",
    "chat.grant.ask_unit": "Vai trò {role} cho {code}: chọn đơn vị.",
    "chat.grant.btn.resident": "Người dân",
    "chat.grant.btn.member": "Đảng viên",
    "chat.grant.btn.secretary": "Bí thư chi bộ",
    "chat.grant.btn.official": "Cán bộ Văn phòng Đảng ủy",
    "chat.grant.btn.board": "Ban Xây dựng Đảng",
    "chat.grant.btn.admin": "Quản trị viên",
    "chat.grant.btn.no_unit": "Không gắn đơn vị",
    "chat.grant.no_units": "Kế hoạch chưa có chi bộ hoặc tổ chức nào để cấp vai trò {role}.",
    "chat.grant.done": "Đã cấp vai trò {role}{unit} cho {code}.",
    "chat.grant.notice": "{You} được cấp vai trò {role}{unit} trên kênh góp ý dự thảo văn kiện.",
    # a board invite (`gopy invite create --role board --recipient CODE`) used in a group or a private chat
    "chat.board.group_registered": "Nhóm này sẽ nhận báo cáo định kỳ gửi {name}.",
    "chat.board.chat_registered": "Cuộc trò chuyện này sẽ nhận báo cáo định kỳ gửi {name}.",
    "chat.board.invite_invalid": (
        "Mã mời nhận báo cáo không hợp lệ hoặc đã hết hạn. Xin liên hệ Văn phòng Đảng ủy để được cấp mã mới."
    ),
    # /lienket: one person on Telegram and Zalo (handlers/flow/link.py)
    "chat.linking.channel.telegram": "Telegram",
    "chat.linking.channel.zalo": "Zalo",
    "chat.linking.channel.console": "màn hình máy tính",
    "chat.linking.channel.other": "Telegram hoặc Zalo",
    "chat.linking.code": (
        "Mã liên kết của {you}: {code}\n"
        "\n"
        "Mở kênh góp ý trên {other} và nhắn: /lienket {code}\n"
        "Mã chỉ dùng được một lần, đến {time} (trong {minutes} phút). Không đưa mã này cho người khác: ai nhập mã sẽ "
        "góp ý chung tên với {you}.\n"
        "\n"
        "Nếu {you} đã nhận mã ở kênh kia thì gõ tại đây: /lienket và mã đó."
    ),
    "chat.linking.ask": (
        "Xin gõ mã liên kết ({length} chữ và số) đã nhận khi {you} nhắn /lienket ở kênh kia.\n"
        "Nếu {you} chưa dùng kênh góp ý ở nơi nào khác, gõ /start để bắt đầu."
    ),
    "chat.linking.done": (
        "Đã liên kết. Từ nay tài khoản {here} này và tài khoản {there} của {you} là một người góp ý: ý kiến gửi từ cả "
        "hai nơi đều có trong /ykiencuatoi và trong báo cáo chỉ tính là một người. Vai trò và khu phố/thôn theo tài "
        "khoản {there}."
    ),
    "chat.linking.moved": " {n} ý kiến {you} đã gửi trên {here} được giữ nguyên và tính chung.",
    "chat.linking.draft_dropped": (
        " Lựa chọn đang làm dở trên {here} (chưa gõ nội dung) không được giữ; các ý kiến đã ghi vẫn được giữ nguyên."
    ),
    "chat.linking.wrong": "Mã liên kết không đúng. Xin kiểm tra lại mã ({length} chữ và số) rồi gõ lại; còn {left} "
    "lần thử.",
    "chat.linking.wrong_command": (
        "Mã liên kết không đúng. Xin kiểm tra lại mã ({length} chữ và số) rồi gõ lại: /lienket và mã; còn {left} "
        "lần thử."
    ),
    "chat.linking.locked": (
        "{You} đã gõ sai mã liên kết {max} lần. Để giữ an toàn, xin đợi đến {time} rồi thử lại (nên lấy mã mới bằng "
        "/lienket ở kênh kia)."
    ),
    "chat.linking.expired": (
        "Mã liên kết này đã hết hạn (mỗi mã chỉ dùng được trong {minutes} phút). Xin nhắn /lienket ở kênh kia để "
        "lấy mã mới."
    ),
    "chat.linking.used": (
        "Mã liên kết này đã được dùng (mỗi mã chỉ dùng một lần). Xin nhắn /lienket ở kênh kia để lấy mã mới."
    ),
    "chat.linking.same_channel": (
        "Mã này được tạo trên {channel}: xin gõ mã ở kênh kia của {you}, không gõ trên {channel}."
    ),
    "chat.linking.already": (
        "Tài khoản {here} này và tài khoản {there} đã được liên kết từ trước: không cần làm gì thêm."
    ),
    "chat.linking.conflict": (
        "Không liên kết được: hai tài khoản này đã có hai tài khoản {channel} khác nhau (một tài khoản đã liên kết "
        "từ trước). Mỗi người chỉ dùng một tài khoản trên mỗi kênh."
    ),
    "chat.linking.renumbered": "{You} vừa dùng kênh khác nên các số thứ tự đã thay đổi. Các lựa chọn hiện tại như sau:",
    "chat.cmd.lienket": "Liên kết Telegram và Zalo",
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
    "report.amend.reason": "Lý do: {reasons}",
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
    "report.p1.totals": "Tổng số có {comments} lượt góp ý, thể hiện {opinions} ý kiến, so với {against}.",
    "report.p1.totals_alone": "Tổng số có {comments} lượt góp ý, thể hiện {opinions} ý kiến.",
    "report.p1.against_people": "{n} người tham gia",
    "report.p1.against_letters": "{n} văn bản góp ý",
    "report.and": " và ",
    "report.p1.participants": "Trong đó: {items}.",
    "report.p1.individuals": "{n} người góp ý trực tiếp",
    "report.p1.meetings": "{attendance} lượt người dự {meetings} hội nghị, cuộc họp có biên bản",
    "report.p1.meetings_only": "{meetings} hội nghị, cuộc họp có biên bản",
    "report.p1.speakers": " ({n} lượt người phát biểu)",
    "report.p1.letters": "{n} văn bản góp ý",
    "report.p1.by_audience": "Theo đối tượng: {items}.",
    "report.p1.by_unit": "Theo đơn vị: {items}.",
    "report.p1.by_channel": "Theo kênh tiếp nhận: {items}.",
    "report.p1.item": "{label}: {n} ý kiến",
    "report.p1.atmosphere_intro": "Không khí thảo luận, theo biên bản các hội nghị, cuộc họp:",
    "report.p1.atmosphere_item": "{meeting} ngày {date}{figures}: “{text}”",
    "report.p1.atmosphere_figures": " ({items})",
    "report.p1.atmosphere_attendance": "{n} người dự",
    "report.p1.atmosphere_speakers": "{n} người phát biểu",
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
    "report.doc.symbol_default": "BC/ĐU",
    "report.doc.blank": "…",
    "report.doc.signer_title_blank": "(chức vụ)",
    "report.doc.signer_name_blank": "(họ và tên)",
    "report.doc.subject_rule": "-----",
    "report.doc.end": "./.",
    "report.doc.place_date": "{place}, ngày {day:02d} tháng {month} năm {year}",
    "report.doc.title": "BÁO CÁO",
    "report.doc.subject_one": "Tổng hợp ý kiến góp ý vào {title}",
    "report.doc.subject_all": "Tổng hợp ý kiến góp ý vào các dự thảo văn kiện",
    "report.doc.scope_audience": "ý kiến của {audience}",
    "report.doc.scope_from": "từ ngày {date}",
    "report.doc.scope_to": "đến ngày {date}",
    "report.doc.as_of": "số liệu tính đến {time} ngày {date}",
    "report.doc.scope": "({items})",
    "report.doc.intro": "Thực hiện Kế hoạch số {number} ngày {date}, kết quả tổng hợp ý kiến góp ý như sau:",
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
    "report.xlsx.note.guard": "Nội dung bắt đầu bằng dấu =, +, - hoặc @ được ghi dưới dạng chữ (có dấu nháy đơn ẩn "
    "phía trước), không bao giờ thành công thức, kể cả khi sửa ô trong Excel.",
    "report.xlsx.footer": "Trang {page}/{pages}",
    "report.xlsx.title": "Danh sách ý kiến góp ý",
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
    "report.digest.totals": "{opinions} ý kiến ({comments} lượt góp ý), so với {against}.",
    "report.digest.totals_alone": "{opinions} ý kiến ({comments} lượt góp ý).",
    "report.digest.trend": "Xu hướng chung:",
    "report.digest.in_document": "Dự thảo {n} ({title}) – {heading}",
    "report.digest.kind.general": "{phrase} nêu nhận xét chung",
    "report.digest.kind.agree": "{phrase} nhất trí",
    "report.digest.kind.disagree": "{phrase} không nhất trí",
    "report.digest.kind.amend": "{phrase} đề nghị sửa đổi, bổ sung",
    "report.digest.kind.other": "{phrase} góp ý khác",
    "report.digest.kind.proposal": "{phrase} đề xuất, kiến nghị",
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
    "report.cli.number": "Số của báo cáo này, ví dụ 15 hoặc 15-BC/ĐU; bỏ trống: số mặc định của kế hoạch, nếu không có "
    "thì để chỗ trống “Số …-BC/ĐU” để điền tay.",
    "report.cli.signer_title": "Chức vụ người ký báo cáo này, ví dụ “Phó Bí thư”; bỏ trống: theo kế hoạch.",
    "report.cli.signer_name": "Họ và tên người ký báo cáo này; bỏ trống: theo kế hoạch.",
    "report.cli.digest": "Với định dạng text: in bản tin nhanh (như trong trò chuyện) thay cho toàn văn báo cáo.",
    "report.cli.digest_needs_text": "Tuỳ chọn --digest chỉ dùng với --format text.",
    "report.cli.stage.query": "Đọc ý kiến",
    "report.cli.stage.summary": "Tổng hợp",
    "report.cli.stage.chart": "Vẽ biểu đồ",
    "report.cli.stage.docx": "Ghi tệp Word",
    "report.cli.stage.xlsx": "Ghi tệp Excel",
    # --- progress: the weekly progress report to the board, a unit's weekly note (aggregation/progress.py) ---
    "progress.title": "TIẾN ĐỘ LẤY Ý KIẾN GÓP Ý HẰNG TUẦN",
    "progress.documents_one": "Về {title}.",
    "progress.documents_all": "Về các dự thảo: {titles}.",
    "progress.audience": "Ý kiến của {audience}.",
    "progress.week": "Tuần từ {start} đến {end} (số liệu tính đến {time} ngày {date}).",
    "progress.week_figures": "Trong tuần: {comments} lượt góp ý ({opinions} ý kiến); {people} người góp ý trực tiếp.",
    "progress.week_empty": "Trong tuần chưa có ý kiến góp ý mới.",
    "progress.change": "So với tuần trước ({comments_before} lượt góp ý; {people_before} người góp ý trực tiếp): "
    "lượt góp ý {comments}; người góp ý trực tiếp {people}.",
    "progress.change.same": "không đổi",
    "progress.total_figures": "Từ đầu đợt đến nay: {comments} lượt góp ý ({opinions} ý kiến); {people} người góp ý "
    "trực tiếp.",
    "progress.by_unit": "Theo đơn vị (trong tuần / từ đầu đợt):",
    "progress.by_audience": "Theo đối tượng (trong tuần / từ đầu đợt):",
    "progress.by_channel": "Theo kênh tiếp nhận (trong tuần / từ đầu đợt):",
    "progress.by_document": "Theo dự thảo (trong tuần / từ đầu đợt):",
    "progress.row": "• {label}: {week} / {total} lượt góp ý; {people_week} / {people_total} người góp ý trực tiếp",
    "progress.chart.title": "Số lượt góp ý theo tuần",
    "progress.chart.ylabel": "Số lượt góp ý",
    "progress.chart.week": "{start}–{end}",
    "progress.error.unknown_unit": "Không tìm thấy đơn vị (số hiệu {id}).",
    "progress.unit.holder.cell": "Bí thư",
    "progress.unit.holder.other": "phụ trách",
    "progress.unit.greeting": "Kính gửi Đồng chí {holder} {unit},",
    "progress.unit.title": "Tiến độ góp ý dự thảo văn kiện của {unit}, số liệu tính đến {time} ngày {date}:",
    "progress.unit.comments": "• {comments} lượt góp ý ({opinions} ý kiến); {people} người góp ý trực tiếp; trong 7 "
    "ngày qua: {week} lượt góp ý.",
    "progress.unit.no_comments": "• Chưa có ý kiến góp ý.",
    "progress.unit.meetings": "• {meetings} hội nghị, cuộc họp có biên bản; {attendance} lượt người dự, {speakers} "
    "lượt người phát biểu.",
    "progress.unit.no_meetings": "• Chưa có biên bản hội nghị, cuộc họp.",
    "progress.unit.deadline": "• Hạn gửi báo cáo tổng hợp ý kiến: ngày {date}.",
    "progress.unit.deadline_left": "• Hạn gửi báo cáo tổng hợp ý kiến: ngày {date} ({left}).",
    "progress.unit.days_left": "còn {n} ngày",
    "progress.unit.due_today": "hạn là hôm nay",
    "progress.unit.days_past": "đã qua {n} ngày",
    "progress.unit.no_deadline": "• Kế hoạch chưa xác định hạn gửi báo cáo tổng hợp ý kiến.",
    "progress.unit.submitted": "• Đã gửi báo cáo tổng hợp ý kiến lúc {time} ngày {date}.",
    "progress.unit.not_submitted": "• Chưa gửi báo cáo tổng hợp ý kiến.",
    "progress.unit.closing": "Trân trọng.",
    # /tiendo for the ward's officials: every unit, one line each
    "progress.overview.title": "Tiến độ góp ý của các đơn vị, số liệu tính đến {time} ngày {date}:",
    "progress.overview.row": (
        "• {unit}: {comments} lượt góp ý, {people} người góp ý trực tiếp, {meetings} hội nghị, cuộc họp{state}"
    ),
    "progress.overview.submitted": "; đã nộp báo cáo ngày {date}",
    "progress.overview.due": "; hạn nộp báo cáo {date} ({left}), chưa nộp",
    "progress.overview.late": "; QUÁ HẠN nộp báo cáo {n} ngày (hạn {date}), chưa nộp",
    "progress.overview.late_units": "Đơn vị quá hạn chưa nộp báo cáo ({n}): {units}.",
    "progress.overview.none_late": "Chưa có đơn vị nào quá hạn nộp báo cáo.",
    "progress.overview.no_units": "Kế hoạch chưa có đơn vị nào.",
    # --- meetings, letters and votes (handlers/flow/records.py, storage/records.py, storage/sheets.py) ---
    "chat.cmd.hoinghi": "Ghi biên bản hội nghị, cuộc họp",
    "chat.cmd.vanban": "Ghi văn bản góp ý",
    "chat.rec.refused_meetings": (
        "Xin lỗi, lệnh /hoinghi chỉ dành cho bí thư chi bộ (ghi hội nghị của đơn vị mình) và cán bộ Văn phòng Đảng ủy."
    ),
    "chat.rec.refused_letters": "Xin lỗi, lệnh /vanban chỉ dành cho cán bộ Văn phòng Đảng ủy.",
    "chat.rec.not_yours": "Xin lỗi, {you} chỉ ghi và sửa được biên bản hội nghị của đơn vị mình.",
    "chat.rec.not_found": "Không tìm thấy biên bản này (có thể đã bị xoá).",
    "chat.rec.ward": "Đảng bộ phường (không thuộc đơn vị nào)",
    "chat.rec.template_word": "mau",
    "chat.rec.today_word": "hôm nay",
    "records.meeting.cell_meeting": "Sinh hoạt chi bộ",
    "records.meeting.village_meeting": "Họp khu dân cư (khu phố, thôn)",
    "records.meeting.conference": "Hội nghị của Mặt trận, đoàn thể",
    "records.meeting.congress_session": "Phiên thảo luận tại đại hội",
    "records.sender.organisation": "Tổ chức",
    "records.sender.expert": "Chuyên gia, nhà khoa học, cán bộ nguyên lãnh đạo",
    "records.sender.resident": "Người dân",
    # the lists
    "chat.rec.meetings_own": "Biên bản hội nghị, cuộc họp của {unit} (mới nhất trước):",
    "chat.rec.meetings_every": "Biên bản hội nghị, cuộc họp của các đơn vị (mới nhất trước):",
    "chat.rec.meeting_line": "#{id} · {date} · {kind} · {unit} · {attendance} người dự, {opinions} ý kiến{locked}",
    "chat.rec.locked_mark": " (đơn vị đã nộp báo cáo: không sửa được)",
    "chat.rec.meetings_none": "Chưa có biên bản nào.",
    "chat.rec.letters": "Văn bản góp ý đã ghi (mới nhất trước):",
    "chat.rec.letter_line": "#{id} · nhận ngày {date} · {sender}{reference} · {opinions} ý kiến",
    "chat.rec.letters_none": "Chưa có văn bản nào.",
    "chat.rec.btn.open": "Xem, sửa #{id}",
    "chat.rec.btn.continue": "Tiếp tục biên bản đang nhập dở",
    "chat.rec.btn.new_m": "Ghi biên bản hội nghị mới",
    "chat.rec.btn.new_l": "Ghi văn bản góp ý mới",
    "chat.rec.btn.template": "Nhận mẫu bảng tính (Excel)",
    "chat.rec.replaced": "Biên bản đang nhập dở trước đó đã được bỏ (chưa lưu).",
    "chat.rec.template_meetings": (
        "Mẫu bảng tính ghi hội nghị, cuộc họp. {You} điền mỗi hội nghị một dòng ở trang «Hội nghị», các ý kiến ở trang "
        "«Ý kiến», các lần biểu quyết ở trang «Biểu quyết» (hướng dẫn và các mã ở trang đầu), rồi gửi lại tệp tại đây. "
        "Tệp có lỗi thì chưa có gì được ghi, và tin trả lời chỉ rõ dòng, cột cần sửa."
    ),
    "chat.rec.template_letters": (
        "Mẫu bảng tính ghi văn bản góp ý. {You} điền mỗi văn bản một dòng ở trang «Văn bản», các ý kiến trong văn bản "
        "ở trang «Ý kiến» (hướng dẫn ở trang đầu), rồi gửi lại tệp tại đây hoặc nhập bằng lệnh gopy import letters."
    ),
    "chat.rec.template_zalo": (
        "\n"
        "Trên Zalo chưa nhận được tệp gửi đến: {you} gửi tệp đã điền qua Telegram, hoặc chuyển Văn phòng Đảng ủy nhập "
        "bằng lệnh gopy import."
    ),
    # a new record
    "chat.rec.ask_unit": "Ghi biên bản hội nghị: của đơn vị nào?",
    "chat.rec.btn.ward": "Đảng bộ phường (không thuộc đơn vị)",
    "chat.rec.ask_kind": "Biên bản của {unit}: hội nghị, cuộc họp loại nào?",
    "chat.rec.ask_sender": "Văn bản góp ý: ai gửi?",
    "chat.rec.ask_doc": "Hội nghị góp ý dự thảo nào?",
    "chat.rec.no_documents": "Kế hoạch chưa có dự thảo nào.",
    "chat.rec.ask_facts": (
        "{You} gõ ngày họp, số người dự và số người phát biểu, cách nhau bằng dấu cách.\nVí dụ: 05/7/2025 45 12"
    ),
    "chat.rec.now_facts": "Hiện ghi: ngày {date}, {attendance} người dự, {speakers} người phát biểu.",
    "chat.rec.ask_received": (
        "{You} gõ ngày nhận văn bản; có thể thêm số, ký hiệu của văn bản sau dấu phẩy.\nVí dụ: 05/7/2025, Số 12-CV/MTTQ"
    ),
    "chat.rec.btn.today": "Nhận hôm nay",
    "chat.rec.bad_date": "Chưa đọc được ngày. Xin gõ ngày dạng 05/7/2025 (ngày/tháng/năm).",
    "chat.rec.date_range": "Ngày {date} chưa tới hoặc không hợp lệ. Xin gõ lại.",
    "chat.rec.bad_facts": ("Cần ngày họp và hai con số: số người dự, số người phát biểu. Ví dụ: 05/7/2025 45 12"),
    "chat.rec.bad_figures": (
        "Số người dự phải từ 1 trở lên và không ít hơn số người phát biểu ({you} gõ {attendance} người dự, {speakers} "
        "người phát biểu). Xin gõ lại."
    ),
    "chat.rec.below_entered": (
        "Số người dự ({attendance}) ít hơn số người đã ghi cho một ý kiến hoặc một lần biểu quyết ({n}). Xin gõ "
        "lại, hoặc sửa ý kiến, biểu quyết đó trước."
    ),
    "chat.rec.ask_mood": (
        "Không khí thảo luận, theo đúng lời biên bản (ví dụ: «Sôi nổi, nhiều ý kiến tranh luận về …»). {You} gõ nguyên "
        "văn; báo cáo trích nguyên văn, không nhận xét thêm."
    ),
    "chat.rec.now_mood": "Hiện ghi: «{text}»",
    "chat.rec.btn.no_mood": "Biên bản không ghi",
    "chat.rec.btn.clear_mood": "Bỏ phần không khí",
    "chat.rec.btn.back": "Quay lại biên bản",
    "chat.rec.too_long": "Nội dung dài quá {limit} ký tự. Xin gõ ngắn hơn.",
    # the record
    "chat.rec.saved_as": "#{id}, đã lưu",
    "chat.rec.not_saved": "chưa lưu",
    "chat.rec.card_meeting": "Biên bản hội nghị ({saved})",
    "chat.rec.card_unit": "{unit} · {kind}",
    "chat.rec.card_doc": "Dự thảo: {title}",
    "chat.rec.card_facts": "Ngày {date} · {attendance} người dự · {speakers} người phát biểu",
    "chat.rec.card_mood": "Không khí: “{text}”",
    "chat.rec.card_no_mood": "Không khí: (biên bản không ghi)",
    "chat.rec.card_letter": "Văn bản góp ý ({saved})",
    "chat.rec.card_sender": "{sender} · nhận ngày {date}{reference}",
    "chat.rec.card_opinions": "Ý kiến ({n}):",
    "chat.rec.card_no_opinions": "Chưa có ý kiến nào.",
    "chat.rec.card_opinion": "{n}. {kind} · {target}{people}{text}",
    "chat.rec.card_people": " · {n} người",
    "chat.rec.card_more": "… và {n} ý kiến khác.",
    "chat.rec.card_votes": "Biểu quyết:",
    "chat.rec.card_vote": (
        "{n}. “{question}”: {agree} tán thành, {disagree} không tán thành, {abstain} không biểu quyết"
    ),
    "chat.rec.card_more_votes": "… và {n} lần biểu quyết khác.",
    "chat.rec.card_hint": "Thêm ý kiến, biểu quyết hoặc sửa, rồi bấm «Lưu».",
    "chat.rec.target.document": "toàn văn",
    "chat.rec.target.topic": "gợi ý {n}",
    "chat.rec.target.section": "mục {label}",
    "chat.rec.target.paragraph": "đoạn {n} mục {label}",
    "chat.rec.btn.add_opinion": "Thêm ý kiến",
    "chat.rec.btn.add_vote": "Thêm biểu quyết",
    "chat.rec.btn.facts": "Sửa ngày, số người",
    "chat.rec.btn.mood": "Sửa không khí",
    "chat.rec.btn.kind": "Sửa loại hội nghị",
    "chat.rec.btn.received": "Sửa ngày nhận",
    "chat.rec.btn.sender": "Sửa người gửi",
    "chat.rec.btn.items": "Bỏ bớt",
    "chat.rec.btn.save": "Lưu",
    "chat.rec.incomplete": "Biên bản đang nhập dở chưa đủ thông tin nên đã được bỏ; xin ghi lại.",
    "chat.rec.too_many_opinions": (
        "Một biên bản nhập qua tin nhắn có tối đa {n} ý kiến. Để ghi nhiều hơn, xin dùng mẫu bảng tính (/hoinghi mau)."
    ),
    "chat.rec.too_many_votes": "Một biên bản có tối đa {n} lần biểu quyết.",
    "chat.rec.saved_meeting": "Đã lưu biên bản hội nghị #{id}: {opinions} ý kiến, {votes} lần biểu quyết.",
    "chat.rec.corrected_meeting": "Đã lưu nội dung sửa của biên bản #{id}: {opinions} ý kiến, {votes} lần biểu quyết.",
    "chat.rec.saved_letter": "Đã lưu văn bản góp ý #{id}: {opinions} ý kiến.",
    "chat.rec.corrected_letter": "Đã lưu nội dung sửa của văn bản #{id}: {opinions} ý kiến.",
    "chat.rec.dropped": "Đã bỏ biên bản đang nhập; chưa có gì được lưu.",
    "chat.rec.dropped_saved": "Đã bỏ các thay đổi; biên bản đã lưu vẫn giữ nguyên.",
    "chat.rec.locked": (
        "Đơn vị đã nộp báo cáo lúc {time} ngày {date}, sau khi ghi biên bản này, nên biên bản không sửa được nữa."
    ),
    # an opinion, a vote
    "chat.rec.ask_op_doc": "Ý kiến về dự thảo nào?",
    "chat.rec.ask_op_kind": "Ý kiến thứ {n}: loại ý kiến?",
    "chat.rec.ask_target": (
        "{kind}: về phần nào của dự thảo? Bấm «Toàn văn dự thảo» hoặc một gợi ý thảo luận; hoặc gõ số mục như in "
        "trong dự thảo (ví dụ: II.1), thêm số đoạn nếu cần (ví dụ: II.1 đoạn 3)."
    ),
    "chat.rec.btn.whole": "Toàn văn dự thảo",
    "chat.rec.ask_which_section": "Dự thảo có nhiều mục «{label}». {You} chọn mục đúng:",
    "chat.rec.no_section": "Không tìm thấy mục «{label}» trong dự thảo. Xin gõ số mục như in (ví dụ: II.1).",
    "chat.rec.no_paragraph": "Mục này không có đoạn {n}: ý kiến được ghi về cả mục.",
    "chat.rec.ask_text": "{kind} về {target}. {You} gõ nội dung ý kiến như biên bản ghi:",
    "chat.rec.ask_text_letter": "{kind} về {target}. {You} gõ nội dung ý kiến như văn bản viết:",
    "chat.rec.btn.no_text": "Không ghi thêm nội dung",
    "chat.rec.ask_count": "Bao nhiêu người cùng ý kiến này? Bấm hoặc gõ số (số người dự: {attendance}).",
    "chat.rec.count_numbered": " Nhiều hơn 10 người thì gõ số (ví dụ 25); gõ /hoinghi để quay lại biên bản.",
    "chat.rec.target_numbered": (
        "\nMục có số đứng một mình (ví dụ mục 2) thì gõ «mục 2», vì số đứng một mình là số thứ tự lựa chọn."
    ),
    "chat.rec.bad_count": "Xin gõ một số từ 1 đến {attendance} (số người dự).",
    "chat.rec.opinion_added": "Đã thêm ý kiến thứ {n} (chưa lưu).",
    "chat.rec.ask_vote": "{You} gõ nội dung được đưa ra biểu quyết:",
    "chat.rec.ask_tally": (
        "Biểu quyết «{question}»: gõ số tán thành, số không tán thành, số không biểu quyết, cách nhau bằng dấu "
        "cách (ví dụ: 40 3 2). Số người dự: {attendance}."
    ),
    "chat.rec.bad_tally": "Cần đúng ba con số: tán thành, không tán thành, không biểu quyết. Ví dụ: 40 3 2",
    "chat.rec.tally_over": "Tổng cộng {total} người, phải từ 1 đến {attendance} (số người dự). Xin gõ lại.",
    "chat.rec.vote_added": "Đã thêm lần biểu quyết thứ {n} (chưa lưu).",
    "chat.rec.ask_item": "Chọn ý kiến hoặc lần biểu quyết muốn bỏ khỏi biên bản:",
    "chat.rec.no_items": "Biên bản chưa có ý kiến hay biểu quyết nào để bỏ.",
    "chat.rec.btn.drop_opinion": "Bỏ ý kiến {n}",
    "chat.rec.btn.drop_vote": "Bỏ biểu quyết {n}",
    "chat.rec.btn.delete": "Xoá cả biên bản #{id}",
    "chat.rec.ask_delete": (
        "Xoá hẳn biên bản #{id} cùng các ý kiến và biểu quyết của nó? Báo cáo sẽ không còn tính biên bản này."
    ),
    "chat.rec.btn.delete_sure": "Xoá biên bản #{id}",
    "chat.rec.opinion_dropped": "Đã bỏ ý kiến {n} (chưa lưu).",
    "chat.rec.vote_dropped": "Đã bỏ lần biểu quyết {n} (chưa lưu).",
    "chat.rec.deleted": "Đã xoá biên bản #{id}.",
    # a spreadsheet sent to the bot
    "chat.rec.file_unnamed": "tệp không tên",
    "chat.rec.file_not_sheet": (
        "Chỉ nhận bảng tính Excel (.xlsx) theo mẫu (gõ /hoinghi mau để nhận mẫu); tệp «{name}» chưa được đọc."
    ),
    "chat.rec.file_nothing_stored": "Chưa có gì được ghi. {You} sửa tệp rồi gửi lại.",
    "chat.rec.file_already": (
        "Tệp «{name}» đã được nhập lúc {time} ngày {date} ({n} {what}), nên không nhập lại lần nữa."
    ),
    "chat.rec.what.meetings": "hội nghị",
    "chat.rec.what.letters": "văn bản",
    "chat.rec.file_meetings": (
        "Đã nhập từ tệp «{name}»: {n} hội nghị, {opinions} ý kiến, {votes} lần biểu quyết. Xem và sửa bằng /hoinghi."
    ),
    "chat.rec.file_letters": "Đã nhập từ tệp «{name}»: {n} văn bản, {opinions} ý kiến. Xem và sửa bằng /vanban.",
    # spreadsheets: the file refused
    "sheet.too_large": "Tệp «{name}» lớn {size} MB, vượt giới hạn {limit} MB của một bảng tính.",
    "sheet.not_xlsx": (
        "Tệp «{name}» không phải bảng tính Excel .xlsx đọc được (có thể là tệp .xls cũ, tệp có mật khẩu hoặc tệp "
        "hỏng). Xin lưu lại dưới dạng .xlsx (Excel Workbook) rồi gửi lại."
    ),
    "sheet.zip_too_large": "Bảng tính «{path}» khi giải nén quá lớn ({size_mb} MB), vượt giới hạn {limit_mb} MB.",
    "sheet.zip_ratio": "Bảng tính «{path}» nén bất thường (giải nén ra gấp {count} lần), nghi là «bom nén».",
    "sheet.zip_entries": "Bảng tính «{path}» có quá nhiều thành phần (hơn {count}), nghi là tệp độc hại.",
    "sheet.part_too_large": (
        "Bảng tính «{name}» có phần «{part}» lớn bất thường ({size} MB); xin chép dữ liệu sang mẫu mới rồi gửi lại."
    ),
    "sheet.entities": (
        "Bảng tính «{name}» có phần «{part}» khai báo thực thể XML (không có trong tệp Excel thật), nghi là tệp độc "
        "hại."
    ),
    "sheet.too_many_sheets": "Bảng tính «{name}» có quá nhiều trang (hơn {limit}).",
    "sheet.not_template": (
        "Tệp «{name}» không theo mẫu: không có trang «Hội nghị» hay «Văn bản». Xin dùng đúng mẫu (/hoinghi mau, "
        "/vanban mau)."
    ),
    "sheet.meetings_refused": "Tệp «{name}» là bảng tính hội nghị: đồng chí không nhập được hội nghị.",
    "sheet.letters_refused": (
        "Tệp «{name}» là bảng tính văn bản góp ý: chỉ cán bộ Văn phòng Đảng ủy nhập được văn bản góp ý."
    ),
    "sheet.missing_sheet": "Bảng tính «{name}» thiếu trang «{sheet}». Xin dùng đúng mẫu.",
    "sheet.no_header": "Trang «{sheet}» của «{name}» không có dòng tiêu đề. Dòng đầu cần có các cột: {columns}.",
    "sheet.wrong_columns": (
        "Trang «{sheet}» của «{name}», dòng tiêu đề {row}: thiếu cột {missing}. Các cột của mẫu: {columns}."
    ),
    "sheet.too_many_rows": (
        "Trang «{sheet}» của «{name}» có quá nhiều dòng (dòng {row} vượt giới hạn {limit} dòng). Xin chia thành "
        "nhiều tệp."
    ),
    "sheet.refused": "Bảng tính «{name}» có {n} lỗi, chưa có gì được ghi:\n{items}",
    "sheet.more_errors": "… và {n} lỗi khác.",
    "sheet.problem": "Trang «{sheet}», dòng {row}, cột «{column}»: {what}",
    "sheet.problem_row": "Trang «{sheet}», dòng {row}: {what}",
    # spreadsheets: a cell or a row
    "sheet.err.required": "chưa điền (bắt buộc).",
    "sheet.err.formula": "ô chứa công thức ({formula}); xin dán giá trị thay cho công thức.",
    "sheet.err.text": "cần ghi chữ, không phải ngày hay đúng/sai.",
    "sheet.err.too_long": "dài {n} ký tự, vượt giới hạn {limit} ký tự.",
    "sheet.err.int": "cần một số nguyên từ {minimum} trở lên (đang ghi «{value}»).",
    "sheet.err.date": "cần một ngày dạng 05/7/2025 (đang ghi «{value}»).",
    "sheet.err.date_range": "ngày {value} chưa tới hoặc không hợp lệ.",
    "sheet.err.choice": "«{value}» không có trong danh sách; chọn một trong: {choices}.",
    "sheet.err.unit": "không có đơn vị mã «{code}» trong kế hoạch (xem các mã ở trang «Hướng dẫn»).",
    "sheet.err.not_own_unit": "đơn vị «{code}» không phải đơn vị của đồng chí ({own}).",
    "sheet.err.unit_required": "cần mã đơn vị.",
    "sheet.err.document": "không có dự thảo mã «{code}» (các mã: {codes}).",
    "sheet.err.document_required": "kế hoạch có nhiều dự thảo: cần ghi mã dự thảo (các mã: {codes}).",
    "sheet.err.speakers": "{speakers} người phát biểu, nhiều hơn {attendance} người dự.",
    "sheet.err.duplicate_key": "mã này đã dùng ở dòng {row}.",
    "sheet.err.already_recorded": (
        "hội nghị này (cùng đơn vị, loại, dự thảo và ngày) đã được ghi trong biên bản #{id}; để sửa, dùng /hoinghi."
    ),
    "sheet.err.no_meeting": "không có hội nghị mã «{ident}» ở trang «Hội nghị».",
    "sheet.err.no_letter": "không có văn bản mã «{ident}» ở trang «Văn bản».",
    "sheet.err.no_opinions": "văn bản này chưa có ý kiến nào ở trang «Ý kiến».",
    "sheet.err.represents": "{n} người, nhiều hơn {attendance} người dự hội nghị.",
    "sheet.err.tally": "tổng số biểu quyết {total} phải từ 1 đến {attendance} (số người dự).",
    "sheet.err.topic_and_section": "chỉ ghi một trong hai: gợi ý thảo luận hoặc mục.",
    "sheet.err.topic": "dự thảo không có gợi ý thảo luận số {n}.",
    "sheet.err.section": "không tìm thấy mục «{label}» trong dự thảo (ghi số mục như in, ví dụ II.1).",
    "sheet.err.section_ambiguous": "dự thảo có nhiều mục «{label}»: ghi rõ một trong {paths}.",
    "sheet.err.paragraph_needs_section": "số đoạn cần đi kèm số mục.",
    "sheet.err.paragraph": "mục này không có đoạn {n}.",
    "sheet.err.whole_draft_only": "ý kiến loại «{kind}» là về toàn văn dự thảo: để trống gợi ý, mục và đoạn.",
    "sheet.err.text_required": "ý kiến loại «{kind}» cần có nội dung.",
    # spreadsheets: the templates
    "sheet.name.guide": "Hướng dẫn",
    "sheet.name.lists": "Danh mục",
    "sheet.name.meetings": "Hội nghị",
    "sheet.name.opinions": "Ý kiến",
    "sheet.name.votes": "Biểu quyết",
    "sheet.name.letters": "Văn bản",
    "sheet.name.letter_opinions": "Ý kiến",
    "sheet.file.meetings": "mau-bien-ban-hoi-nghi.xlsx",
    "sheet.file.letters": "mau-van-ban-gop-y.xlsx",
    "sheet.col.meeting": "Mã hội nghị",
    "sheet.col.unit": "Mã đơn vị",
    "sheet.col.meeting_kind": "Loại hội nghị",
    "sheet.col.document": "Mã dự thảo",
    "sheet.col.held_on": "Ngày họp",
    "sheet.col.attendance": "Số người dự",
    "sheet.col.speakers": "Số người phát biểu",
    "sheet.col.atmosphere": "Không khí thảo luận (nguyên văn biên bản)",
    "sheet.col.opinion_kind": "Loại ý kiến",
    "sheet.col.topic": "Gợi ý thảo luận số",
    "sheet.col.section": "Mục",
    "sheet.col.paragraph": "Đoạn",
    "sheet.col.text": "Nội dung ý kiến",
    "sheet.col.represents": "Số người cùng ý kiến",
    "sheet.col.question": "Nội dung biểu quyết",
    "sheet.col.agree": "Tán thành",
    "sheet.col.disagree": "Không tán thành",
    "sheet.col.abstain": "Không biểu quyết",
    "sheet.col.letter": "Mã văn bản",
    "sheet.col.sender": "Người gửi",
    "sheet.col.received_on": "Ngày nhận",
    "sheet.col.reference": "Số, ký hiệu văn bản",
    "sheet.guide.meetings": (
        "MẪU GHI BIÊN BẢN HỘI NGHỊ, CUỘC HỌP GÓP Ý DỰ THẢO VĂN KIỆN\n"
        "\n"
        "1. Trang «Hội nghị»: mỗi hội nghị, cuộc họp một dòng. «Mã hội nghị» do đồng chí tự đặt (ví dụ 1, 2, 3) để các "
        "trang sau chỉ đến. «Mã đơn vị» để trống là đơn vị của đồng chí. «Loại hội nghị» chọn trong danh sách. «Mã dự "
        "thảo» để trống khi kế hoạch chỉ có một dự thảo. «Ngày họp» dạng 05/7/2025. «Không khí thảo luận» chép nguyên "
        "văn biên bản (báo cáo trích nguyên văn, không nhận xét thêm).\n"
        "2. Trang «Ý kiến»: mỗi ý kiến một dòng, ghi «Mã hội nghị» của nó. «Loại ý kiến» chọn trong danh sách. Ý kiến "
        "về một gợi ý thảo luận: ghi số gợi ý; về một mục: ghi số mục như in trong dự thảo (ví dụ II.1), thêm số đoạn "
        "nếu cần; để trống cả ba là ý kiến về toàn văn dự thảo. «Số người cùng ý kiến» để trống là 1.\n"
        "3. Trang «Biểu quyết»: mỗi lần biểu quyết một dòng: nội dung và số tán thành, không tán thành, không biểu "
        "quyết (tổng không quá số người dự). Không có biểu quyết thì để trống trang này.\n"
        "4. Không dùng công thức; không đổi tên trang, tên cột. Gửi tệp trong cuộc trò chuyện góp ý trên Telegram hoặc "
        "nhờ Văn phòng Đảng ủy nhập bằng lệnh gopy import meetings. Tệp có lỗi thì chưa có gì được ghi và tin trả lời "
        "chỉ rõ dòng, cột cần sửa; gửi lại cùng một tệp thì không bị tính hai lần."
    ),
    "sheet.guide.letters": (
        "MẪU GHI VĂN BẢN GÓP Ý DỰ THẢO VĂN KIỆN\n"
        "\n"
        "1. Trang «Văn bản»: mỗi văn bản (văn bản, đơn, thư) một dòng. «Mã văn bản» do đồng chí tự đặt (ví dụ 1, 2, "
        "3). «Người gửi» chọn trong danh sách. «Ngày nhận» dạng 05/7/2025. «Mã đơn vị» (tổ chức gửi, nếu có) và «Số, "
        "ký hiệu văn bản» không bắt buộc; không ghi họ tên người gửi.\n"
        "2. Trang «Ý kiến»: mỗi ý kiến trong văn bản một dòng, ghi «Mã văn bản» của nó. «Mã dự thảo» để trống khi kế "
        "hoạch chỉ có một dự thảo. Gợi ý thảo luận, mục, đoạn ghi như mẫu hội nghị; để trống là về toàn văn.\n"
        "3. Mỗi văn bản được tính là một văn bản góp ý dù có bao nhiêu ý kiến, và không tính là người tham gia.\n"
        "4. Không dùng công thức; không đổi tên trang, tên cột. Nhập bằng lệnh gopy import letters hoặc gửi tệp trong "
        "cuộc trò chuyện góp ý. Tệp có lỗi thì chưa có gì được ghi; gửi lại cùng một tệp thì không bị tính hai lần."
    ),
    "sheet.guide.units": "Mã đơn vị:",
    "sheet.guide.documents": "Mã dự thảo:",
    "sheet.guide.sections": "Các mục của dự thảo {code} (ghi ở cột «Mục»):",
    "sheet.guide.code": "{code}: {name}",
    # the command line: templates and imports
    "cli.template": "Mẫu bảng tính ghi hội nghị, văn bản góp ý.",
    "cli.template.meeting": "Tạo mẫu bảng tính ghi biên bản hội nghị, cuộc họp (kèm mã đơn vị, dự thảo, mục).",
    "cli.template.letter": "Tạo mẫu bảng tính ghi văn bản góp ý.",
    "cli.template.out": "Tệp .xlsx sẽ tạo.",
    "cli.template.written": "Đã tạo mẫu: {path}",
    "cli.import": "Nhập hội nghị, văn bản góp ý từ bảng tính theo mẫu.",
    "cli.import.meetings": "Nhập biên bản hội nghị, cuộc họp từ bảng tính (mọi đơn vị); có lỗi thì không nhập gì.",
    "cli.import.letters": "Nhập văn bản góp ý từ bảng tính; có lỗi thì không nhập gì.",
    "cli.import.file": "Tệp .xlsx theo mẫu (gopy template).",
    "cli.import.missing": "không tìm thấy tệp: {path}",
    "cli.import.meetings_done": "Đã nhập từ «{path}»: {n} hội nghị, {opinions} ý kiến, {votes} lần biểu quyết.",
    "cli.import.letters_done": "Đã nhập từ «{path}»: {n} văn bản, {opinions} ý kiến.",
    "cli.import.already": ("Tệp «{path}» đã được nhập lúc {time} ngày {date} ({n} {what}); không nhập lại lần nữa."),
    # the summary: meetings, letters and votes
    "report.meeting.congress_session": "Phiên thảo luận tại đại hội",
    "report.channel.meeting": "Hội nghị, cuộc họp (biên bản)",
    "report.channel.letter": "Văn bản góp ý",
    "report.p1.votes_intro": "Kết quả biểu quyết, theo biên bản:",
    "report.p1.vote_item": (
        "{meeting} ngày {date}, biểu quyết “{question}”: {agree} tán thành, {disagree} không tán thành, {abstain} "
        "không biểu quyết ({attendance} người dự)"
    ),
    "report.xlsx.sheet.meetings": "Hội nghị",
    "report.xlsx.sheet.votes": "Biểu quyết",
    "report.xlsx.col.meeting_date": "Ngày họp",
    "report.xlsx.col.meeting_unit": "Đơn vị",
    "report.xlsx.col.meeting_kind": "Loại hội nghị",
    "report.xlsx.col.meeting_document": "Dự thảo",
    "report.xlsx.col.meeting_attendance": "Số người dự",
    "report.xlsx.col.meeting_speakers": "Số người phát biểu",
    "report.xlsx.col.meeting_atmosphere": "Không khí thảo luận (nguyên văn biên bản)",
    "report.xlsx.col.vote_date": "Ngày họp",
    "report.xlsx.col.vote_unit": "Đơn vị",
    "report.xlsx.col.vote_kind": "Loại hội nghị",
    "report.xlsx.col.vote_question": "Nội dung biểu quyết",
    "report.xlsx.col.vote_agree": "Tán thành",
    "report.xlsx.col.vote_disagree": "Không tán thành",
    "report.xlsx.col.vote_abstain": "Không biểu quyết",
    "report.xlsx.col.vote_attendance": "Số người dự",
    # --- e-mail channel (bot/channels/email.py) ---
    "email.subject.default": "Văn bản gửi từ hệ thống góp ý dự thảo văn kiện",
    "email.attachment.unnamed": "Tệp đính kèm {number}",
    # --- Zalo channel (bot/channels/zalo.py) and download links (bot/links.py) ---
    "zalo.help.numbers": (
        "\n\nTrên Zalo không có nút bấm: mỗi lựa chọn có một số thứ tự. Gõ số đó (ví dụ 2) hoặc gõ đúng tên lựa "
        "chọn; gõ lệnh (/gopy, /ykiencuatoi, /huy…) bằng chữ."
    ),
    "zalo.file.link": "Tệp «{name}» ({size} KB): tải về tại\n{url}\nĐường dẫn dùng được đến {time} ngày {date}.",
    "zalo.file.photo": "Biểu đồ «{name}»",
    "zalo.file.unavailable": (
        "Tệp «{name}» chưa gửi được qua Zalo vì máy chủ chưa có địa chỉ tải về. Xin liên hệ Văn phòng Đảng ủy để "
        "nhận tệp."
    ),
    "chat.link.invalid": (
        "Đường dẫn tải về không hợp lệ (có thể đã bị sửa hoặc chép thiếu). Xin dùng đúng đường dẫn đã nhận."
    ),
    "chat.link.expired": "Đường dẫn tải về đã hết hạn. Xin gõ lại lệnh (ví dụ /baocao) để nhận đường dẫn mới.",
    "chat.link.gone": "Tệp này không còn trên máy chủ. Xin gõ lại lệnh (ví dụ /baocao) để nhận đường dẫn mới.",
    # --- the resident's phone (issue 12): one live message, a stance a tap, a comment saved as typed ---
    "chat.view.stale": "Nút này đã cũ; xin dùng tin nhắn mới nhất.",
    "chat.view.already": "Đã nhận thao tác này rồi.",
    "chat.view.deadline": "Hạn góp ý: {closes}",
    "chat.view.doc_line": "• {title}: hạn góp ý {closes}{done}",
    "chat.view.doc_done": "; {you} đã góp {n} ý kiến",
    "chat.view.doc_progress": "{You} đã góp ý {n}/{total} mục (✓).",
    "chat.view.section_head": "Mục {n}/{total} · {label}. {title}",
    "chat.view.commented": " ✓",
    "chat.view.section_page": "(trang {page}/{pages})",
    "chat.view.your_stance": "{You} đã chọn: {kind}.",
    "chat.view.section_hint": "{You} chọn một ý bên dưới để cho ý kiến, hoặc gõ ý kiến ngay vào ô chat.",
    "chat.view.heading_only": "(Mục này là tiêu đề; nội dung ở các mục con.)",
    "chat.view.topic_hint": "Mời {you} gõ ý kiến về vấn đề này vào ô chat.",
    "chat.view.last": "Đây là mục cuối cùng của dự thảo.",
    "chat.view.ack.agree": "✓ Đã ghi nhận: Nhất trí với {target}.",
    "chat.view.ack.disagree": (
        "✓ Đã ghi nhận: Không nhất trí với {target}.\n{You} có thể gõ lý do ngay vào ô chat (không bắt buộc)."
    ),
    "chat.view.ack.undone": "Đã hoàn tác: ý kiến vừa rồi không còn được tính.",
    "chat.view.ack.withdrawn": "Đã rút lại ý kiến về {target}.",
    "chat.view.ack.restored": "Đã khôi phục ý kiến về {target}.",
    "chat.view.toast.saved": "Đã ghi nhận",
    "chat.view.toast.undone": "Đã hoàn tác",
    "chat.view.toast.withdrawn": "Đã rút lại",
    "chat.view.saved": "✓ Đã ghi nhận ý kiến của {you} ({kind}) về {target}:\n«{text}»",
    "chat.view.saved_more": "Muốn viết thêm, {you} cứ gõ tiếp: phần gõ thêm được nối vào ý kiến này.",
    "chat.view.saved_amend": ("✓ Đã ghi nhận đề nghị sửa {target}:\nNguyên văn: «{quote}»\n{proposal}{reason}"),
    "chat.view.saved_reason": "\nLý do: {reason}",
    "chat.view.saved_ask_reason": "{You} có thể gõ lý do vào ô chat (không bắt buộc).",
    "chat.view.saved_more_reason": "Gõ tiếp để bổ sung lý do.",
    "chat.view.updated": "✓ Đã sửa ý kiến.",
    "chat.view.added": "✓ Đã nối thêm vào ý kiến.",
    "chat.view.proposal_new": "Đề nghị thay bằng: «{new}»",
    "chat.view.proposal_delete": "Đề nghị: bỏ phần này.",
    "chat.view.compose.other": "Mời {you} gõ ý kiến về {target} vào ô chat.",
    "chat.view.compose.disagree": "Mời {you} gõ ý kiến không nhất trí và lý do về {target} vào ô chat.",
    "chat.view.compose.agree": "Mời {you} gõ ý kiến về {target} vào ô chat.",
    "chat.view.compose.general": "Mời {you} gõ góp ý chung cho {target} vào ô chat.",
    "chat.view.compose.proposal": "Mời {you} gõ đề xuất, kiến nghị của mình vào ô chat.",
    "chat.view.compose.edit": (
        "Ý kiến hiện tại:\n«{text}»\n\nMời {you} gõ lại toàn bộ ý kiến (nội dung mới thay nội dung cũ)."
    ),
    "chat.view.amend.para": "Đề nghị sửa đổi, bổ sung: {you} muốn sửa đoạn nào? Bấm số của đoạn.",
    "chat.view.amend.sentence": (
        "Đoạn [{n}]: bấm câu {you} muốn sửa, hoặc gõ đúng những chữ cần sửa (không cần dấu).\n\n{sentences}"
    ),
    "chat.view.amend.sentence_item": "{n}) {text}",
    "chat.view.amend.new": (
        "Câu {you} chọn (đoạn [{n}]):\n«{quote}»\n\nMời {you} gõ câu mới thay cho câu này (bấm «Sao chép câu» để "
        "chép rồi sửa), hoặc gõ «bỏ» nếu đề nghị bỏ câu này."
    ),
    "chat.view.amend.new_long": (
        "Câu {you} chọn (đoạn [{n}]):\n«{quote}»\n\nMời {you} gõ câu mới thay cho câu này, hoặc gõ «bỏ» nếu đề "
        "nghị bỏ câu này."
    ),
    "chat.view.amend.not_found": (
        "Không thấy «{quote}» trong đoạn [{n}]. Xin bấm số của câu, hoặc gõ lại đúng những chữ có trong đoạn."
    ),
    "chat.view.amend.ambiguous": (
        "«{quote}» có {times} chỗ trong đoạn [{n}]. Xin gõ thêm vài chữ đứng trước hoặc sau cho rõ chỗ cần sửa, hoặc "
        "bấm số của câu."
    ),
    "chat.view.amend.unchanged": (
        "Câu vừa gửi giống hệt nguyên văn nên chưa có gì để ghi. Xin gõ câu đã sửa, hoặc gõ «bỏ» nếu đề nghị bỏ "
        "câu này."
    ),
    "chat.view.amend.edit_new": (
        "Nguyên văn (đoạn [{n}]):\n«{quote}»\n\nMời {you} gõ lại nội dung đề nghị thay (hoặc «bỏ»)."
    ),
    "chat.view.closed": "Dự thảo «{title}» đã hết hạn góp ý ({closes}): ý kiến chưa được ghi.",
    "chat.view.closed_change": "Dự thảo «{title}» đã hết hạn góp ý ({closes}): ý kiến đã ghi được giữ nguyên.",
    "chat.view.cancelled": "Đã thôi. Chưa có gì được ghi thêm.",
    "chat.view.back_words": (
        "quay lại|quay về|trở lại|trở về|lui|back|về|thoát|menu|mục lục|về mục lục|xong|huỷ|hủy|thôi|quay lại mục lục"
    ),
    "chat.view.cancel_words": "quay lại|huỷ|hủy|quay lại mục lục",
    "chat.view.chat_words": (
        "ok|oke|okay|vâng|vâng ạ|dạ|dạ vâng|ạ|cảm ơn|cám ơn|cảm ơn ạ|xin cảm ơn|được|được rồi|rồi|xong|ừ|có|không|"
        "chào|xin chào|thanks|thank you"
    ),
    "chat.view.next_words": "tiếp|tiếp theo|tiếp tục|đọc tiếp|mục sau|mục tiếp theo|sau|next",
    "chat.view.short": (
        "{You} vừa gõ «{text}». Ghi câu này thành ý kiến của {you} về phần đang đọc, hay thôi để đọc tiếp?"
    ),
    "chat.btn.short_yes": "Ghi thành ý kiến",
    "chat.view.short_more": "{You} vừa gõ «{text}». Thêm câu này vào ý kiến vừa ghi, hay thôi?",
    "chat.btn.short_add": "Thêm vào ý kiến",
    "chat.btn.short_no": "Không",
    "chat.view.ack.replaced": "(Lựa chọn trước đó của {you} ở mục này, {kinds}, không còn được tính.)",
    "chat.view.reason_added": "✓ Đã ghi lý do.",
    "chat.view.help": (
        "Hướng dẫn ngắn\n"
        "1. Bấm «Góp ý dự thảo», chọn dự thảo rồi chọn mục để đọc.\n"
        "2. Bấm «Nhất trí» hay «Không nhất trí»: ghi nhận ngay; bấm nhầm thì bấm «Hoàn tác».\n"
        "3. Muốn sửa câu chữ: bấm «Đề nghị sửa đổi, bổ sung», chọn đoạn, chọn câu, gõ câu mới.\n"
        "4. Gõ chữ khi đang đọc một mục là gửi ý kiến về mục đó; sau đó có nút «Sửa», «Rút lại».\n"
        "Báo cáo tổng hợp không ghi tên người góp ý."
    ),
    "chat.btn.prev_section": "Mục trước",
    "chat.btn.next": "Mục sau",
    "chat.btn.undo": "Hoàn tác",
    "chat.btn.edit": "Sửa",
    "chat.btn.withdraw": "Rút lại",
    "chat.btn.sentence": "Câu {n}",
    "chat.btn.whole_paragraph": "Cả đoạn",
    "chat.btn.copy_sentence": "Sao chép câu",
    "chat.btn.help.gopy": "Góp ý dự thảo",
    "chat.btn.help.tieptuc": "Tiếp tục chỗ đang đọc",
    "chat.btn.help.ykiencuatoi": "Ý kiến đã gửi",
    "chat.btn.help.nhacnho": "Nhắc hạn góp ý",
    "chat.btn.help.lienket": "Dùng cả Telegram và Zalo",
    "chat.btn.help.start": "Đổi vai trò, khu phố",
}


def capitalised(form: str) -> str:
    """A form of address at the start of a sentence: "ông/bà" → "Ông/Bà", "đồng chí" → "Đồng chí"."""
    return "/".join(part[:1].upper() + part[1:] for part in form.split("/"))


@contextmanager
def addressing(form: str | Callable[[], str]) -> Iterator[None]:
    """Within this block `t` addresses the reader as `form`: a form, or a function asked at each rendering (a
    person's role chosen or granted in the middle of an update is addressed by the new role's form at once)."""
    token = _FORM.set(form or DEFAULT_FORM)
    try:
        yield
    finally:
        _FORM.reset(token)


def form_of_address() -> str:
    form = _FORM.get()
    return (form() if callable(form) else form) or DEFAULT_FORM


def t(key: str, **fields: object) -> str:
    """Render message `key`; a missing key is a programming error and fails loudly."""
    template = MESSAGES[key]
    if "{you" in template or "{You" in template:
        form = form_of_address()
        return template.format(**{"you": form, "You": capitalised(form), **fields})
    return template.format(**fields)
