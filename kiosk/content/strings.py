"""The program's own words on screen (buttons, notices), in the languages it knows.

Content comes from the stand; these are only the few labels around it. A stand may give
its own labels for any language (`labels:`, see docs/content-format.md), replacing these
one by one; a language neither here nor in the stand shows English, and validation warns.
"""

from __future__ import annotations

import re
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
        "skip": "Skip",
        "quote": "Quotation",
        "reported": "Reported speech",
        "original": "In the original",
        "translation": "Translation; original language: {language}",
        "scan": "Scan to read the source on your phone",
        "unknown_source": "No source given",
        "image_missing": "This picture cannot be shown.",
        "still_there": "Still there?",
        "still_there_hint": "Touch anywhere to keep reading",
        "low_reach": "Lower the screen",
        "enlarge": "Enlarge the picture",
        "listen": "Listen",
        "play": "Play",
        "pause": "Pause",
        "restart": "From the start",
        "captions": "Captions",
        "position": "Position",
        "no_sound": "This video has no sound.",
        "cannot_play": "This recording cannot be played here.",
        "full_screen": "Full screen",
        "more_below": "More below",
        "audio_description": "Audio description",
        "track_failed": "The chosen sound cannot be played here; you hear the recording’s own sound.",
        "keys_help": (
            "Keys: arrows or Tab move from one thing to the next. Enter chooses. "
            "Backspace goes back. Home goes to the start. A turns the sound on or off. "
            "Plus and minus change the volume. R repeats."
        ),
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
        "skip": "Keç",
        "quote": "Sitat",
        "reported": "Dolayı nitq",
        "original": "Orijinalda",
        "translation": "Tərcümə; orijinalın dili: {language}",
        "scan": "Mənbəni telefonunuzda oxumaq üçün skan edin",
        "unknown_source": "Mənbə göstərilməyib",
        "image_missing": "Bu şəkil göstərilə bilmir.",
        "still_there": "Hələ buradasınız?",
        "still_there_hint": "Oxumağa davam etmək üçün ekrana toxunun",
        "low_reach": "Ekranı aşağı endir",
        "enlarge": "Şəkli böyüt",
        "listen": "Dinlə",
        "play": "Oynat",
        "pause": "Fasilə",
        "restart": "Əvvəldən",
        "captions": "Altyazılar",
        "position": "Mövqe",
        "no_sound": "Bu videoda səs yoxdur.",
        "cannot_play": "Bu yazı burada oynadıla bilmir.",
        "full_screen": "Tam ekran",
        "more_below": "Aşağıda davamı var",
        "audio_description": "Səsli təsvir",
        "track_failed": "Bu səs burada oynadıla bilmir; əvəzində yazının öz səsi səslənir.",
        "keys_help": (
            "Düymələr: oxlar və ya Tab bir elementdən digərinə keçir. Enter seçir. "
            "Backspace geri qaytarır. Home əvvələ qaytarır. A səsi açır və ya bağlayır. "
            "Üstəgəl və çıx səsin həcmini dəyişir. R təkrarlayır."
        ),
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
        "skip": "Пропустить",
        "quote": "Цитата",
        "reported": "Пересказ",
        "original": "В оригинале",
        "translation": "Перевод; язык оригинала: {language}",
        "scan": "Отсканируйте, чтобы прочитать источник на телефоне",
        "unknown_source": "Источник не указан",
        "image_missing": "Это изображение не удаётся показать.",
        "still_there": "Вы ещё здесь?",
        "still_there_hint": "Коснитесь экрана, чтобы продолжить",
        "low_reach": "Опустить экран",
        "enlarge": "Увеличить изображение",
        "listen": "Слушать",
        "play": "Воспроизвести",
        "pause": "Пауза",
        "restart": "С начала",
        "captions": "Субтитры",
        "position": "Позиция",
        "no_sound": "В этом видео нет звука.",
        "cannot_play": "Эту запись здесь не удаётся воспроизвести.",
        "full_screen": "На весь экран",
        "more_below": "Продолжение ниже",
        "audio_description": "Тифлокомментарий",
        "track_failed": (
            "Эту звуковую дорожку здесь не удаётся воспроизвести; "
            "звучит собственный звук записи."
        ),
        "keys_help": (
            "Клавиши: стрелки или Tab переходят к следующему элементу. Enter выбирает. "
            "Backspace возвращает назад. Home ведёт в начало. A включает или выключает звук. "
            "Плюс и минус меняют громкость. R повторяет."
        ),
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
        "skip": "Пропустити",
        "quote": "Цитата",
        "reported": "Переказ",
        "original": "В оригіналі",
        "translation": "Переклад; мова оригіналу: {language}",
        "scan": "Відскануйте, щоб прочитати джерело на телефоні",
        "unknown_source": "Джерело не вказано",
        "image_missing": "Це зображення не вдається показати.",
        "still_there": "Ви ще тут?",
        "still_there_hint": "Торкніться екрана, щоб продовжити",
        "low_reach": "Опустити екран",
        "enlarge": "Збільшити зображення",
        "listen": "Слухати",
        "play": "Відтворити",
        "pause": "Пауза",
        "restart": "Спочатку",
        "captions": "Субтитри",
        "position": "Позиція",
        "no_sound": "У цьому відео немає звуку.",
        "cannot_play": "Цей запис тут не вдається відтворити.",
        "full_screen": "На весь екран",
        "more_below": "Далі нижче",
        "audio_description": "Аудіоопис",
        "track_failed": "Цю звукову доріжку тут не вдається відтворити; звучить власний звук запису.",
        "keys_help": (
            "Клавіші: стрілки або Tab переходять від одного елемента до іншого. "
            "Enter вибирає. Backspace повертає назад. Home веде на початок. "
            "A вмикає або вимикає звук. Плюс і мінус змінюють гучність. R повторює."
        ),
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
        "skip": "Passer",
        "quote": "Citation",
        "reported": "Propos rapportés",
        "original": "Dans l'original",
        "translation": "Traduction ; langue originale : {language}",
        "scan": "Scannez le code pour lire la source sur votre téléphone",
        "unknown_source": "Source non précisée",
        "image_missing": "Cette image ne peut pas être affichée.",
        "still_there": "Vous êtes toujours là ?",
        "still_there_hint": "Touchez l’écran pour continuer",
        "low_reach": "Abaisser l’écran",
        "enlarge": "Agrandir l’image",
        "listen": "Écouter",
        "play": "Lire",
        "pause": "Pause",
        "restart": "Depuis le début",
        "captions": "Sous-titres",
        "position": "Position",
        "no_sound": "Cette vidéo n’a pas de son.",
        "cannot_play": "Cet enregistrement ne peut pas être lu ici.",
        "full_screen": "Plein écran",
        "more_below": "Suite plus bas",
        "audio_description": "Audiodescription",
        "track_failed": (
            "Cette piste sonore ne peut pas être lue ici ; "
            "vous entendez le son d’origine de l’enregistrement."
        ),
        "keys_help": (
            "Touches : les flèches ou Tab passent d’un élément au suivant. Entrée choisit. "
            "Retour arrière revient. Début ramène au commencement. A active ou coupe le son. "
            "Plus et moins règlent le volume. R répète."
        ),
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
        "skip": "Überspringen",
        "quote": "Zitat",
        "reported": "Indirekte Rede",
        "original": "Im Original",
        "translation": "Übersetzung; Originalsprache: {language}",
        "scan": "Scannen Sie den Code, um die Quelle auf Ihrem Telefon zu lesen",
        "unknown_source": "Keine Quelle angegeben",
        "image_missing": "Dieses Bild kann nicht angezeigt werden.",
        "still_there": "Sind Sie noch da?",
        "still_there_hint": "Berühren Sie den Bildschirm, um weiterzulesen",
        "low_reach": "Bildschirm absenken",
        "enlarge": "Bild vergrößern",
        "listen": "Anhören",
        "play": "Abspielen",
        "pause": "Pause",
        "restart": "Von vorn",
        "captions": "Untertitel",
        "position": "Position",
        "no_sound": "Dieses Video hat keinen Ton.",
        "cannot_play": "Diese Aufnahme kann hier nicht abgespielt werden.",
        "full_screen": "Vollbild",
        "more_below": "Weiter unten",
        "audio_description": "Audiodeskription",
        "track_failed": (
            "Diese Tonspur kann hier nicht abgespielt werden; "
            "Sie hören den Originalton der Aufnahme."
        ),
        "keys_help": (
            "Tasten: Pfeile oder Tab gehen zum nächsten Element. Enter wählt aus. "
            "Rücktaste geht zurück. Pos1 führt zum Anfang. A schaltet den Ton ein oder aus. "
            "Plus und Minus ändern die Lautstärke. R wiederholt."
        ),
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
        "skip": "Omitir",
        "quote": "Cita",
        "reported": "Estilo indirecto",
        "original": "En el original",
        "translation": "Traducción; idioma original: {language}",
        "scan": "Escanee el código para leer la fuente en su teléfono",
        "unknown_source": "Fuente no indicada",
        "image_missing": "Esta imagen no se puede mostrar.",
        "still_there": "¿Sigue ahí?",
        "still_there_hint": "Toque la pantalla para seguir leyendo",
        "low_reach": "Bajar la pantalla",
        "enlarge": "Ampliar la imagen",
        "listen": "Escuchar",
        "play": "Reproducir",
        "pause": "Pausa",
        "restart": "Desde el principio",
        "captions": "Subtítulos",
        "position": "Posición",
        "no_sound": "Este vídeo no tiene sonido.",
        "cannot_play": "Esta grabación no se puede reproducir aquí.",
        "full_screen": "Pantalla completa",
        "more_below": "Más abajo",
        "audio_description": "Audiodescripción",
        "track_failed": (
            "Esta pista de sonido no se puede reproducir aquí; "
            "se oye el sonido original de la grabación."
        ),
        "keys_help": (
            "Teclas: las flechas o Tab pasan de un elemento al siguiente. Intro elige. "
            "Retroceso vuelve atrás. Inicio lleva al principio. "
            "A activa o desactiva el sonido. Más y menos cambian el volumen. R repite."
        ),
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
        "skip": "Salta",
        "quote": "Citazione",
        "reported": "Discorso indiretto",
        "original": "Nell'originale",
        "translation": "Traduzione; lingua originale: {language}",
        "scan": "Inquadra il codice per leggere la fonte sul tuo telefono",
        "unknown_source": "Fonte non indicata",
        "image_missing": "Questa immagine non può essere mostrata.",
        "still_there": "È ancora qui?",
        "still_there_hint": "Tocchi lo schermo per continuare",
        "low_reach": "Abbassa lo schermo",
        "enlarge": "Ingrandisci l’immagine",
        "listen": "Ascolta",
        "play": "Riproduci",
        "pause": "Pausa",
        "restart": "Dall’inizio",
        "captions": "Sottotitoli",
        "position": "Posizione",
        "no_sound": "Questo video non ha audio.",
        "cannot_play": "Questa registrazione non può essere riprodotta qui.",
        "full_screen": "Schermo intero",
        "more_below": "Continua sotto",
        "audio_description": "Audiodescrizione",
        "track_failed": (
            "Questa traccia audio non può essere riprodotta qui; "
            "si sente l’audio originale della registrazione."
        ),
        "keys_help": (
            "Tasti: le frecce o Tab passano da un elemento al successivo. Invio sceglie. "
            "Backspace torna indietro. Home porta all’inizio. A accende o spegne l’audio. "
            "Più e meno cambiano il volume. R ripete."
        ),
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
        "skip": "Atla",
        "quote": "Alıntı",
        "reported": "Aktarılan söz",
        "original": "Orijinalinde",
        "translation": "Çeviri; özgün dil: {language}",
        "scan": "Kaynağı telefonunuzda okumak için kodu tarayın",
        "unknown_source": "Kaynak belirtilmemiş",
        "image_missing": "Bu görsel gösterilemiyor.",
        "still_there": "Hâlâ orada mısınız?",
        "still_there_hint": "Devam etmek için ekrana dokunun",
        "low_reach": "Ekranı aşağı indir",
        "enlarge": "Resmi büyüt",
        "listen": "Dinle",
        "play": "Oynat",
        "pause": "Duraklat",
        "restart": "Baştan",
        "captions": "Altyazılar",
        "position": "Konum",
        "no_sound": "Bu videoda ses yok.",
        "cannot_play": "Bu kayıt burada oynatılamıyor.",
        "full_screen": "Tam ekran",
        "more_below": "Devamı aşağıda",
        "audio_description": "Sesli betimleme",
        "track_failed": "Bu ses kaydı burada oynatılamıyor; yerine kaydın kendi sesi çalıyor.",
        "keys_help": (
            "Tuşlar: oklar veya Tab bir öğeden diğerine geçer. Enter seçer. "
            "Backspace geri gider. Home başa döner. A sesi açar veya kapatır. "
            "Artı ve eksi ses düzeyini değiştirir. R tekrarlar."
        ),
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
        "skip": "跳过",
        "quote": "引文",
        "reported": "转述",
        "original": "原文",
        "translation": "译文；原文语言：{language}",
        "scan": "扫描二维码，在手机上阅读来源",
        "unknown_source": "未注明来源",
        "image_missing": "无法显示此图片。",
        "still_there": "您还在吗？",
        "still_there_hint": "轻触屏幕继续阅读",
        "low_reach": "降低画面",
        "enlarge": "放大图片",
        "listen": "收听",
        "play": "播放",
        "pause": "暂停",
        "restart": "从头播放",
        "captions": "字幕",
        "position": "进度",
        "no_sound": "此视频没有声音。",
        "cannot_play": "此录制内容无法在这里播放。",
        "full_screen": "全屏",
        "more_below": "下方还有内容",
        "audio_description": "音频描述",
        "track_failed": "此音轨无法在这里播放；现在播放的是录制内容的原声。",
        "keys_help": (
            "按键：方向键或 Tab 键在各项之间移动。回车键选择。退格键返回。"
            "Home 键回到开头。A 键打开或关闭声音。加号和减号调节音量。R 键重复。"
        ),
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
        "skip": "تخطي",
        "quote": "اقتباس",
        "reported": "كلام منقول",
        "original": "في الأصل",
        "translation": "ترجمة؛ لغة الأصل: {language}",
        "scan": "امسح الرمز لقراءة المصدر على هاتفك",
        "unknown_source": "لا يوجد مصدر",
        "image_missing": "لا يمكن عرض هذه الصورة.",
        "still_there": "هل ما زلت هنا؟",
        "still_there_hint": "المس الشاشة لمتابعة القراءة",
        "low_reach": "إنزال الشاشة",
        "enlarge": "تكبير الصورة",
        "listen": "استماع",
        "play": "تشغيل",
        "pause": "إيقاف مؤقت",
        "restart": "من البداية",
        "captions": "الترجمة النصية",
        "position": "الموضع",
        "no_sound": "هذا الفيديو بلا صوت.",
        "cannot_play": "لا يمكن تشغيل هذا التسجيل هنا.",
        "full_screen": "ملء الشاشة",
        "more_below": "المزيد في الأسفل",
        "audio_description": "الوصف الصوتي",
        "track_failed": "لا يمكن تشغيل هذا المسار الصوتي هنا؛ يُسمع الصوت الأصلي للتسجيل بدلًا منه.",
        "keys_help": (
            "المفاتيح: الأسهم أو Tab تنقل إلى العنصر التالي. مفتاح الإدخال يختار. "
            "مفتاح المسح يرجع. مفتاح Home يعود إلى البداية. مفتاح A يشغّل الصوت أو يوقفه. "
            "الزائد والناقص يغيّران مستوى الصوت. مفتاح R يكرّر."
        ),
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
        "skip": "דילוג",
        "quote": "ציטוט",
        "reported": "דיבור עקיף",
        "original": "במקור",
        "translation": "תרגום; שפת המקור: {language}",
        "scan": "סרקו כדי לקרוא את המקור בטלפון",
        "unknown_source": "לא צוין מקור",
        "image_missing": "לא ניתן להציג את התמונה הזאת.",
        "still_there": "עדיין כאן?",
        "still_there_hint": "געו במסך כדי להמשיך",
        "low_reach": "הורדת המסך",
        "enlarge": "הגדלת התמונה",
        "listen": "האזנה",
        "play": "הפעלה",
        "pause": "השהיה",
        "restart": "מההתחלה",
        "captions": "כתוביות",
        "position": "מיקום",
        "no_sound": "בסרטון הזה אין קול.",
        "cannot_play": "לא ניתן להפעיל את ההקלטה הזאת כאן.",
        "full_screen": "מסך מלא",
        "more_below": "המשך למטה",
        "audio_description": "תיאור קולי",
        "track_failed": "לא ניתן להפעיל כאן את פס הקול הזה; נשמע הקול המקורי של ההקלטה.",
        "keys_help": (
            "מקשים: החצים או Tab עוברים מפריט לפריט. Enter בוחר. Backspace חוזר אחורה. "
            "Home חוזר להתחלה. A מפעיל או משתיק את הקול. פלוס ומינוס משנים את עוצמת הקול. "
            "R חוזר על הנאמר."
        ),
    },
}

