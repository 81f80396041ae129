"""The program's own words on screen (buttons, notices), in the languages it knows.

Content comes from the stand; these are only the few labels around it. A stand may give
its own labels for any language (`labels:`, see docs/content-format.md), replacing these
one by one; a language neither here nor in the stand shows English, and validation warns.
"""

from __future__ import annotations

from collections.abc import Mapping
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
        "sensitive_notice": "The following contains content some visitors may find distressing.",
        "show_content": "Show",
        "quote": "Quotation",
        "reported": "Reported speech",
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
        "sensitive_notice": "Aşağıdakı məzmun bəzi ziyarətçilər üçün sarsıdıcı ola bilər.",
        "show_content": "Göstər",
        "quote": "Sitat",
        "reported": "Dolayı nitq",
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
        "sensitive_notice": "Следующие материалы могут быть тяжелы для восприятия "
                            "некоторых посетителей.",
        "show_content": "Показать",
        "quote": "Цитата",
        "reported": "Пересказ",
        "scan": "Отсканируйте, чтобы прочитать источник на телефоне",
        "unknown_source": "Источник не указан",
    },
    "uk": {
        "closed": "Експозиція зачинена",
        "larger_text": "Більший текст",
        "high_contrast": "Висока контрастність",
        "source": "Джерело",
        "sources": "Джерела",
        "close": "Закрити",
        "continue": "Продовжити",
        "sensitive_notice": "Наступні матеріали можуть бути важкими для сприйняття "
                            "деяких відвідувачів.",
        "show_content": "Показати",
        "quote": "Цитата",
        "reported": "Переказ",
        "scan": "Відскануйте, щоб прочитати джерело на телефоні",
        "unknown_source": "Джерело не вказано",
    },
    "fr": {
        "closed": "L’exposition est fermée",
        "larger_text": "Texte agrandi",
        "high_contrast": "Contraste élevé",
        "source": "Source",
        "sources": "Sources",
        "close": "Fermer",
        "continue": "Continuer",
        "sensitive_notice": "Le contenu qui suit peut heurter la sensibilité de certains "
                            "visiteurs.",
        "show_content": "Afficher",
        "quote": "Citation",
        "reported": "Propos rapportés",
        "scan": "Scannez le code pour lire la source sur votre téléphone",
        "unknown_source": "Source non précisée",
    },
    "de": {
        "closed": "Die Ausstellung ist geschlossen",
        "larger_text": "Größere Schrift",
        "high_contrast": "Hoher Kontrast",
        "source": "Quelle",
        "sources": "Quellen",
        "close": "Schließen",
        "continue": "Weiter",
        "sensitive_notice": "Die folgenden Inhalte können für manche Besucherinnen und "
                            "Besucher belastend sein.",
        "show_content": "Anzeigen",
        "quote": "Zitat",
        "reported": "Indirekte Rede",
        "scan": "Scannen Sie den Code, um die Quelle auf Ihrem Telefon zu lesen",
        "unknown_source": "Keine Quelle angegeben",
    },
    "es": {
        "closed": "La exposición está cerrada",
        "larger_text": "Texto más grande",
        "high_contrast": "Alto contraste",
        "source": "Fuente",
        "sources": "Fuentes",
        "close": "Cerrar",
        "continue": "Continuar",
        "sensitive_notice": "El siguiente contenido puede resultar perturbador para "
                            "algunos visitantes.",
        "show_content": "Mostrar",
        "quote": "Cita",
        "reported": "Estilo indirecto",
        "scan": "Escanee el código para leer la fuente en su teléfono",
        "unknown_source": "Fuente no indicada",
    },
    "it": {
        "closed": "La mostra è chiusa",
        "larger_text": "Testo più grande",
        "high_contrast": "Contrasto elevato",
        "source": "Fonte",
        "sources": "Fonti",
        "close": "Chiudi",
        "continue": "Continua",
        "sensitive_notice": "Il contenuto che segue potrebbe urtare la sensibilità di "
                            "alcuni visitatori.",
        "show_content": "Mostra",
        "quote": "Citazione",
        "reported": "Discorso indiretto",
        "scan": "Inquadra il codice per leggere la fonte sul tuo telefono",
        "unknown_source": "Fonte non indicata",
    },
    "tr": {
        "closed": "Sergi kapalı",
        "larger_text": "Büyük yazı",
        "high_contrast": "Yüksek kontrast",
        "source": "Kaynak",
        "sources": "Kaynaklar",
        "close": "Kapat",
        "continue": "Devam",
        "sensitive_notice": "Aşağıdaki içerik bazı ziyaretçileri rahatsız edebilir.",
        "show_content": "Göster",
        "quote": "Alıntı",
        "reported": "Aktarılan söz",
        "scan": "Kaynağı telefonunuzda okumak için kodu tarayın",
        "unknown_source": "Kaynak belirtilmemiş",
    },
    "zh": {
        "closed": "展览已闭馆",
        "larger_text": "放大文字",
        "high_contrast": "高对比度",
        "source": "来源",
        "sources": "资料来源",
        "close": "关闭",
        "continue": "继续",
        "sensitive_notice": "以下内容可能会令部分观众感到不适。",
        "show_content": "显示",
        "quote": "引文",
        "reported": "转述",
        "scan": "扫描二维码，在手机上阅读来源",
        "unknown_source": "未注明来源",
    },
    "ar": {
        "closed": "المعرض مغلق",
        "larger_text": "نص أكبر",
        "high_contrast": "تباين عالٍ",
        "source": "المصدر",
        "sources": "المصادر",
        "close": "إغلاق",
        "continue": "متابعة",
        "sensitive_notice": "يتضمن ما يلي محتوى قد يكون مؤلمًا لبعض الزوار.",
        "show_content": "عرض",
        "quote": "اقتباس",
        "reported": "كلام منقول",
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
        "sensitive_notice": "התוכן הבא עלול להיות קשה לחלק מהמבקרים.",
        "show_content": "הצגה",
        "quote": "ציטוט",
        "reported": "דיבור עקיף",
        "scan": "סרקו כדי לקרוא את המקור בטלפון",
        "unknown_source": "לא צוין מקור",
    },
}

