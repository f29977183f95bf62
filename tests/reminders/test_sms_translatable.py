"""Every text template is marked for translation, whole, and its English is unchanged."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import loader
from django.template.base import TextNode, TokenType, VariableNode
from django.templatetags.i18n import BlockTranslateNode
from django.utils import translation

SMS_DIR = Path(settings.BASE_DIR) / "templates" / "sms"
TEMPLATES = sorted(path.name for path in SMS_DIR.glob("*.txt"))

ENGLISH = {
    "checkin.txt": "Clinic: We would like to hear how you have been (2 minutes): LINK "
    "Reply STOP to stop texts.",
    "next_steps.txt": "Clinic: Thank you for getting in touch. Our team will contact you "
    "soon. LINK Reply STOP to stop texts.",
    "resume_intake.txt": "Clinic: Your form is saved. Continue here (works once): LINK "
    "Reply STOP to stop texts.",
    "resume_link.txt": "Clinic: Here is your link to continue (works once): LINK "
    "Reply STOP to stop texts.",
    "received.txt": "Clinic: Thank you. We have received your answers. Your reference number "
    "is REF-000001. Reply STOP to stop texts.",
}
# The placeholders a translator sees in each text: the clinic's name and one more.
PLACEHOLDERS = {"received.txt": {"clinic_name", "reference"}}


def test_every_template_is_pinned_here():
    assert sorted(ENGLISH) == TEMPLATES


@pytest.mark.parametrize("name", TEMPLATES)
def test_no_word_of_a_text_is_outside_a_blocktranslate(name):
    nodelist = loader.get_template(f"sms/{name}").template.nodelist
    blocks = list(nodelist.get_nodes_by_type(BlockTranslateNode))
    assert blocks, f"sms/{name} has no {{% blocktranslate %}}"
    # The sentence inside a blocktranslate is tokens, not nodes: any node left is outside it.
    for node in nodelist.get_nodes_by_type(TextNode):
        assert not node.s.strip(), f"sms/{name}: untranslatable text {node.s!r}"
    outside = list(nodelist.get_nodes_by_type(VariableNode))
    assert not outside, f"sms/{name}: {outside} outside the translated sentence"
    # The placeholders a translator sees are the two context names, nothing else.
    names = {
        token.contents
        for block in blocks
        for token in block.singular
        if token.token_type == TokenType.VAR
    }
    assert names == PLACEHOLDERS.get(name, {"clinic_name", "link"})


@pytest.mark.parametrize("name", TEMPLATES)
def test_the_english_text_is_unchanged(name):
    with translation.override("en"):
        text = loader.render_to_string(
            f"sms/{name}", {"clinic_name": "Clinic", "link": "LINK", "reference": "REF-000001"}
        )
    assert text.strip() == ENGLISH[name]
