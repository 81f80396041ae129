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
        "sources": "Sources",
        "close": "Close",
        "continue": "Continue",
        "sensitive_notice": "The following describes violence against civilians.",
        "show_content": "Show",
        "quote": "Quotation",
        "reported": "Reported speech",
        "scan": "Scan to read the source on your phone",
        "unknown_source": "No source given",
        "image_missing": "This picture cannot be shown.",
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
        "scan": "Mənbəni telefonunuzda oxumaq üçün skan edin",
        "unknown_source": "Mənbə göstərilməyib",
        "image_missing": "Bu şəkil göstərilə bilmir.",
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
        "scan": "Отсканируйте, чтобы прочитать источник на телефоне",
        "unknown_source": "Источник не указан",
        "image_missing": "Это изображение не удаётся показать.",
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
        "scan": "امسح الرمز لقراءة المصدر على هاتفك",
        "unknown_source": "لا يوجد مصدر",
        "image_missing": "لا يمكن عرض هذه الصورة.",
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
        "scan": "סרקו כדי לקרוא את המקור בטלפון",
        "unknown_source": "לא צוין מקור",
        "image_missing": "לא ניתן להציג את התמונה הזאת.",
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
