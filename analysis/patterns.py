"""Every compiled regular expression the package uses, in one place, as ``RE_*`` constants.

Character classes are built from named pieces so a reader can see what, say, "a Chinese
character" means here: the CJK Unified Ideographs and Extension A blocks plus the
compatibility ideographs.
"""

from __future__ import annotations

import re

#: A Chinese character (CJK Unified Ideographs, Extension A, compatibility ideographs).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RE_HAN = re.compile(f"[{HAN}]")
RE_DIGIT = re.compile(r"\d")
#: Pinyin vowels carrying a tone mark, as used in reading glosses such as ``區(qū)``.
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
#: Chinese numerals used in heading numbers.
CN_NUM = "一二三四五六七八九十百零〇两"
#: Punctuation that may end a line of running text (a sentence or clause end).
LINE_END_PUNCT = "。！？；：…”’）》」』!?;:)\u3002"
#: Horizontal white space, including the ideographic space and no-break spaces.
SPACE = " \t\u00a0\u2002\u2003\u2009\u200a\u202f\u205f\u3000"

# --- raw-text hygiene -------------------------------------------------------------------
#: Line separators other than ``\n``: RE_NEWLINE turns each (and ``\r\n``) into ``\n``.
LINE_SEPARATORS = "\r\u2028\u2029\x0b\x0c\x85"
RE_NEWLINE = re.compile(rf"\r\n?|[{LINE_SEPARATORS}]")
RE_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f]")
#: Escapes that exports leave in text: R's ``<U+00A0>`` (a character written by its code
#: point when the locale could not show it) and HTML references (``&nbsp;`` ``&#8220;``).
RE_ESCAPE = re.compile(r"<U\+([0-9A-Fa-f]{4,6})>|&(?:#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z][A-Za-z0-9]{1,7});")
#: Characters that PDF text extraction puts for ideographs: Kangxi radicals (⼀ U+2F00 for
#: 一), CJK radicals supplement, and CJK compatibility ideographs; NFKC maps each to the
#: unified ideograph.
RE_COMPATIBILITY = re.compile(r"[\u2e80-\u2ef3\u2f00-\u2fd5\uf900-\ufaff]")
#: Look-alikes typed for 〇 (U+3007) in a year written in Chinese numerals: ○ (U+25CB),
#: ◯ (U+25EF), Ｏ, O, 0, o, ｏ.
ZERO_LOOKALIKES = "○◯ＯO0oｏ"
#: A year of four Chinese numerals before 年, at least one of them a look-alike of 〇 and one a
#: numeral proper (二○二五年, 一九九O年).
RE_YEAR_LOOKALIKE_ZERO = re.compile(
    rf"(?<![{ZERO_LOOKALIKES}〇零一二三四五六七八九A-Za-z0-9])"
    rf"(?=[{ZERO_LOOKALIKES}〇一二三四五六七八九]{{0,3}}[{ZERO_LOOKALIKES}])(?=[{ZERO_LOOKALIKES}〇]{{0,3}}[一二三四五六七八九])"
    rf"[{ZERO_LOOKALIKES}〇一二三四五六七八九]{{4}}(?=年)"
)
#: A line this long holds several paragraphs run together (a flattened report: a
#: Stata/Excel cell or a crawl without line breaks). The longest paragraph of the shipped
#: reports is ~2,400 characters; a whole report is 10,000-40,000.
FLAT_LINE = 3000
#: One space (ASCII or no-break) with none beside it; and what ends a sentence or a salutation.
RE_SINGLE_SPACE = re.compile(r"(?<![ \u00a0\u2003\u3000])[ \u00a0](?![ \u00a0\u2003\u3000])")
SENTENCE_END_PUNCT = "。！？；：!?;:"
#: In a flattened line, where one paragraph ended and the next began: a run of two or more
#: spaces (ASCII, no-break, em or ideographic), or one ideographic/em space after a
#: sentence end, or nothing at all after a sentence end before a part or section number
RE_FLAT_BREAK = re.compile(
    r"[ \u00a0\u2003\u3000]{2,}|(?<=[。！？；：])[\u2003\u3000]"
    # (not 一、二、三产业: a list of numbers is no heading) or before a dash-led or salutation paragraph
    r"|(?<=[。！？；])(?=[一二三四五六七八九十]{1,3}、(?![一二三四五六七八九十])|（[一二三四五六七八九十]{1,3}）"
    r"|第[一二三四五六七八九十]{1,3}部分|——|各位代表[，！：])"
    # and, after anything, the opening salutation and a dash-led occasion line
    r"|(?<=[^\n])(?=各位代表[：:]|——\d{4}年)"
)

