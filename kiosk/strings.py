"""The program's own words on screen (buttons, notices), in the languages it knows.

Content comes from the stand; these are only the few labels around it. A language not
listed here shows English.
"""

from __future__ import annotations

from typing import Final

STRINGS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "closed": "The exhibit is closed",
        "larger_text": "Larger text",
        "high_contrast": "High contrast",
        "source": "Source",
        "close": "Close",
        "continue": "Continue",
        "back": "Go back",
        "sensitive_title": "Before you continue",
        "sensitive_notice": "The following describes violence against civilians.",
        "show_content": "Show",
        "quote": "Quotation",
        "reported": "Reported speech",
        "scan": "Scan to read the source on your phone",
        "of_total": "of",
        "entries": "entries",
        "unknown_source": "No source given",
        "publisher": "Publisher",
        "date": "Date",
        "swipe_hint": "Swipe or tap below to explore",
        "bodies": "bodies",
        "not_on_map": "Not on the map",
    },
    "az": {
        "closed": "Sərgi bağlıdır",
        "larger_text": "Böyük mətn",
        "high_contrast": "Yüksək kontrast",
        "source": "Mənbə",
        "close": "Bağla",
        "continue": "Davam et",
        "back": "Geri qayıt",
        "sensitive_title": "Davam etməzdən əvvəl",
        "sensitive_notice": "Aşağıdakı mətn dinc sakinlərə qarşı zorakılığı təsvir edir.",
        "show_content": "Göstər",
        "quote": "Sitat",
        "reported": "Dolayı nitq",
        "scan": "Mənbəni telefonunuzda oxumaq üçün skan edin",
        "of_total": "/",
        "entries": "qeyd",
        "unknown_source": "Mənbə göstərilməyib",
        "publisher": "Nəşr edən",
        "date": "Tarix",
        "swipe_hint": "Araşdırmaq üçün sürüşdürün və ya aşağıya toxunun",
        "bodies": "qurum",
        "not_on_map": "Xəritədə deyil",
    },
    "ru": {
        "closed": "Экспозиция закрыта",
        "larger_text": "Крупный текст",
        "high_contrast": "Высокий контраст",
        "source": "Источник",
        "close": "Закрыть",
        "continue": "Продолжить",
        "back": "Вернуться",
        "sensitive_title": "Прежде чем продолжить",
        "sensitive_notice": "Далее описывается насилие в отношении мирных жителей.",
        "show_content": "Показать",
        "quote": "Цитата",
        "reported": "Пересказ",
        "scan": "Отсканируйте, чтобы прочитать источник на телефоне",
        "of_total": "из",
        "entries": "записей",
        "unknown_source": "Источник не указан",
        "publisher": "Издатель",
        "date": "Дата",
        "swipe_hint": "Проведите пальцем или коснитесь кнопок внизу",
        "bodies": "органов",
        "not_on_map": "Нет на карте",
    },
    "ar": {
        "closed": "المعرض مغلق",
        "larger_text": "نص أكبر",
        "high_contrast": "تباين عالٍ",
        "source": "المصدر",
        "close": "إغلاق",
        "continue": "متابعة",
        "back": "رجوع",
        "sensitive_title": "قبل المتابعة",
        "sensitive_notice": "يصف ما يلي أعمال عنف ضد المدنيين.",
        "show_content": "عرض",
        "quote": "اقتباس",
        "reported": "كلام منقول",
        "scan": "امسح الرمز لقراءة المصدر على هاتفك",
        "of_total": "من",
        "entries": "إدخالات",
        "unknown_source": "لا يوجد مصدر",
        "publisher": "الناشر",
        "date": "التاريخ",
        "swipe_hint": "اسحب أو المس الأزرار في الأسفل",
        "bodies": "هيئات",
        "not_on_map": "ليست على الخريطة",
    },
}


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