LABEL_KEYS: Final[frozenset[str]] = frozenset(STRINGS["en"])
"""The names of the kiosk's labels, which a stand's `labels:` may give."""
MAX_LABEL_CHARS: Final = 200

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


def translated_from(visitor: str, original: str,
                    stand_labels: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The mark of a translated quotation, in the visitor's language (English when the
    kiosk has no words of that language): "Translated from English", "Перевод с английского",
    "译文；原文语言：意大利语". The stand's own `translation` label in the visitor's language
    comes first, as its other labels do."""
    own = _own_labels(visitor, stand_labels).get("translation")
    if own:
        return own.replace("{language}", _language_name(original, visitor))
    phrases = TRANSLATED_FROM.get(base_language(visitor),
                                  {} if base_language(visitor) in STRINGS else TRANSLATED_FROM["en"])
    phrase = phrases.get(base_language(original))
    if phrase:
        return phrase
    if base_language(visitor) not in STRINGS or base_language(visitor) == "en":
        english = _english_name(original)
        if english:
            return f"Translated from {english}"
    # every language with the kiosk's own labels has its "translation" label, naming the
    # original language in the visitor's language where the ISO 639 names are translated
    # ("译文；原文语言：意大利语", not "Translated from Italian" on a Chinese screen)
    words = strings_for(visitor) if base_language(visitor) in STRINGS else STRINGS["en"]
    return words["translation"].format(language=_language_name(original, visitor))


def _language_name(code: str, visitor: str) -> str:
    """The name of language `code` for a visitor reading `visitor`: in English for English,
    else as ISO 639's translations name it there, else its own name, else English's."""
    if base_language(visitor) == "en":
        return _english_name(code) or code
    return (_name_in(code, visitor) or LANGUAGE_NAMES.get(base_language(code))
            or _english_name(code) or code)


LOWER_CASE_LANGUAGE_NAMES: Final = frozenset({"fr", "es", "it", "pt", "ca", "ro"})
"""Languages that write a language's name in lower case in running text ("anglais")."""


