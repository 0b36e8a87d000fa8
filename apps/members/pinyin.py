"""Pinyin initials of Chinese names, for search (张三 → zs)."""

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# Surnames read differently from the character's common reading (曾 zēng, not céng).
SURNAME_INITIALS = {
    "曾": "z", "单": "s", "仇": "q", "区": "o", "解": "x", "查": "z", "朴": "p", "覃": "q",
    "乐": "y", "翟": "z", "盖": "g", "缪": "m", "员": "y", "种": "c", "秘": "b", "召": "s",
    "繁": "p", "尉": "y", "长": "c", "句": "g", "阚": "k", "万俟": "mq", "尉迟": "yc",
}  # fmt: skip


@lru_cache(maxsize=65536)  # names repeat (张伟, 王芳…): a roster import looks each up once
def name_initials(name: str) -> str:
    """Lower-case initials of a name's syllables; other characters are kept as they are."""
    name = name.strip()
    for surname in sorted(SURNAME_INITIALS, key=len, reverse=True):
        if name.startswith(surname):
            rest = lazy_pinyin(name[len(surname) :], style=Style.FIRST_LETTER)
            return (SURNAME_INITIALS[surname] + "".join(rest)).lower()
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()
