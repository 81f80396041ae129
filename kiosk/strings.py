"""The program's own words on screen (buttons, notices), in the languages it knows.

Content comes from the stand; these are only the few labels around it. A language not
listed here shows English.
"""

from __future__ import annotations

import re
from typing import Final

STRINGS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "closed": "The exhibit is closed",
        "larger_text": "Larger text",
        "high_contrast": "High contrast",
        "source": "Source",
        "sources": "Sources",
        "close": "Close",
        "continue": "Continue",
        "sensitive_notice": "The following describes violence against civilians.",
        "show_content": "Show",
        "quote": "Quotation",
        "reported": "Reported speech",
        "original": "In the original",
        "translation": "Translation; original language: {language}",
        "scan": "Scan to read the source on your phone",
        "unknown_source": "No source given",
    },
    "az": {
        "closed": "Sərgi bağlıdır",
        "larger_text": "Böyük mətn",
        "high_contrast": "Yüksək kontrast",
        "source": "Mənbə",
        "sources": "Mənbələr",
        "close": "Bağla",
        "continue": "Davam et",
        "sensitive_notice": "Aşağıdakı mətn dinc sakinlərə qarşı zorakılığı təsvir edir.",
        "show_content": "Göstər",
        "quote": "Sitat",
        "reported": "Dolayı nitq",
        "original": "Orijinalda",
        "translation": "Tərcümə; orijinalın dili: {language}",
        "scan": "Mənbəni telefonunuzda oxumaq üçün skan edin",
        "unknown_source": "Mənbə göstərilməyib",
    },
    "ru": {
        "closed": "Экспозиция закрыта",
        "larger_text": "Крупный текст",
        "high_contrast": "Высокий контраст",
        "source": "Источник",
        "sources": "Источники",
        "close": "Закрыть",
        "continue": "Продолжить",
        "sensitive_notice": "Далее описывается насилие в отношении мирных жителей.",
        "show_content": "Показать",
        "quote": "Цитата",
        "reported": "Пересказ",
        "original": "В оригинале",
        "translation": "Перевод; язык оригинала: {language}",
        "scan": "Отсканируйте, чтобы прочитать источник на телефоне",
        "unknown_source": "Источник не указан",
    },
    "ar": {
        "closed": "المعرض مغلق",
        "larger_text": "نص أكبر",
        "high_contrast": "تباين عالٍ",
        "source": "المصدر",
        "sources": "المصادر",
        "close": "إغلاق",
        "continue": "متابعة",
        "sensitive_notice": "يصف ما يلي أعمال عنف ضد المدنيين.",
        "show_content": "عرض",
        "quote": "اقتباس",
        "reported": "كلام منقول",
        "original": "في الأصل",
        "translation": "ترجمة؛ لغة الأصل: {language}",
        "scan": "امسح الرمز لقراءة المصدر على هاتفك",
        "unknown_source": "لا يوجد مصدر",
    },
    "he": {
        "closed": "התערוכה סגורה",
        "larger_text": "טקסט גדול",
        "high_contrast": "ניגודיות גבוהה",
        "source": "מקור",
        "sources": "מקורות",
        "close": "סגירה",
        "continue": "המשך",
        "sensitive_notice": "הטקסט הבא מתאר אלימות כלפי אזרחים.",
        "show_content": "הצגה",
        "quote": "ציטוט",
        "reported": "דיבור עקיף",
        "original": "במקור",
        "translation": "תרגום; שפת המקור: {language}",
        "scan": "סרקו כדי לקרוא את המקור בטלפון",
        "unknown_source": "לא צוין מקור",
    },
}