def _name_in(code: str, visitor: str) -> str:
    """The name of language `code` in the visitor's language, from the ISO 639 names'
    translations pycountry carries; "" when it has none (or only the English one)."""
    import gettext

    import pycountry

    base = base_language(code)
    found = pycountry.languages.get(**{"alpha_2" if len(base) == 2 else "alpha_3": base})
    if found is None:
        return ""
    reader = base_language(visitor)
    try:
        catalogue = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[reader])
    except OSError:
        return ""
    name = catalogue.gettext(str(found.name))
    if name == found.name and reader != "en":
        return ""  # not translated: the English name is no better than the language's own
    name = re.sub(r"\s*\(.*\)$", "", name)
    return name[:1].lower() + name[1:] if reader in LOWER_CASE_LANGUAGE_NAMES else name


ENGLISH_NAMES: Final[dict[str, str]] = {
    "el": "Greek", "km": "Khmer", "pa": "Punjabi", "ps": "Pashto", "ug": "Uyghur",
    "ky": "Kyrgyz",
}
"""English names where ISO 639's differ from the everyday one ("Modern Greek (1453-)",
"Central Khmer", "Panjabi", "Pushto", "Uighur", "Kirghiz")."""


def _english_name(code: str) -> str:
    """The language's English name (ISO 639, pycountry), without a qualifier such as
    "(macrolanguage)"; "" for a code it does not know."""
    import pycountry  # only for a language the kiosk has no phrase for

    base = base_language(code)
    if base in ENGLISH_NAMES:
        return ENGLISH_NAMES[base]
    found = pycountry.languages.get(**{"alpha_2" if len(base) == 2 else "alpha_3": base})
    return re.sub(r"\s*\(.*\)$", "", str(found.name)) if found is not None else ""


def built_in(language: str) -> dict[str, str] | None:
    """The kiosk's own labels in `language` or its base language, if it has them."""
    return STRINGS.get(language) or STRINGS.get(language.split("-")[0])


def strings_for(
    language: str, stand_labels: Mapping[str, Mapping[str, str]] | None = None
) -> dict[str, str]:
    """The labels in `language` (or its base language): the stand's own first, then the
    kiosk's, English for anything missing."""
    return {**STRINGS["en"], **(built_in(language) or {}), **_own_labels(language, stand_labels)}


def _own_labels(language: str, stand_labels: Mapping[str, Mapping[str, str]] | None
                ) -> dict[str, str]:
    """The stand's own labels in `language`: its base language's, then the tag's own."""
    base = language.split("-")[0]
    own = dict((stand_labels or {}).get(base, {}))
    if language != base:
        own.update((stand_labels or {}).get(language, {}))
    return own


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