LABEL_KEYS: Final[frozenset[str]] = frozenset(STRINGS["en"])
"""The names of the kiosk's labels, which a stand's `labels:` may give."""
MAX_LABEL_CHARS: Final = 200


def built_in(language: str) -> dict[str, str] | None:
    """The kiosk's own labels in `language` or its base language, if it has them."""
    return STRINGS.get(language) or STRINGS.get(language.split("-")[0])


def strings_for(
    language: str, stand_labels: Mapping[str, Mapping[str, str]] | None = None
) -> dict[str, str]:
    """The labels in `language` (or its base language): the stand's own first, then the
    kiosk's, English for anything missing."""
    base = language.split("-")[0]
    chosen = built_in(language) or {}
    own = dict((stand_labels or {}).get(base, {}))
    if language != base:
        own.update((stand_labels or {}).get(language, {}))
    return {**STRINGS["en"], **chosen, **own}


LANGUAGE_NAMES: Final[dict[str, str]] = {
    "en": "English",
    "az": "Azərbaycanca",
    "ru": "Русский",
    "uk": "Українська",
    "ar": "العربية",
    "he": "עברית",
    "fa": "فارسی",
    "tr": "Türkçe",
    "fr": "Français",
    "de": "Deutsch",
    "es": "Español",
    "it": "Italiano",
    "pt": "Português",
    "nl": "Nederlands",
    "pl": "Polski",
    "ka": "ქართული",
    "hy": "Հայերեն",
    "zh": "中文",
    "ja": "日本語",
    "ko": "한국어",
}
"""Each language's own name for itself (the endonym), as its button shows it."""
