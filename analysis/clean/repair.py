"""Cleaning steps that repair damage: mojibake runs (with the lost-byte restorer, :mod:`analysis.clean.mojibake`) and pinyin glosses left by a page."""

from __future__ import annotations

from analysis import patterns as P
from analysis.clean import mojibake

from .edits import Edit, Step, _span_key


# --- mojibake ---------------------------------------------------------------------------
def _mojibake_edits(text: str) -> list[Edit]:
    edits = []
    for r in mojibake.find_repairs(text):
        n = _restored_count(r)
        flag = "; ".join(
            part
            for part in (
                "GBK byte-shift mojibake",
                f"{r.lost} character(s) lost (□)" if r.lost else "",
                f"repaired characters {r.doubtful} are doubtful (bytes lost)" if r.doubtful else "",
                f"{n} character(s) restored where bytes were lost" if n else "",
            )
            if part
        ) if r.flagged else ""
        # The run is cut at each restoration: the repaired text between them keeps the run's
        # flag, each restored reading is an edit of its own, at the gap it fills.
        pos, at = r.start, 0
        for x in r.restored:
            if (pos, at) != (x.start, x.at):
                edits.append(Edit(pos, x.start, r.text[at : x.at], flag))
            edits.append(Edit(x.start, x.end, x.text, restored_flag(x)))
            pos, at = x.end, x.at + len(x.text)
        if (pos, at) != (r.end, len(r.text)):
            edits.append(Edit(pos, r.end, r.text[at:], flag))
    return edits

def _restored_count(r: mojibake.Repair) -> int:
    """Characters the restorer wrote in ``r`` (not the □ it wrote where it could not choose)."""
    return sum(len(x.text) for x in r.restored if not x.undecided)

#: How a restored edit's flag starts (see :func:`restored_flag`).
RESTORED = "restored"

def restored_flag(x: mojibake.Restored) -> str:
    """The flag of characters written where a shifted GBK decoder lost bytes: the kind
    (:data:`RESTORED`), what was written instead of what, the character trigram model's
    margin over the runner-up.

    >>> restored_flag(mojibake.Restored(5, 5, 1, "全力", "权力", 3.82, "圈"))
    'restored: 全力 for 圈 (GBK bytes lost); trigram margin 3.82 nats over 权力'

    Where the readings that fit the bytes all beat the plain repair but not one another,
    □ is written and the flag says so (not a restoration):

    >>> restored_flag(mojibake.Restored(5, 5, 1, "□", "，更好", 11.1, "Ｃ", ("，经济", "，更好")))
    'lost: □ for Ｃ (GBK bytes lost); the repaired Ｃ is 11.10 nats behind readings that fit the bytes, too close to choose: ，经济, ，更好'
    """
    if x.undecided:
        return (
            f"lost: {x.text} for {x.replaces} (GBK bytes lost); the repaired {x.replaces} is "
            f"{x.margin:.2f} nats behind readings that fit the bytes, too close to choose: {', '.join(x.undecided)}"
        )
    return (
        f"{RESTORED}: {x.text} for {x.replaces} (GBK bytes lost); "
        f"trigram margin {x.margin:.2f} nats over {x.runner_up or 'nothing'}"
    )

repair_mojibake = Step(
    "repair_mojibake",
    _mojibake_edits,
    "GBK byte-shift mojibake re-decoded one byte over; characters whose bytes were lost "
    "restored by a character trigram model where it is sure (flag 'restored: …'), else written □; all flagged.",
)

# --- pinyin glosses ---------------------------------------------------------------------
def _gloss_edits(text: str) -> list[Edit]:
    glosses = None  # the document's glosses, read when a lost character needs them
    edits = [Edit(m.start(), m.end(), "") for m in P.RE_PINYIN_GLOSS_SCAN.finditer(text)]
    for m in P.RE_DAMAGED_GLOSS.finditer(text):
        edits.append(Edit(m.start(), m.end(), "", "damaged pinyin gloss removed; its character is lost"))
    for m in P.RE_STRAY_GLOSS_SCAN.finditer(text):
        reading, before = m.group()[1:-1], text[m.start() - 1] if m.start() else ""
        two_back = text[m.start() - 2 : m.start() - 1]
        if before and 0x40 <= ord(before) <= 0x7E and not (two_back.isascii() and two_back.isalnum()):
            # A lone ASCII byte before a gloss is the trail byte of a lost GBK character.
            glosses = mojibake._gloss_map(text) if glosses is None else glosses
            hit = mojibake.recover_by_gloss(ord(before), 1, reading, glosses)
            new = hit or mojibake.LOST
            flag = "" if hit else "character lost before a pinyin gloss"
            edits.append(Edit(m.start() - 1, m.end(), new, flag))
        else:
            edits.append(Edit(m.start(), m.end(), "", "pinyin gloss without its character"))
    return _merge(edits)

def _merge(edits: list[Edit]) -> list[Edit]:
    """Sort edits and drop any that overlap an earlier one."""
    out: list[Edit] = []
    for e in sorted(edits, key=_span_key):
        if not out or e.start >= out[-1].end:
            out.append(e)
    return out

remove_pinyin_glosses = Step(
    "remove_pinyin_glosses",
    _gloss_edits,
    "Reading glosses 區(qū) → 區; damaged ones (?yún), ^(qū)) removed or resolved.",
)
