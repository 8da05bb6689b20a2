"""The conversation's vocabulary: its steps (one per participant, stored in their state row) and the actions its
buttons carry. Action values are short: they travel in button payloads (Telegram allows 64 bytes)."""

from __future__ import annotations

import enum


class Step(enum.StrEnum):
    NEW = "new"  # first contact: nothing shown yet
    CONSENT = "consent"  # the privacy notice
    REFUSED = "refused"  # consent refused: nothing is stored but that
    ROLE = "role"
    AREA = "area"
    DOCS = "docs"  # the drafts open for comment
    OUTLINE = "outline"  # a draft's guided topics and paged outline
    SECTION = "section"  # one section: its numbered paragraphs, a stance a tap, text typed is a comment
    TOPIC = "topic"  # one guided topic: text typed is the answer
    COMPOSE = "compose"  # typing a comment (a kind chosen, or «Sửa» of a saved one)
    AMEND_PARA = "amend_para"  # an amendment: which paragraph
    AMEND_SENT = "amend_sent"  # … which sentence (tapped), or the words typed
    AMEND_NEW = "amend_new"  # … the proposed wording (or "bỏ"); saved once typed
    SAVED = "saved"  # a typed comment just saved: «Sửa», «Rút lại»; text typed adds to it (an amendment: the reason)
    HELP = "help"  # /giupdo: one screen, the main actions as buttons
    MINE = "mine"  # /ykiencuatoi
    REMIND_ASK = "remind_ask"  # the end of onboarding: remind before a window closes? (asked once)
    REMINDERS = "reminders"  # /nhacnho: reminders on or off
    SUBMIT = "submit"  # /nopbaocao: send the cell's summary to the ward office?
    LINK = "link"  # /lienket on a channel not yet used: type the code given on the other channel
    PROGRESS = "progress"  # /tiendo for the ward: every unit, and a unit's summary to open
    REPORT = "report"  # /baocao: document, unit, audience and period chosen one after another
    GRANT = "grant"  # /capquyen: whose role (a participant's short code)
    GRANT_ROLE = "grant_role"  # … which role
    GRANT_UNIT = "grant_unit"  # … of which unit (a secretary's, a member's cell)
    MEETINGS = "meetings"  # /hoinghi: the meetings recorded (the own unit's, or every unit's), a new one, the template
    LETTERS = "letters"  # /vanban: the letters recorded, a new one, the template
    REC_UNIT = "rec_unit"  # a new meeting (an official's): of which unit
    REC_KIND = "rec_kind"  # … what kind of meeting; a letter: who sent it
    REC_DOC = "rec_doc"  # … on which draft (when the plan has several)
    REC_FACTS = "rec_facts"  # … the day, attendance and speakers typed at once; a letter: the day received
    REC_MOOD = "rec_mood"  # … the atmosphere, in the minute-taker's words
    REC = "rec"  # the record as it stands: add opinions and votes, correct, save
    REC_OP_DOC = "rec_op_doc"  # an opinion of a letter: on which draft (when the plan has several)
    REC_OP = "rec_op"  # an opinion: its stance
    REC_OP_TARGET = "rec_op_target"  # … what it is about (the whole draft, a guided topic, a section typed)
    REC_OP_TEXT = "rec_op_text"  # … its words
    REC_OP_COUNT = "rec_op_count"  # … how many people held it (meetings)
    REC_VOTE = "rec_vote"  # a vote: the question
    REC_TALLY = "rec_tally"  # … the tally
    REC_ITEMS = "rec_items"  # take an opinion or a vote out; delete a stored record


class Action(enum.StrEnum):
    CONSENT = "con"
    CHANGE_PROFILE = "prof"
    ROLE = "role"
    AREA = "area"
    DOCUMENT = "doc"
    DOCUMENTS = "docs"
    PAGE = "pg"
    TOC = "toc"
    SECTION = "sec"  # a section by id: from the outline, «Mục trước», «Mục sau»
    TOPIC = "top"
    LOOSE_AS_GENERAL = "loose"
    KIND = "k"  # a stance (saved at once) or a kind to type
    CANCEL = "cx"
    PARAGRAPH = "para"
    SENTENCE = "sent"
    UNDO = "undo"  # «Hoàn tác»: the comment just saved taken back, or the one just withdrawn restored
    EDIT = "edit"  # «Sửa» the comment just saved
    WITHDRAW = "wd"  # «Rút lại» the comment just saved
    RUN = "run"  # a command from /giupdo's buttons
    SECTION_PAGE = "spg"  # a long section's next or previous page
    KEEP_SHORT = "short"  # a word or two typed on a section: record it as an opinion after all
    MINE_PAGE = "mpg"
    MINE_EDIT = "me"
    MINE_WITHDRAW = "mw"
    REMINDERS = "rem"
    SUBMIT = "sub"
    PROGRESS_UNIT = "pu"
    REPORT = "rp"
    GRANT_WHO = "gw"
    GRANT_ROLE = "gr"
    GRANT_UNIT = "gu"
    REC_LIST = "hl"  # /hoinghi, /vanban: open a record, a new one, the template, a page
    REC_UNIT = "hu"
    REC_KIND = "hk"
    REC_DOC = "hd"
    REC_SKIP = "hs"  # nothing to type here (no atmosphere, no words, today)
    REC_MENU = "hm"  # the record's own buttons: add, correct, save, cancel, back to the record
    OP_DOC = "hod"
    OP_KIND = "hok"
    OP_TARGET = "hot"
    OP_COUNT = "hon"
    REC_ITEM = "hi"


# Steps in the middle of writing a comment: /huy leaves them (nothing typed is lost: a comment is saved as soon as
# it is typed; what is left is a kind or a sentence chosen).
COMPOSING = frozenset({Step.COMPOSE, Step.AMEND_PARA, Step.AMEND_SENT, Step.AMEND_NEW})