# --- pinyin reading glosses -------------------------------------------------------------
_SYLLABLE = rf"[a-zü]*[{TONED}][a-zü]*"
#: ``區(qū)``: a gloss right after the Chinese character it reads.
RE_PINYIN_GLOSS = re.compile(rf"(?<=[{HAN}])\({_SYLLABLE}\)")
#: A gloss whose character was lost: ``?yún)`` (a ``?`` where ``X(`` stood).
RE_DAMAGED_GLOSS = re.compile(rf"\?{_SYLLABLE}\)")
#: A gloss after something that is not a Chinese character (``^(qū)``, ``l(fā)``).
RE_STRAY_GLOSS = re.compile(rf"(?<![{HAN}])\({_SYLLABLE}\)")

# --- width and punctuation --------------------------------------------------------------
RE_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
#: A full-width per-cent sign, a full-width decimal point next to a digit, or a range dash
#: between numbers.
RE_FULLWIDTH_NUMPUNCT = re.compile(
    r"％|(?<=[0-9\uff10-\uff19])[．]|[．](?=[0-9\uff10-\uff19])"
    r"|(?<=[0-9\uff10-\uff19％%])[－～](?=[0-9\uff10-\uff19])"  # ranges: 6.5%－7%
)
#: A number written with thousands separators: ``27,203,319,000`` (groups of exactly three).
RE_THOUSANDS = re.compile(r"(?<![\d.,，])\d{1,3}(?:[,，]\d{3})+(?![\d]|[,，]\d)")
RE_THOUSANDS_SEP = re.compile(r"[,，]")
#: ASCII punctuation with Chinese text on at least one side.
RE_ASCII_COMMA = re.compile(rf"(?<=[{HAN}”’）》])[{SPACE}]*,[{SPACE}]*|[{SPACE}]*,[{SPACE}]*(?=[{HAN}“‘（《])")
RE_ASCII_COLON = re.compile(rf"(?<=[{HAN}”）])[{SPACE}]*:[{SPACE}]*|[{SPACE}]*:(?=[{HAN}“（])")
RE_ASCII_SEMICOLON = re.compile(rf"(?<=[{HAN}”）])[{SPACE}]*;[{SPACE}]*|[{SPACE}]*;(?=[{HAN}“（])")
RE_ASCII_PAREN_PAIR = re.compile(rf"\(([^()\n]*[{HAN}][^()\n]*)\)")
RE_ASCII_QUESTION = re.compile(rf"(?<=[{HAN}])\?(?=[{HAN}”\n]|$)|(?<=[{HAN}])!(?=[{HAN}”\n]|$)")
#: A middle dot between the digits of a percentage is its decimal point (``19·5%`` in older
#: reports); the dot of an event's date (“4·11”森林火灾) is not followed by a percent sign.
RE_MIDDOT_DECIMAL = re.compile(r"(?<=\d)[·・](?=\d+[%％])")
#: White space between Chinese characters, or between Chinese and digits/Latin/punctuation.
_CJK_SIDE = rf"[{HAN}□，。、；：！？“”‘’（）《》【】…—]"
RE_SPACE_AFTER_CJK = re.compile(rf"(?<={_CJK_SIDE})[{SPACE}]+(?=[\w%.+\-{HAN}“”（）《》，。、；：])")
RE_SPACE_BEFORE_CJK = re.compile(rf"(?<=[\w%.)）”])[{SPACE}]+(?={_CJK_SIDE})")
#: Spaces inside a number, a typesetting artefact of justified or OCR'd text, which spaces its
#: digits one by one: ``7 4 7 7 2 亿元``, ``8 .8 %`` (Chinese prose separates numbers with 、or ，).
#: A space between numbers of two or more characters is not inside one: it separates two
#: (a Word table's row, its cells joined by a space: ``万人 1.1 1.2以上``; ``2024 2025``) — unless
#: the spacing goes on to the percent sign (national 1998's ``10.0 6 ‰``).
RE_SPACE_IN_NUMBER = re.compile(
    rf"(?<=\d)(?<![\d.]\d)[{SPACE}]+(?=[.]?\d(?![\d.]))|(?<=\d)[{SPACE}]+(?=\d+[{SPACE}]+[%‰])|(?<=\d)[{SPACE}]+(?=[%‰])"
    rf"|(?<=\d[.])[{SPACE}]+(?=\d)"
)
RE_EDGE_SPACE = re.compile(rf"^[{SPACE}]+|[{SPACE}]+$", re.M)
RE_BLANK_LINES = re.compile(r"\n{2,}")
#: Blank lines anywhere, and line breaks at either end of a text.
RE_BLANK_RUN = re.compile(r"^\n+|\n{2,}|\n+$")
#: A line that is only a section number: 二, （三）, 第四.
RE_LONE_NUMBER = re.compile(rf"^(?:[{CN_NUM}]{{1,3}}|[（(][{CN_NUM}]{{1,3}}[）)]|第[{CN_NUM}]{{1,3}}(?:部分)?)$")
#: A bare annex marker on a line of its own (``附件``, ``附件1``, ``附件二：``, ``附录``, ``附表``;
#: GB/T 9704-2012's 附件 line): the annex's title is the next line.
RE_BARE_ANNEX = re.compile(rf"^附[{SPACE}]*[件录表][{SPACE}]*[0-9０-９{CN_NUM}]{{0,3}}[{SPACE}]*[：:]?$")
#: The opening line of back matter, which a report carries after its closing words: an annex
#: marker with or without its title on the line after a number, colon or space
#: (``附件1：2026年十件民生实事``, ``附：``; not ``附件所列…``), or a
#: glossary's title (``名词解释``, ``《政府工作报告》有关内容名词注释``, ``注释``) — never a
#: sentence, never a numbered heading.
RE_BACK_MATTER = re.compile(
    rf"^(?:附[{SPACE}]*[件录表](?:[0-9０-９{CN_NUM}]{{1,3}}[{SPACE}：:]*|[{SPACE}：:]+|$)[^。！？；]{{0,40}}"
    rf"|附[{SPACE}]*[：:][^。！？；]{{0,40}}"
    rf"|(?:《[^》]{{1,20}}》|[^。！？；，、《》（）()0-9０-９{SPACE}]{{1,12}})?(?:中)?(?:有关|相关)?(?:内容|词语|用语)?的?"
    rf"(?:名词解释|名词注释|名词释义|术语解释|词语解释|注释|注解)[：:]?)$"
)
RE_LEADING_NEWLINES = re.compile(r"^\n+|\n+$")

