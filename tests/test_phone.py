"""The messages a reader sends, in the language they are sent in.

On every playbook page in every language, a message template holds the Chinese to send
(``[data-template]``, its ``[data-copy-text]``): Simplified with an English gloss
(``[data-template-gloss]``) on English pages, Simplified offered beside Traditional on zh-Hant
pages (``button[data-copy="zh-Hans"]``).
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from conftest import PLAYBOOKS
from disputekb.editorial import HAN, strip_brackets
from disputekb.i18n import BY_CODE, LANGS
from disputekb.library import load_library
from disputekb.model import Library, Playbook


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library(PLAYBOOKS)


# Messages in the language they are sent in ----------------------------------------------------------

_COPY_TEXT = re.compile(r'<p class="kb-template__text" lang="([^"]+)" data-copy-text="([^"]+)">(.*?)</p>', re.S)
_GLOSS = re.compile(
    r'<div class="kb-template__gloss" data-template-gloss>.*?<p class="kb-template__text">(.*?)</p>', re.S
)
_COPY_BUTTON = re.compile(r'<button [^>]*data-copy="([^"]+)"')


@pytest.fixture(scope="module")
def rendered(lib: Library) -> dict[tuple[str, str], str]:
    """Every playbook page's HTML, by (language code, playbook id), without a build."""
    from disputekb import pages
    from disputekb.chinese import Converter
    from disputekb.render import Site
    from disputekb.urls import Urls

    site = Site(lib, Urls(), Converter(lib.overrides))
    return {
        (lang.code, pb.id): pages.render_playbook(site, pb, lang).html
        for pb in lib.playbooks.values()
        for lang in LANGS
    }


def _texts(pb: Playbook) -> list[Any]:
    return [m.text for node in pb.nodes.values() for m in getattr(node, "templates", ())]


@pytest.mark.parametrize("code", ["en", "zh-hant", "zh-hans"])
def test_templates_hold_the_chinese_to_send_on_every_playbook_page(
    lib: Library, rendered: dict[tuple[str, str], str], code: str
) -> None:
    send = {"en": "zh-Hans", "zh-hant": "zh-Hant", "zh-hans": "zh-Hans"}[code]
    checked = 0
    for pb in lib.playbooks.values():
        page = rendered[(code, pb.id)]
        # From each template to the next: only templates hold copy texts, glosses and copy buttons.
        blocks = page.split(" data-template>")[1:]
        texts = _texts(pb)
        assert len(blocks) == len(texts), pb.id
        for block, text in zip(blocks, texts, strict=True):
            copies = _COPY_TEXT.findall(block)
            # The first text is the one to send: Chinese, in the script of the recipient.
            lang, tag, first = copies[0]
            assert lang == tag == send, (pb.id, copies)
            first = html.unescape(first)
            assert HAN.search(first), (pb.id, first)
            if "{" not in text.en:  # a cross-reference becomes its target's title
                assert first == text[BY_CODE[send.lower()]], (pb.id, first)
            buttons = _COPY_BUTTON.findall(block)
            assert buttons[0] == send, (pb.id, buttons)
            if code == "en":
                # The English beside it, as a gloss, never copied.
                (gloss,) = _GLOSS.findall(block)
                gloss = html.unescape(gloss)
                assert gloss and not HAN.search(strip_brackets(gloss)), (pb.id, gloss)
                assert "data-copy-text" not in block.split("data-template-gloss")[1]
                assert buttons == ["zh-Hans"]
            elif code == "zh-hant":
                # A mainland recipient: the Simplified version, with its own copy button.
                assert buttons == ["zh-Hant", "zh-Hans"], (pb.id, buttons)
                assert [c[1] for c in copies] == ["zh-Hant", "zh-Hans"]
                if "{" not in text.en:
                    assert html.unescape(copies[1][2]) == text.zh_hans
                assert "data-template-gloss" not in block
            else:
                assert buttons == ["zh-Hans"] and len(copies) == 1 and "data-template-gloss" not in block
            checked += 1
    assert checked > 50  # the playbooks' templates, not a handful
