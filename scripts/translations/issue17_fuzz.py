# ruff: noqa: RUF001
"""Translations of the msgids issue 17 (F12: input refused with a 400 that says why) added.

The first six are error pages a child, a parent or a member of staff can meet; the last three
are JSON answers to scripts and to the case system's client (translated like the others).
"""

T = {
    # errors/error.html: an address with a control character (a line break in ?next=, a NUL).
    "This address has a character we cannot read": {
        "da": "Adressen har et tegn, vi ikke kan læse",
        "ar": "في هذا العنوان حرف لا نستطيع قراءته",
        "uk": "В адресі є символ, який ми не можемо прочитати",
    },
    "The link holds a hidden character, like a line break, that does not belong there.": {
        "da": "Linket indeholder et skjult tegn, for eksempel et linjeskift, som ikke hører "
        "til der.",
        "ar": "يحتوي الرابط على حرف مخفي، مثل فاصل سطر، لا مكان له فيه.",
        "uk": "Посилання містить прихований символ, наприклад розрив рядка, якого там не має бути.",
    },
    "Check the address, or go to the front page and find the page from there.": {
        "da": "Tjek adressen, eller gå til forsiden og find siden derfra.",
        "ar": "تحقق من العنوان، أو اذهب إلى الصفحة الرئيسية وابحث عن الصفحة من هناك.",
        "uk": "Перевірте адресу або перейдіть на головну сторінку й знайдіть потрібну "
        "сторінку звідти.",
    },
    # errors/error.html: text with a NUL on its way into the database.
    "What you sent has a character we cannot keep": {
        "da": "Det, du sendte, har et tegn, vi ikke kan gemme",
        "ar": "فيما أرسلته حرف لا نستطيع حفظه",
        "uk": "У тому, що ви надіслали, є символ, який ми не можемо зберегти",
    },
    "It holds a hidden character that we cannot store, so nothing was saved.": {
        "da": "Det indeholder et skjult tegn, som vi ikke kan gemme, så intet blev gemt.",
        "ar": "فيه حرف مخفي لا نستطيع حفظه، لذلك لم يُحفظ شيء.",
        "uk": "Там є прихований символ, який ми не можемо зберегти, тому нічого не збережено.",
    },
    "Go back, remove the character or type the text again, and send it again.": {
        "da": "Gå tilbage, fjern tegnet eller skriv teksten igen, og send den igen.",
        "ar": "ارجع، واحذف الحرف أو اكتب النص من جديد، ثم أرسله مرة أخرى.",
        "uk": "Поверніться назад, видаліть символ або наберіть текст заново й надішліть ще раз.",
    },
    # JSON answers (the pages' scripts, the pull API).
    "The address holds a control character (such as NUL or a line break). Remove it and send "
    "the request again.": {
        "da": "Adressen indeholder et kontroltegn (som NUL eller et linjeskift). Fjern det, og "
        "send forespørgslen igen.",
        "ar": "يحتوي العنوان على حرف تحكم (مثل NUL أو فاصل سطر). احذفه وأرسل الطلب مرة أخرى.",
        "uk": "Адреса містить керівний символ (наприклад, NUL або розрив рядка). Видаліть його "
        "й надішліть запит ще раз.",
    },
    "The JSON is nested too deeply (more than %(limit)s levels). Send a flatter document.": {
        "da": "JSON-dokumentet er indlejret for dybt (mere end %(limit)s niveauer). Send et "
        "fladere dokument.",
        "ar": "مستند JSON متداخل بعمق زائد (أكثر من %(limit)s مستوى). أرسل مستندًا أقل تداخلًا.",
        "uk": "JSON має надто глибоку вкладеність (понад %(limit)s рівнів). Надішліть "
        "простіший документ.",
    },
    "Text in the request holds a NUL character or half of a character pair, which we cannot "
    "store. Nothing was saved. Remove it and send the request again.": {
        "da": "Teksten i forespørgslen indeholder et NUL-tegn eller halvdelen af et tegnpar, "
        "som vi ikke kan gemme. Intet blev gemt. Fjern det, og send forespørgslen igen.",
        "ar": "يحتوي النص في الطلب على حرف NUL أو نصف زوج من الحروف، ولا نستطيع حفظه. "
        "لم يُحفظ شيء. احذفه وأرسل الطلب مرة أخرى.",
        "uk": "Текст у запиті містить символ NUL або половину пари символів, яку ми не можемо "
        "зберегти. Нічого не збережено. Видаліть це й надішліть запит ще раз.",
    },
}