# --- page layout noise ------------------------------------------------------------------
#: A running header: a page number and a short report title on a line of their own.
RE_RUNNING_HEADER = re.compile(
    rf"^[{SPACE}]*\d{{1,3}}[{SPACE}]+[^\n。，！？]{{0,30}}报告[{SPACE}]*$"
    rf"|^[^\n。，！？]{{0,30}}报告[{SPACE}]+\d{{1,3}}[{SPACE}]*$",
    re.M,
)
#: A page number dropped into running text before a Latin token: ``长三角 0 G60``.
RE_INLINE_PAGE_NUMBER = re.compile(rf"(?<=[{HAN}])[{SPACE}]+\d{{1,3}}(?=[{SPACE}]+[A-Za-z])")
#: A lone character left of a line-initial heading number: ``角 (二)``.
RE_STRAY_BEFORE_HEADING = re.compile(
    rf"^[{HAN}][{SPACE}]+(?=[（(][{CN_NUM}]{{1,3}}[)）])", re.M
)

# --- document structure -----------------------------------------------------------------
RE_SALUTATION = re.compile(r"^各位(?:代表|委员|同志)")
#: The occasion line: ``——2024年3月5日在第十四届全国人民代表大会第二次会议上`` (the dash
#: may be missing; the line may be broken after the date; the date may be in Chinese numerals,
#: ``——二〇二六年一月二十八日``).
_DATE = r"(?:\d{4}|[〇零○一二三四五六七八九]{4})年(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日"
RE_OCCASION = re.compile(
    rf"^[—─－-]{{1,2}}[^。！？]{{0,60}}?(?:会议|大会|会上|{_DATE})"
    r"|^\d{4}年\d{1,2}月\d{1,2}日在[^。！？]{0,60}(?:会议|大会)上$"
    # the place on a line of its own, under a date line (云南 2026's page: ——二〇二六年一月二十八日 /
    # 在云南省第十四届人民代表大会第四次会议上)
    r"|^在[^。！？，]{2,60}(?:会议|大会)上$"
    # date, occasion and speaker run together, as newspapers print the header:
    # 2025年1月14日在北京市第十六届人民代表大会第三次会议上北京市市长殷勇同志作政府工作报告。
    r"|^\d{4}年\d{1,2}月\d{1,2}日[^。！？]{0,20}?在[^。！？]{2,50}?(?:会议|大会)[上的][^。！？]{0,30}?(?:报告|讲话)?。?$"
)
RE_TITLE_LINE = re.compile(r"^[^。，！？；]{0,40}(?:政府)?工作报告[^。，！？；]{0,10}$")
#: The speaker: ``国务院总理 李强``, ``自治区主席 艾尔肯·吐尼亚孜``.
RE_SPEAKER = re.compile(
    rf"^[^。，！？；：:\n]{{0,20}}(?:总理|省长|市长|区长|县长|州长|主席|盟长|旗长)"
    rf"[{SPACE}]*[{HAN}][{HAN}·•{SPACE}]{{0,12}}$"
)
#: A bare name on its own line (speaker in the front matter only: ``周恩来``).
RE_BARE_NAME = re.compile(rf"^[{HAN}]{{2,4}}$|^[{HAN}]{{2,6}}·[{HAN}]{{2,8}}$")
RE_DATE_CN = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
RE_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
RE_KEY_VALUE_CHROME = re.compile(
    rf"[（(【\[]?[{SPACE}]*(?:发布时间|发布日期|时间|日期|来源|作者|编辑|责任编辑|点击|浏览|阅读)(?:次数)?[{SPACE}]*[:：]"
)
#: A line of markup, a hash-like link id or a web address, with no Chinese in it.
RE_MARKUP_LINE = re.compile(
    r"^(?:(?:<!--.*?-->|</?[A-Za-z][^<>]*>|&#?\w+;)\s*)+$"  # tags, comments, references
    r"|^[0-9A-Fa-f_\-]{16,}$"  # a link id: a run of hex digits
    r"|^(?:https?://|www\.)\S+$"  # an address
)
#: A line that is one bracketed label: ``【E-mail推荐】``, ``[打印本页]`` (a page control).
RE_BRACKET_LABEL = re.compile(r"^[【\[［〔][^】\]］〕。！？，、]{1,16}[】\]］〕]$")
#: Navigation by shape: a breadcrumb (``当前位置： 首页>> 中国概况``, ``首页 > 政务公开 > 报告``)
#: or a "more" link (``相关附件>>``): items joined or ended by arrows, no sentence punctuation.
RE_NAVIGATION = re.compile(r"^[^。！？，、；]{0,60}(?:>>|＞＞|»|›|→|[>＞])[^。！？，、；]{0,60}$")
#: A photo caption: ``…。湖南日报全媒体记者 刘尚文 摄`` or a line starting ``图：``/``（图）``.
RE_PHOTO_CAPTION = re.compile(rf"(?:记者|摄影|通讯员)[^。！？]{{0,20}}[{SPACE}]?摄[)）]?$|^[(（]?图[)）：:]")
RE_GLOSSARY_START = re.compile(r"^(?:附件|附录)?[^。！？]{0,20}(?:名词解释|名词注释|注释|注解|附件)[:：]?$")
#: An annex after the report: ``附件1``, ``附：2025年民生实事``, ``附表``.
RE_ANNEX_START = re.compile(r"^(?:附件\s*\d*|附表\s*\d*|附录|附)\s*[:：、]?\s*[^。！？]{0,40}$")
RE_SENTENCE_PUNCT = re.compile(r"[。！？；，、]")
#: Separators between words of a tool bar: brackets, bars, colons, arrows, white space.
RE_UI_SEPARATORS = re.compile(rf"[【】\[\]|｜:：>＞»/·•×\-—{SPACE}]+")

