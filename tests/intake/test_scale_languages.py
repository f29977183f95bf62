"""Issue 19: the PHQ-9 and GAD-7 shown in the patient's language are the publisher's text,
word for word from screening.intake.scale_texts, never the .po catalogues; English otherwise."""

import pytest
from django.utils import translation

from screening.intake import scale_texts
from screening.intake import scales_english as english
from screening.intake.scales import (
    GAD7_ATTRIBUTION,
    GAD7_STEM,
    PHQ9_ATTRIBUTION,
    STEM,
    Gad7Form,
    Phq9Form,
)

SHAPE = {"phq9": 9, "gad7": 7}


@pytest.mark.parametrize("language", sorted(scale_texts.TRANSLATIONS))
@pytest.mark.parametrize("scale", ["phq9", "gad7"])
def test_each_translation_is_complete_and_names_its_source(language, scale):
    text = scale_texts.TRANSLATIONS[language][scale]
    assert len(text.items) == SHAPE[scale] and len(text.answers) == 4
    assert all(item.strip() for item in text.items) and text.stem.strip()
    assert "phqscreeners.com" in text.source
    assert text.confirmed is False  # until the clinic checks it against its licensed copy
    if scale == "phq9":
        assert text.functional_question and len(text.functional_choices or ()) == 4


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_the_forms_show_the_publishers_words_in_the_active_language(language):
    phq9 = scale_texts.TRANSLATIONS[language]["phq9"]
    gad7 = scale_texts.TRANSLATIONS[language]["gad7"]
    with translation.override(language):
        form = Phq9Form()
        labels = [form.fields[f"item{n}"].label for n in range(1, 10)]
        assert labels == [f"{n}. {item}" for n, item in enumerate(phq9.items, start=1)]
        choices = [str(label) for _, label in form.fields["item1"].choices]
        assert choices == list(phq9.answers)
        assert str(form.fields["functional_difficulty"].label) == phq9.functional_question
        assert str(STEM) == phq9.stem and str(PHQ9_ATTRIBUTION) == phq9.attribution
        gad = Gad7Form()
        assert gad.fields["item7"].label == f"7. {gad7.items[6]}"
        assert [str(label) for _, label in gad.fields["item1"].choices] == list(gad7.answers)
        assert str(GAD7_STEM) == gad7.stem and str(GAD7_ATTRIBUTION) == gad7.attribution
        # A refused answer is our own sentence, translated through the catalogue.
        assert Phq9Form(data={}).errors["item1"] != ["Please choose an answer for this question."]


def test_english_and_any_other_language_get_the_original():
    for language in ("en", "ht"):
        with translation.override(language):
            form = Phq9Form()
            assert form.fields["item9"].label == f"9. {english.PHQ9_ITEMS[8]}"
            assert str(STEM) == english.STEM
    assert scale_texts.in_english_only("phq9", "ht")
    assert not scale_texts.in_english_only("phq9", "es")
    assert not scale_texts.in_english_only("gad7", "en")


def test_the_scores_do_not_depend_on_the_language():
    answers = {f"item{n}": "2" for n in range(1, 10)}
    results = []
    for language in ("en", "es", "pt-br"):
        with translation.override(language):
            form = Phq9Form(data=answers)
            assert form.is_valid(), form.errors
            results.append(form.answers())
    assert results[0] == results[1] == results[2] == [2] * 9
