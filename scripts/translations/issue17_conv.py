"""Issue 17, F3 and F4 (conv): translations of the new and changed messages.

For scripts/apply_translations.py. Staff-only messages have Danish only.
"""

# ruff: noqa: RUF001, E501

T = {
    # The child's side: the words page, after staff made new words.
    "We have made new secret words for your conversation": {
        "da": "Vi har lavet nye hemmelige ord til din samtale",
        "ar": "صنعنا كلمات سرية جديدة لمحادثتك",
        "uk": "Ми зробили нові секретні слова для твоєї розмови",
    },
    "The old words do not open it any more. You did nothing wrong, and your messages are not lost.": {
        "da": "De gamle ord kan ikke åbne den mere. Du har ikke gjort noget forkert, og dine beskeder er ikke væk.",
        "ar": "الكلمات القديمة لا تفتحها بعد الآن. أنت لم تفعل شيئًا خاطئًا، ورسائلك لم تضِع.",
        "uk": "Старі слова її більше не відкривають. Ти нічого не зробив неправильно, і твої повідомлення не зникли.",
    },
    "To get the new words, call us on %(phone)s. We tell you the new words ourselves, on the phone or when we meet you. We never send them in a letter, an email or a text message.": {
        "da": "Ring til os på %(phone)s for at få de nye ord. Vi siger selv de nye ord til dig, i telefonen eller når vi mødes. Vi sender dem aldrig i et brev, en mail eller en sms.",
        "ar": "لتحصل على الكلمات الجديدة، اتصل بنا على الرقم %(phone)s. نحن نقول لك الكلمات الجديدة بأنفسنا، على الهاتف أو عندما نلتقي بك. لا نرسلها أبدًا في رسالة بريدية أو بريد إلكتروني أو رسالة نصية.",
        "uk": "Щоб отримати нові слова, зателефонуй нам: %(phone)s. Ми самі скажемо тобі нові слова — по телефону або коли зустрінемося. Ми ніколи не надсилаємо їх листом, електронною поштою чи SMS.",
    },
    "Your message is kept safe here. It is sent as soon as you write your new words.": {
        "da": "Din besked er gemt sikkert her. Den bliver sendt, så snart du skriver dine nye ord.",
        "ar": "رسالتك محفوظة بأمان هنا. تُرسل حالما تكتب كلماتك الجديدة.",
        "uk": "Твоє повідомлення надійно збережене тут. Його буде надіслано, щойно ти напишеш свої нові слова.",
    },
    # Staff only.
    "End the conversation everywhere and make new words": {
        "da": "Luk samtalen overalt og lav nye ord",
    },
    "The new secret words": {
        "da": "De nye hemmelige ord",
    },
    "The conversation is closed on every phone and computer that had it open. The old words no longer open it, and notices to phones are turned off.": {
        "da": "Samtalen er lukket på alle telefoner og computere, der havde den åben. De gamle ord kan ikke længere åbne den, og beskeder til telefoner er slået fra.",
    },
    "Give the child these words yourself: read them out on the phone or hand them over when you meet. Make sure you are talking to the child, and that nobody else hears or sees them. Never send them in a letter, an email or a text message. They are shown only now.": {
        "da": "Giv selv barnet ordene: læs dem op i telefonen, eller giv dem, når I mødes. Sørg for, at du taler med barnet, og at ingen andre hører eller ser dem. Send dem aldrig i et brev, en mail eller en sms. De vises kun nu.",
    },
    "If the child loses them, or someone else may have seen them, make new words again.": {
        "da": "Hvis barnet mister dem, eller en anden kan have set dem, så lav nye ord igen.",
    },
    "Back to the case": {
        "da": "Tilbage til sagen",
    },
    "Do this if someone other than the child may have seen the secret words, if the conversation may be open on a phone or computer the child no longer has, or if the child has lost the words.": {
        "da": "Gør det, hvis en anden end barnet kan have set de hemmelige ord, hvis samtalen kan være åben på en telefon eller computer, som barnet ikke længere har, eller hvis barnet har mistet ordene.",
    },
    "The conversation closes at once on every phone and computer that has it open.": {
        "da": "Samtalen lukker med det samme på alle telefoner og computere, der har den åben.",
    },
    "The old words stop working. Whoever writes them, or comes back on a device that had the conversation open, is told that the words were changed and to call us, and nothing more.": {
        "da": "De gamle ord holder op med at virke. Den, der skriver dem, eller kommer tilbage på en enhed, der havde samtalen åben, får at vide, at ordene er skiftet, og at de skal ringe til os, og ikke mere.",
    },
    "Notices to phones are turned off.": {
        "da": "Beskeder til telefoner slås fra.",
    },
    "You get new words, shown only once, to give to the child yourself.": {
        "da": "Du får nye ord, som kun vises én gang, og som du selv giver barnet.",
    },
    "The messages stay. This is recorded in the audit log.": {
        "da": "Beskederne bliver. Det bliver registreret i auditloggen.",
    },
    "The conversation was ended everywhere and given new words": {
        "da": "Samtalen blev lukket overalt og fik nye ord",
    },
    "This inquiry has no conversation.": {
        "da": "Denne henvendelse har ingen samtale.",
    },
}