#: Heading numbers, in the order a reader meets them; group ``n`` is the number.
RE_HEADINGS = {
    "part": re.compile(rf"^第(?P<n>[{CN_NUM}]+)(?:方面|部分|篇)"),
    "cn_dun": re.compile(rf"^(?P<n>[{CN_NUM}]{{1,3}})[、.．]"),
    "cn_paren": re.compile(rf"^[（(](?P<n>[{CN_NUM}]{{1,3}})[)）]"),
    "cn_shi": re.compile(rf"^(?P<n>[{CN_NUM}]{{1,3}})是"),
    "cn_di": re.compile(rf"^第(?P<n>[{CN_NUM}]{{1,3}})[，,、]"),
    "arabic_dot": re.compile(r"^(?P<n>\d{1,2})[.．、](?!\d)"),
    "arabic_paren": re.compile(r"^[（(](?P<n>\d{1,2})[)）]"),
}
#: A list item's mark at the head of a clause, before the subject it lists: a number (1. 1、
#: （1） 一、 （一） 一是), a circled or bracketed one (① ❶ ⑴ ⒈), a dash (—— –) or a bullet (● ■ ◆ ★ •).
#: Not part of a figure's name (——地区生产总值增长6%左右 is 地区生产总值's); not a numeral listing
#: others (一、二、三产业, 一、二产业; but 二、一般公共预算收入 is item 二's), and □ (a lost character) is no bullet.
RE_ITEM_MARK = re.compile(
    rf"^(?:[（(]?(?:\d{{1,2}}|[{CN_NUM}]{{1,3}})[)）]|\d{{1,2}}[.．、](?!\d)|[{CN_NUM}]{{1,3}}[.．、](?![{CN_NUM}](?:[、和及与至到]|产业))|[{CN_NUM}]{{1,2}}是"
    r"|[\u2460-\u249b\u24eb-\u24ff\u2776-\u2793]|[—–]{1,2}|-(?!\d)|[●○■◆◇★☆•▪►▶])"
)
#: What is left of a paren number at the start of a damaged heading: ``（三）``, ``□）``, ``）``,
#: after lost characters joined in front (the seed's ``□（六）``: a line of □ before the line
#: whose bytes the restorer read as ``（六）``).
RE_DAMAGED_PAREN_NUMBER = re.compile(rf"□*[（(]?[{CN_NUM}□]{{0,3}}[)）]")
#: Where a sentence ends: after 。！？ (and closing quotes/brackets right after them), or ；.
RE_SENTENCE_END = re.compile(r"[^。！？；\n]*(?:[。！？；]+[”’」』）)]*|$)")

