# ruff: noqa: RUF001  (the sentences are in their own scripts: Greek letters, full-width commas)
"""The notice of free language help (issue 19; Section 1557 of the Affordable Care Act expects
one in the languages most spoken in the state), shown on the "Language help" page and, short, in
every patient page's footer.

Which languages: the 15 most spoken at home in Massachusetts after English, from the US Census
Bureau's American Community Survey (5-year estimates, table C16001 "Language spoken at home for
the population 5 years and over", Massachusetts), in that order as far as it could be read here,
with Cape Verdean Creole listed on its own (the ACS counts it under Portuguese) because the
state's agencies translate into it (mass.gov language-access notices).
⚠ for the clinic: confirm the list and order against the current ACS table on data.census.gov;
it could not be checked figure by figure from here.

The sentences are not gettext strings: each one IS its language's version, shown to everyone.
They were written here, not by a certified translator.
⚠ for the clinic's medical translator: check every sentence (locale/REVIEW.md lists them).
"""

import functools
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class LanguageNotice:
    code: str  # BCP 47, for the lang attribute
    english_name: str
    native_name: str
    available: str  # "Free language help is available to you."
    how_to_ask: str  # "To ask for it, call {phone}."
    direction: str = "ltr"

    def how_to_ask_with(self, phone: str) -> str:
        return self.how_to_ask.format(phone=phone)


LANGUAGE_NOTICES: Final = (
    LanguageNotice(
        "es",
        "Spanish",
        "Español",
        "Tenemos ayuda gratis con el idioma para usted.",
        "Para pedirla, llame al {phone}.",
    ),
    LanguageNotice(
        "pt-BR",
        "Portuguese",
        "Português",
        "Você pode ter ajuda gratuita com o idioma.",
        "Para pedir, ligue para {phone}.",
    ),
    LanguageNotice(
        "zh-Hans",
        "Chinese",
        "中文",
        "我们为您提供免费的语言帮助。",
        "如需帮助，请致电 {phone}。",
    ),
    LanguageNotice(
        "ht",
        "Haitian Creole",
        "Kreyòl ayisyen",
        "Gen èd gratis nan lang ou pou ou.",
        "Pou mande li, rele {phone}.",
    ),
    LanguageNotice(
        "vi",
        "Vietnamese",
        "Tiếng Việt",
        "Chúng tôi có hỗ trợ ngôn ngữ miễn phí cho quý vị.",
        "Để yêu cầu, xin gọi số {phone}.",
    ),
    LanguageNotice(
        "ru",
        "Russian",
        "Русский",
        "Вам доступна бесплатная языковая помощь.",
        "Чтобы её получить, позвоните по номеру {phone}.",
    ),
    LanguageNotice(
        "fr",
        "French",
        "Français",
        "Une aide linguistique gratuite est à votre disposition.",
        "Pour la demander, appelez le {phone}.",
    ),
    LanguageNotice(
        "ar",
        "Arabic",
        "العربية",
        "تتوفر لك مساعدة لغوية مجانية.",
        "لطلبها، اتصل على الرقم {phone}.",
        direction="rtl",
    ),
    LanguageNotice(
        "km",
        "Khmer",
        "ខ្មែរ",
        "មានជំនួយភាសាដោយឥតគិតថ្លៃសម្រាប់អ្នក។",
        "ដើម្បីស្នើសុំ សូមទូរស័ព្ទមកលេខ {phone}។",
    ),
    LanguageNotice(
        "kea",
        "Cape Verdean Creole",
        "Kriolu kabuverdianu",
        "Nu ten ajuda di lingua di grasa pa bo.",
        "Pa pidi-l, liga pa {phone}.",
    ),
    LanguageNotice(
        "it",
        "Italian",
        "Italiano",
        "È disponibile un aiuto linguistico gratuito.",
        "Per richiederlo, chiami il {phone}.",
    ),
    LanguageNotice(
        "el",
        "Greek",
        "Ελληνικά",
        "Διατίθεται δωρεάν γλωσσική βοήθεια για εσάς.",
        "Για να τη ζητήσετε, καλέστε στο {phone}.",
    ),
    LanguageNotice(
        "ko",
        "Korean",
        "한국어",
        "무료 언어 지원을 받으실 수 있습니다.",
        "요청하시려면 {phone}번으로 전화하십시오.",
    ),
    LanguageNotice(
        "pl",
        "Polish",
        "Polski",
        "Dostępna jest bezpłatna pomoc językowa.",
        "Aby o nią poprosić, zadzwoń pod numer {phone}.",
    ),
    LanguageNotice(
        "hi",
        "Hindi",
        "हिन्दी",
        "आपके लिए मुफ़्त भाषा सहायता उपलब्ध है।",
        "इसके लिए {phone} पर कॉल करें।",
    ),
)


# Every patient page's footer asks for these (the context processor): the same fifteen
# sentences for the one clinic phone, so they are worked out once per process, not per request.
@functools.lru_cache(maxsize=4)
def notices(phone: str) -> tuple[dict[str, str], ...]:
    """What the page and the footer show: each language's sentences, the clinic's phone in."""
    return tuple(
        {
            "code": notice.code,
            "native_name": notice.native_name,
            "english_name": notice.english_name,
            "direction": notice.direction,
            "available": notice.available,
            "phone_sentence": notice.how_to_ask_with(phone) if phone else "",
        }
        for notice in LANGUAGE_NOTICES
    )