# "Translated from <language>" written whole for each pair the kiosk knows (the visitor's
# language, then the language said in): the name of a language declines ("с английского",
# "ingilis dilindən", "מאנגלית"), so no template fits. Any other pair: the visitor's
# "translation" label naming the original language (`translated_from`).
TRANSLATED_FROM: Final[dict[str, dict[str, str]]] = {
    "en": {
        "az": "Translated from Azerbaijani", "ru": "Translated from Russian",
        "ar": "Translated from Arabic", "he": "Translated from Hebrew",
        "tr": "Translated from Turkish", "fr": "Translated from French",
        "de": "Translated from German", "es": "Translated from Spanish",
        "fa": "Translated from Persian", "en": "Translated from English",
    },
    "az": {
        "en": "İngilis dilindən tərcümə", "ru": "Rus dilindən tərcümə",
        "ar": "Ərəb dilindən tərcümə", "he": "İvrit dilindən tərcümə",
        "tr": "Türk dilindən tərcümə", "fr": "Fransız dilindən tərcümə",
        "de": "Alman dilindən tərcümə", "es": "İspan dilindən tərcümə",
        "fa": "Fars dilindən tərcümə", "az": "Azərbaycan dilindən tərcümə",
    },
    "ru": {
        "en": "Перевод с английского", "az": "Перевод с азербайджанского",
        "ar": "Перевод с арабского", "he": "Перевод с иврита",
        "tr": "Перевод с турецкого", "fr": "Перевод с французского",
        "de": "Перевод с немецкого", "es": "Перевод с испанского",
        "fa": "Перевод с персидского", "ru": "Перевод с русского",
    },
    "ar": {
        "en": "مترجم من الإنجليزية", "az": "مترجم من الأذربيجانية",
        "ru": "مترجم من الروسية", "he": "مترجم من العبرية",
        "tr": "مترجم من التركية", "fr": "مترجم من الفرنسية",
        "de": "مترجم من الألمانية", "es": "مترجم من الإسبانية",
        "fa": "مترجم من الفارسية", "ar": "مترجم من العربية",
    },
    "he": {
        "en": "תורגם מאנגלית", "az": "תורגם מאזרית", "ru": "תורגם מרוסית",
        "ar": "תורגם מערבית", "tr": "תורגם מטורקית", "fr": "תורגם מצרפתית",
        "de": "תורגם מגרמנית", "es": "תורגם מספרדית", "fa": "תורגם מפרסית",
        "he": "תורגם מעברית",
    },
}


def base_language(code: str) -> str:
    return code.split("-")[0].lower()


def same_language(one: str, other: str) -> bool:
    """`en` and `en-GB` are one language (a quotation said in one reads the same in the other)."""
    return base_language(one) == base_language(other)


def translated_from(visitor: str, original: str) -> str:
    """The mark of a translated quotation, in the visitor's language (English when the
    kiosk has no words of that language): "Translated from English", "Перевод с английского"."""
    phrases = TRANSLATED_FROM.get(base_language(visitor), TRANSLATED_FROM["en"])
    phrase = phrases.get(base_language(original))
    if phrase:
        return phrase
    if base_language(visitor) not in TRANSLATED_FROM or base_language(visitor) == "en":
        english = _english_name(original)
        if english:
            return f"Translated from {english}"
    words = strings_for(visitor) if base_language(visitor) in TRANSLATED_FROM else STRINGS["en"]
    name = LANGUAGE_NAMES.get(base_language(original)) or _english_name(original) or original
    return words["translation"].format(language=name)


def _english_name(code: str) -> str:
    """The language's English name (ISO 639, pycountry), without a qualifier such as
    "(macrolanguage)"; "" for a code it does not know."""
    import pycountry  # only for a language the kiosk has no phrase for

    base = base_language(code)
    found = pycountry.languages.get(**{"alpha_2" if len(base) == 2 else "alpha_3": base})
    return re.sub(r"\s*\(.*\)$", "", str(found.name)) if found is not None else ""


def strings_for(language: str) -> dict[str, str]:
    """The labels in `language` (or its base language), English for anything missing."""
    base = language.split("-")[0]
    chosen = STRINGS.get(language) or STRINGS.get(base) or {}
    return {**STRINGS["en"], **chosen}


LANGUAGE_NAMES: Final[dict[str, str]] = {
    "en": "English",
    "az": "Azərbaycanca",
    "ru": "Русский",
    "ar": "العربية",
    "he": "עברית",
    "fa": "فارسی",
    "tr": "Türkçe",
    "fr": "Français",
    "de": "Deutsch",
    "es": "Español",
    "it": "Italiano",
    "ka": "ქართული",
    "uk": "Українська",
}
