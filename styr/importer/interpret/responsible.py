"""Split an "ansvarig" cell into separate roles.

"Enhetschef Norr Enhetschef Resursteamet" names two roles; "Verksamhetschef, enhetschefer"
two; "Enhetschefer myndighet och Söder" one role for two units. A new role starts at a
comma, "och", "/" or a repeated role word, but only where a role word actually follows.
"""

from __future__ import annotations

import re

from styr.importer.interpret import vocab
from styr.importer.interpret.markup import without_bullets


def _is_role(word: str) -> bool:
    return bool(vocab.ROLE_WORD_RE.match(word.strip(",.;:/()")))


def split_responsible(cell: str) -> list[str]:
    text = without_bullets(cell)
    if not text:
        return []
    roles: list[str] = []
    for chunk in _split_on_separators(text):
        roles.extend(_split_on_role_words(chunk))
    return [r for r in (r.strip(" ,;") for r in roles) if r]


def _split_on_separators(text: str) -> list[str]:
    """Commas, semicolons and "och" separate roles only when a role word follows them."""
    parts = re.split(r"\s*(,|;|\boch\b)\s*", text)
    chunks = [parts[0]]
    for index in range(1, len(parts), 2):
        separator, following = parts[index], parts[index + 1]
        first_word = following.split(" ", 1)[0] if following else ""
        if following and (_is_role(first_word) or first_word.lower() in vocab.ROLE_QUALIFIERS):
            chunks.append(following)
        else:
            glue = separator.strip()
            chunks[-1] = f"{chunks[-1]}{glue if glue in {',', ';'} else ' ' + glue} {following}"
    return [c.strip() for c in chunks if c.strip()]


def _split_on_role_words(chunk: str) -> list[str]:
    words = chunk.split()
    roles: list[list[str]] = []
    for index, word in enumerate(words):
        previous = words[index - 1].lower() if index else ""
        starts_role = (
            _is_role(word)
            and roles
            and previous not in vocab.ROLE_QUALIFIERS
            and previous not in {"och", "för", "på", "i", "inom", "av"}
            and word[:1].isupper()
        )
        if not roles or starts_role:
            roles.append([word])
        else:
            roles[-1].append(word)
    return [" ".join(r) for r in roles]
