"""Human- and machine-readable views of a Document: cleaning report, heading tree."""

from __future__ import annotations

from .document import Document


def format_cleaning_report(doc: Document) -> str:
    """The cleaning report as text: edits per step, then every flagged span.

    Flagged spans give raw offsets (``raw_start:raw_end`` in the decoded file), the raw text
    and what cleaning wrote, and why a reader should check it.
    """
    rep = doc.report
    lines = [f"cleaning report: {doc.metadata.get('path', doc.doc_id)}"]
    if "encoding" in doc.metadata:
        lines.append(f"encoding: {doc.metadata['encoding']}")
    lines.append(f"raw characters: {len(doc.raw_text)}  cleaned characters: {len(doc.text)}")
    lines.append("")
    lines.append("edits per step:")
    for step, n in rep.counts.items():
        lines.append(f"  {step:<30} {n:>6}")
    flagged = rep.flagged
    lines.append("")
    lines.append(f"flagged spans: {len(flagged)}")
    for row in flagged.itertuples():
        before = row.before.replace("\n", "\\n")
        lines.append(f"  raw {row.raw_start}:{row.raw_end}  {before!r} -> {row.after!r}  [{row.step}] {row.flag}")
    return "\n".join(lines) + "\n"


def structure_dict(doc: Document) -> dict:
    """``{"title", "occasion", "speaker", "date", "headings": [...], "annexes": [...]}`` for JSON output."""
    meta = doc.metadata
    heads = [
        {
            "level": int(h.level),
            "number": h.number,
            "text": h.text,
            "flagged": bool(h.flagged),
            "inline": bool(h.inline),
            "start": int(h.start),
            "raw_start": doc.raw_span(int(h.start), int(h.end))[0],
        }
        for h in doc.headings.itertuples()
    ]
    return {
        "doc_id": doc.doc_id,
        "title": meta.get("title", ""),
        "occasion": meta.get("occasion", ""),
        "speaker": meta.get("speaker", ""),
        "date": meta.get("date", ""),
        "paragraphs": int(len(doc.paragraphs)),
        "sentences": int(len(doc.sentences)),
        "headings": heads,
        "annexes": annexes(doc),
    }


def annexes(doc: Document) -> list[dict]:
    """The back matter after the report's closing words (annexes, a glossary), each with its
    label, paragraph count and offsets of its first line (the paragraphs of kind ``appendix``,
    by :func:`analysis.structure.back_matter`)."""
    rows = doc.paragraphs[doc.paragraphs["kind"] == "appendix"]
    out = []
    for label, g in rows.groupby("part", sort=False):
        start, end = int(g["start"].iloc[0]), int(g["end"].iloc[0])
        out.append({"label": label, "paragraphs": int(len(g)), "start": start,
                    "raw_start": doc.raw_span(start, end)[0]})
    return out


def format_structure(doc: Document) -> str:
    """The heading tree as indented text, each heading under its parent and numbered as the
    report writes it (``一、``, ``（一）``, ``一是`` …); damaged headings marked ``[flagged]``."""
    d = structure_dict(doc)
    out = [f"title:    {d['title']}", f"occasion: {d['occasion']}"]
    if d["speaker"]:
        out.append(f"speaker:  {d['speaker']}")
    out.append(f"date:     {d['date']}")
    out.append(f"{d['paragraphs']} paragraphs, {d['sentences']} sentences, {len(d['headings'])} headings")
    out.append("")
    depth: dict[int, int] = {}
    for h in doc.headings.itertuples():
        depth[h.heading_id] = depth.get(h.parent_id, -1) + 1
        mark = "  [flagged]" if h.flagged else ""
        out.append(f"{'  ' * depth[h.heading_id]}{_numbering(doc, h)}  {h.text}{mark}")
    if d["annexes"]:
        out += ["", "back matter (after the closing words; its numbering is not the report's):"]
        out += [f"  {a['label']}  ({a['paragraphs']} paragraphs)" for a in d["annexes"]]
    return "\n".join(out) + "\n"


def _numbering(doc: Document, h) -> str:
    """A heading's number as written before its text (``（三）``, ``三是``), else its number."""
    label = doc.text[h.start : h.end]
    i = label.find(h.text) if h.text else len(label)
    written = label[:i].rstrip(" ：:") if i > 0 else ""
    return written if h.number in written else h.number