# --- the same patterns, written to scan fast ---------------------------------------------
# Python's regex engine jumps straight to the places where a pattern's first character (a
# literal fastest of all, else a character class) occurs, but tries a pattern that opens
# with a lookbehind, an anchor or a repeat at every position of the text. Each ``*_SCAN``
# pattern matches exactly what the pattern it is named after matches (same spans, in the
# same order; tests/test_clean.py checks), rewritten to open with one character or class:
# a lookbehind moved after it and widened by that character. The originals above stay the
# readable definitions; the cleaning steps scan with these.
RE_PINYIN_GLOSS_SCAN = re.compile(rf"\((?<=[{HAN}]\(){_SYLLABLE}\)")
RE_STRAY_GLOSS_SCAN = re.compile(rf"\((?<![{HAN}]\(){_SYLLABLE}\)")
#: The characters every RE_FULLWIDTH_NUMPUNCT match is one of.
FULLWIDTH_NUMPUNCT = "％．－～"
RE_FULLWIDTH_NUMPUNCT_SCAN = re.compile(
    rf"[{FULLWIDTH_NUMPUNCT}]" r"(?:(?<=％)|(?<=[0-9\uff10-\uff19]．)|(?<=．)(?=[0-9\uff10-\uff19])"
    r"|(?<=[0-9\uff10-\uff19％%][－～])(?=[0-9\uff10-\uff19]))"
)
RE_THOUSANDS_SCAN = re.compile(r"\d(?<![\d.,，]\d)\d{0,2}(?:[,，]\d{3})+(?![\d]|[,，]\d)")
RE_INLINE_PAGE_NUMBER_SCAN = re.compile(
    rf"[{SPACE}](?<=[{HAN}][{SPACE}])[{SPACE}]*\d{{1,3}}(?=[{SPACE}]+[A-Za-z])"
)
RE_BLANK_LINES_SCAN = re.compile(r"\n\n+")
#: A run of spaces that RE_EDGE_SPACE, RE_SPACE_AFTER_CJK, RE_SPACE_BEFORE_CJK or
#: RE_SPACE_IN_NUMBER matches. Each matches whole runs only (never a space before or after
#: the run), so one scan for the runs any of them fits finds exactly the runs the four find.
RE_STRAY_SPACE_SCAN = re.compile(
    rf"[{SPACE}](?:(?<![^\n][{SPACE}])[{SPACE}]*|[{SPACE}]*$"  # at a line's start or end
    rf"|(?<={_CJK_SIDE}[{SPACE}])[{SPACE}]*(?=[\w%.+\-{HAN}“”（）《》，。、；：])"  # after Chinese
    rf"|(?<=[\w%.)）”][{SPACE}])[{SPACE}]*(?={_CJK_SIDE})"  # before Chinese
    rf"|(?<=\d[{SPACE}])(?<![\d.]\d[{SPACE}])[{SPACE}]*(?=[.]?\d(?![\d.]))"  # in a number
    rf"|(?<=\d[{SPACE}])[{SPACE}]*(?=\d+[{SPACE}]+[%‰])|(?<=\d[{SPACE}])[{SPACE}]*(?=[%‰])"
    rf"|(?<=\d[.][{SPACE}])[{SPACE}]*(?=\d))",
    re.M,
)
#: A separator before three digits, which every RE_THOUSANDS match has: two patterns, each
#: opening with a literal, so a text without thousands separators is passed over quickly.
RE_THOUSANDS_HINTS = (re.compile(r",\d{3}"), re.compile(r"，\d{3}"))
#: Any of the heading numbers of RE_HEADINGS at a line start (multi-line): a paragraph no
#: numbering style fits is passed over with one test.
RE_HEADING_ANY = re.compile("|".join(rx.pattern for rx in RE_HEADINGS.values()).replace("(?P<n>", "(?:"), re.M)
#: A run of horizontal white space.
RE_SPACES = re.compile(rf"[{SPACE}]+")
#: The line break after a line that does not end with sentence punctuation (and is not
#: empty): where a broken line may have to be joined to the next.
RE_OPEN_LINE_END = re.compile(rf"\n(?<=[^\n{re.escape(LINE_END_PUNCT)}]\n)")
#: The end of a sentence: 。！？ and any closing quotes or brackets right after them.
RE_SENTENCE_CLOSE = re.compile(r"[。！？]+[”’」』）)]*")

#: A table's column heading that says the column holds units (单位, 计量单位).
RE_UNIT_HEADING = re.compile(r"^(?:计量)?单位$")
#: A piece of a table row's name cell on a line of its own (the rest of a wrapped name, 增长, or
#: its start, 一般公共预算收入): short, no figure or percent sign, no clause.
RE_NAME_PIECE = re.compile(r"[^\d%％‰。！？；!?;，,、：:\t]{1,12}")
