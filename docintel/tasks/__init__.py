"""Obligations: the numbered tasks of a dispatch, the bodies they oblige, their deadlines (issue 3).

A dispatch places obligations in three ways (Decree 30/2020/NĐ-CP practice):

* numbered items of the directive body — ``1.``, ``2)``, ``1/``, ``2.1.``, lettered children
  ``a)``, bullets ``-``/``+``, under optional roman sections ``I.``/``II.`` — ids ``1``, ``1.a``,
  ``2.1.7`` (a child keeps its ``parent``);
* in a letter without numbered directive items, each directive sentence
  ("Đề nghị Cục Thuế … kiểm tra …", "Giao Sở Y tế …") — ids ``p1``, ``p2`` …;
* in a quyết định, the article naming who executes it ("Điều 3. Chánh Văn phòng …
  chịu trách nhiệm thi hành Quyết định này") — id ``Điều 3``, kind ``article``; the
  numbered duties inside an article ("Điều 2. Nhiệm vụ của Ban Chỉ đạo: 1. …") and the
  items of a plan issued with it (``segments.appendix``) are its children;
* rows of a task table (``STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn``,
  one line per row as the PDF/DOCX readers write them) — ids from the STT cell (``1``,
  ``1.2``; ``II.1`` when each section restarts the numbering), kind ``row``; the lead and
  support cells give the assignees, the deadline cell the deadline (a bare ``Quý I/2029``,
  ``2026`` or ``Thường xuyên`` is one there); in an appendix the ids take ``PL.``
  (``PL.B<n>.`` when the plan's own items already use those numbers).

Not tasks: items inside quotations of other documents, lists a legal citation
introduces ("Tại Điều 5 Thông tư … quy định: 1. …"), section headings, and numbered
explanation paragraphs ("1. Về …", "2. Đối với …") that oblige no one by a frame.

Assignees come from the item itself (a subject before its predicate, "X: …" headings,
the frames of ``rules/assignment.yaml``: giao/yêu cầu/đề nghị X → lead, phối hợp với Y →
support), else from the enclosing heading or the list's lead-in sentence, else from the
``Kính gửi`` addressees (``inferred=True``). Names are kept as written, with their spans,
and resolved against the agency registry for ``agency_id``.

Where the code is (one module per stage of the data's path, in import order — each imports only
modules above it):

=================  ===========================================================================
``_vocab.py``      rule data: ``rules/assignment.yaml`` and registry names → :func:`vocab`
``_tokens.py``     tokens (:class:`_Tok`) and phrase matching (:func:`_match_at`)
``_names.py``      names of bodies: :class:`_Scanner` (start, end, split), vague/generic names
``_context.py``    the document context :class:`_Ctx`: cached tokens, issuer, Kính gửi addressees,
                   "(gọi tắt là …)" names; a name resolved against them (:func:`_expand`)
``_items.py``      the list-item tree (:func:`_parse_items`), ordinals, quoted lists, "9," markers
``_frames.py``     who a stretch obliges: frames and subjects (:func:`_find`,
                   :func:`_subject_directive`), addressees as subjects, imperative openers
``_sections.py``   duty headings, statement sections, definitions, report names, amendments,
                   implementation titles
``_walk.py``       emitting tasks: the item walk (:func:`_walk`), sentence tasks, assignees,
                   deadlines (:class:`_Emit`, :func:`_task`)
``_tables.py``     task tables: header roles, rows, cell bodies, deadline cells
``_extract.py``    the pipeline step :func:`extract_tasks` tying the stages together
=================  ===========================================================================
"""

from ._extract import extract_tasks
from ._vocab import vocab

__all__ = ["extract_tasks", "vocab"]
