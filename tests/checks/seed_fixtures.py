"""Correct, idiomatic translations of the Khojaly press release (the workspace's seed,
``/work/shared/seeds/000_2082a7b963c9b686.txt``) plus a few units with markup, contacts
and figures. The checks must raise no error and no warning on any of them, and must catch
every single mutation of a number, URL, e-mail or formatting marker (test_mutations.py).

Each entry: (language, msgid, msgstr). Translations deliberately use what translators do:
"700 тысяч", "70多万", "700 ألف", words for "21st" in Arabic, Arabic-Indic digits, dates
reordered ("2008年5月8日"), "Nr. 1", "21.", "21-ci", French narrow no-break spaces.
"""

from __future__ import annotations

H = "Leyla Aliyeva: “We will never forget people massacred in Khojaly”"
S2 = (
    "“We will never forget people massacred in Khojaly,” said Vice-President and head of "
    "the Russian Office of the Heydar Aliyev Foundation Leyla Aliyeva in an event dedicated "
    "to the 21st anniversary of the Khojaly genocide in Moscow."
)
S3 = (
    "The lobby of the hotel exhibited drawings of children of orphanages No.1 of Nizami "
    "District, No.2 of Surakhani District and No.3 of Khatai district of Baku, who "
    "participated in Art Exhibition “Children and War” organized by the Heydar Aliyev "
    "Foundation."
)
S4 = (
    "Speaking at the event, Vice-President of the Heydar Aliyev Foundation Leyla Aliyeva "
    "said: “It is the 21st year that we gather to honour the victims of the Khojaly "
    "genocide, one of the most bloody and terrible pages of the Karabakh conflict."
)
S5 = (
    "Twenty one years ago, on the night of February 25 to 26, armed Armenian militants "
    "invaded the town of Khojaly, killing 613 civilians, including 63 children, 106 women "
    "and 70 old men."
)
S6 = (
    "These 613 brutally killed innocent people will never be forgotten and will live "
    "forever in our hearts."
)
S7 = (
    "The world community must make a legal and moral assessment of the terrible events "
    "that happened in February night in 1992”."
)
S8 = "That is why on 8 May 2008 we initiated international campaign Justice for Khojaly."
S9 = "The campaign has already collected more than 700,000 signatures”, Aliyeva said."
S10 = (
    "She stressed that for several years the Heydar Aliyev Foundation holds events "
    "dedicated to the tragedy in more than 70 countries in Europe, Asia, Africa, North and "
    "South America."
)
S11 = "In addition, this genocide was recognized by seven U.S. states."
LINK = (
    "For more information, visit [the Foundation's website]"
    "(https://heydar-aliyev-foundation.org/en/) or write to "
    "**press@heydar-aliyev-foundation.org**."
)
CONTACT = "Media contact: Tel.: +994 12 505 55 05, e-mail: info@example.org"
FIGURES = "Turnout reached 98% and the budget grew 3.5 times, to $1.2 million."
HEADING = "Khojaly"
EMPH = "The exhibition is open *until 30 March* at the **Radisson** hotel."

FIXTURES: list[tuple[str, str, str]] = [
    # ---------------------------------------------------------------- Russian
    ("ru", H, "Лейла Алиева: «Мы никогда не забудем людей, убитых в Ходжалы»"),
    (
        "ru",
        S2,
        "«Мы никогда не забудем людей, убитых в Ходжалы», — сказала вице-президент и "
        "руководитель Российского представительства Фонда Гейдара Алиева Лейла Алиева на "
        "мероприятии в Москве, посвящённом 21-й годовщине Ходжалинского геноцида.",
    ),
    (
        "ru",
        S3,
        "В фойе гостиницы были выставлены рисунки детей из детских домов №1 Низаминского "
        "района, №2 Сураханского района и №3 Хатаинского района Баку, участвовавших в "
        "художественной выставке «Дети и война», организованной Фондом Гейдара Алиева.",
    ),
    (
        "ru",
        S4,
        "Выступая на мероприятии, вице-президент Фонда Гейдара Алиева Лейла Алиева сказала: "
        "«Вот уже 21-й год мы собираемся, чтобы почтить память жертв Ходжалинского "
        "геноцида — одной из самых кровавых и страшных страниц карабахского конфликта.",
    ),
    (
        "ru",
        S5,
        "Двадцать один год назад, в ночь с 25 на 26 февраля, вооружённые армянские боевики "
        "ворвались в город Ходжалы, убив 613 мирных жителей, в том числе 63 детей, "
        "106 женщин и 70 стариков.",
    ),
    (
        "ru",
        S6,
        "Эти 613 зверски убитых невинных людей никогда не будут забыты и навсегда останутся "
        "в наших сердцах.",
    ),
    (
        "ru",
        S7,
        "Мировое сообщество должно дать правовую и моральную оценку страшным событиям, "
        "произошедшим февральской ночью 1992 года».",
    ),
    (
        "ru",
        S8,
        "Именно поэтому 8 мая 2008 года мы начали международную кампанию «Справедливость "
        "для Ходжалы».",
    ),
    ("ru", S9, "Кампания уже собрала более 700 тысяч подписей», — сказала Алиева."),
    (
        "ru",
        S10,
        "Она подчеркнула, что уже несколько лет Фонд Гейдара Алиева проводит мероприятия, "
        "посвящённые трагедии, более чем в 70 странах Европы, Азии, Африки, Северной и "
        "Южной Америки.",
    ),
    ("ru", S11, "Кроме того, этот геноцид признали 7 штатов США."),
    (
        "ru",
        LINK,
        "Подробная информация — на [сайте Фонда](https://heydar-aliyev-foundation.org/ru/) "
        "или по адресу **press@heydar-aliyev-foundation.org**.",
    ),
    ("ru", CONTACT, "Контакты для СМИ: тел.: +994 12 505-55-05, эл. почта: info@example.org"),
    ("ru", FIGURES, "Явка достигла 98 %, а бюджет вырос в 3,5 раза, до 1,2 млн долларов."),
    ("ru", EMPH, "Выставка открыта *до 30 марта* в гостинице **Radisson**."),
    ("ru", HEADING, "Ходжалы"),
    # ---------------------------------------------------------------- German
    ("de", H, "Leyla Aliyeva: „Wir werden die in Chodschaly ermordeten Menschen nie vergessen“"),
    (
        "de",
        S2,
        "„Wir werden die in Chodschaly ermordeten Menschen nie vergessen“, sagte die "
        "Vizepräsidentin und Leiterin der russischen Vertretung der Heydar-Aliyev-Stiftung, "
        "Leyla Aliyeva, bei einer Veranstaltung zum 21. Jahrestag des Völkermords von "
        "Chodschaly in Moskau.",
    ),
    (
        "de",
        S3,
        "In der Hotellobby wurden Zeichnungen von Kindern der Waisenhäuser Nr. 1 des Bezirks "
        "Nizami, Nr. 2 des Bezirks Surakhani und Nr. 3 des Bezirks Khatai in Baku "
        "ausgestellt, die an der von der Heydar-Aliyev-Stiftung organisierten "
        "Kunstausstellung „Kinder und Krieg“ teilgenommen hatten.",
    ),
    (
        "de",
        S5,
        "Vor einundzwanzig Jahren, in der Nacht vom 25. auf den 26. Februar, überfielen "
        "bewaffnete armenische Kämpfer die Stadt Chodschaly und töteten 613 Zivilisten, "
        "darunter 63 Kinder, 106 Frauen und 70 alte Männer.",
    ),
    (
        "de",
        S8,
        "Deshalb haben wir am 8. Mai 2008 die internationale Kampagne „Gerechtigkeit für "
        "Chodschaly“ ins Leben gerufen.",
    ),
    (
        "de",
        S9,
        "Die Kampagne hat bereits mehr als 700.000 Unterschriften gesammelt“, sagte Aliyeva.",
    ),
    (
        "de",
        S10,
        "Sie betonte, dass die Heydar-Aliyev-Stiftung seit mehreren Jahren in mehr als "
        "70 Ländern in Europa, Asien, Afrika, Nord- und Südamerika Veranstaltungen zu der "
        "Tragödie durchführt.",
    ),
    ("de", S11, "Darüber hinaus wurde dieser Völkermord von sieben US-Bundesstaaten anerkannt."),
    (
        "de",
        LINK,
        "Weitere Informationen finden Sie auf der [Website der Stiftung]"
        "(https://heydar-aliyev-foundation.org/de/) oder unter "
        "**press@heydar-aliyev-foundation.org**.",
    ),
    (
        "de",
        FIGURES,
        "Die Wahlbeteiligung erreichte 98 %, und das Budget wuchs um das 3,5-Fache auf "
        "1,2 Mio. Dollar.",
    ),
    ("de", EMPH, "Die Ausstellung ist *bis zum 30. März* im Hotel **Radisson** geöffnet."),
    # ---------------------------------------------------------------- Azerbaijani
    (
        "az",
        S2,
        "“Xocalıda qətlə yetirilən insanları heç vaxt unutmayacağıq”, – deyə Heydər Əliyev "
        "Fondunun vitse-prezidenti, Fondun Rusiya nümayəndəliyinin rəhbəri Leyla Əliyeva "
        "Moskvada Xocalı soyqırımının 21-ci ildönümünə həsr olunmuş tədbirdə bildirib.",
    ),
    (
        "az",
        S3,
        "Otelin foyesində Heydər Əliyev Fondunun təşkil etdiyi “Uşaqlar və müharibə” rəsm "
        "sərgisində iştirak etmiş Bakının Nizami rayonundakı 1 nömrəli, Suraxanı "
        "rayonundakı 2 nömrəli və Xətai rayonundakı 3 nömrəli uşaq evlərinin uşaqlarının "
        "rəsmləri nümayiş olunub.",
    ),
    (
        "az",
        S5,
        "İyirmi bir il əvvəl, fevralın 25-dən 26-na keçən gecə silahlı erməni quldurları "
        "Xocalı şəhərinə soxularaq 63 uşaq, 106 qadın və 70 qoca da daxil olmaqla 613 dinc "
        "sakini qətlə yetiriblər.",
    ),
    (
        "az",
        S8,
        "Məhz buna görə də biz 2008-ci il mayın 8-də “Xocalıya ədalət” beynəlxalq "
        "kampaniyasına başladıq.",
    ),
    ("az", S9, "Kampaniya artıq 700 mindən çox imza toplayıb”, – deyə Leyla Əliyeva bildirib."),
    (
        "az",
        S10,
        "O vurğulayıb ki, Heydər Əliyev Fondu bir neçə ildir ki, Avropa, Asiya, Afrika, "
        "Şimali və Cənubi Amerikanın 70-dən çox ölkəsində faciəyə həsr olunmuş tədbirlər "
        "keçirir.",
    ),
    ("az", S11, "Bundan əlavə, bu soyqırımı ABŞ-ın yeddi ştatı tanıyıb."),
    ("az", HEADING, "Khojaly"),
    # ---------------------------------------------------------------- Arabic
    ("ar", H, "ليلى علييفا: «لن ننسى أبدًا الذين قُتلوا في خوجالي»"),
    (
        "ar",
        S2,
        "«لن ننسى أبدًا الذين قُتلوا في خوجالي»، هذا ما قالته نائبة رئيس مؤسسة حيدر علييف "
        "ورئيسة مكتبها الروسي ليلى علييفا في فعالية أُقيمت في موسكو بمناسبة الذكرى الحادية "
        "والعشرين لإبادة خوجالي الجماعية.",
    ),
    (
        "ar",
        S3,
        "وعُرضت في بهو الفندق رسومات أطفال دور الأيتام رقم 1 في حي نظامي، ورقم 2 في حي "
        "سوراخاني، ورقم 3 في حي خطائي بمدينة باكو، الذين شاركوا في المعرض الفني «الأطفال "
        "والحرب» الذي نظمته مؤسسة حيدر علييف.",
    ),
    (
        "ar",
        S5,
        "قبل واحد وعشرين عامًا، في ليلة 25 إلى 26 فبراير، اقتحم مسلحون أرمن مدينة خوجالي "
        "وقتلوا 613 مدنيًا، بينهم 63 طفلًا و106 نساء و70 مسنًا.",
    ),
    ("ar", S8, "لهذا السبب أطلقنا في ٨ مايو ٢٠٠٨ الحملة الدولية «العدالة لخوجالي»."),
    ("ar", S9, "وقد جمعت الحملة حتى الآن أكثر من 700 ألف توقيع»، قالت علييفا."),
    (
        "ar",
        S10,
        "وأكدت أن مؤسسة حيدر علييف تنظم منذ عدة سنوات فعاليات مخصصة للمأساة في أكثر من ٧٠ "
        "دولة في أوروبا وآسيا وأفريقيا وأمريكا الشمالية والجنوبية.",
    ),
    ("ar", S11, "بالإضافة إلى ذلك، اعترفت سبع ولايات أمريكية بهذه الإبادة الجماعية."),
    ("ar", FIGURES, "بلغت نسبة المشاركة ٩٨٪ ونمت الميزانية ٣٫٥ مرة لتصل إلى ١٫٢ مليون دولار."),
    (
        "ar",
        CONTACT,
        "للتواصل مع وسائل الإعلام: الهاتف: +994 12 505 55 05، البريد الإلكتروني: info@example.org",
    ),
    # ---------------------------------------------------------------- Chinese
    ("zh_Hans", H, "莱拉·阿利耶娃：“我们永远不会忘记在霍贾利遇难的人们”"),
    (
        "zh_Hans",
        S2,
        "“我们永远不会忘记在霍贾利遇难的人们，”盖达尔·阿利耶夫基金会副主席兼俄罗斯代表处"
        "负责人莱拉·阿利耶娃在莫斯科举行的霍贾利种族灭绝事件21周年纪念活动上说。",
    ),
    (
        "zh_Hans",
        S3,
        "酒店大厅展出了巴库尼扎米区第1孤儿院、苏拉哈尼区第2孤儿院和哈泰区第3孤儿院儿童的"
        "画作，这些孩子参加了盖达尔·阿利耶夫基金会举办的“儿童与战争”艺术展。",
    ),
    (
        "zh_Hans",
        S5,
        "二十一年前，2月25日至26日夜间，亚美尼亚武装分子闯入霍贾利镇，杀害了613名平民，"
        "其中包括63名儿童、106名妇女和70名老人。",
    ),
    ("zh_Hans", S8, "正因为如此，我们于2008年5月8日发起了“为霍贾利伸张正义”国际运动。"),
    ("zh_Hans", S9, "该运动已征集到70多万个签名”，阿利耶娃说。"),
    (
        "zh_Hans",
        S10,
        "她强调，多年来盖达尔·阿利耶夫基金会在欧洲、亚洲、非洲、北美洲和南美洲的70多个"
        "国家举办纪念这一悲剧的活动。",
    ),
    ("zh_Hans", S11, "此外，美国有七个州承认了这一种族灭绝。"),
    (
        "zh_Hans",
        LINK,
        "欲了解更多信息，请访问[基金会网站](https://heydar-aliyev-foundation.org/zh/)"
        "或致信**press@heydar-aliyev-foundation.org**。",
    ),
    ("zh_Hans", FIGURES, "投票率达到98%，预算增长了3.5倍，达到120万美元。"),
    # ---------------------------------------------------------------- French
    (
        "fr",
        S2,
        "« Nous n’oublierons jamais les personnes massacrées à Khodjaly », a déclaré Leyla "
        "Aliyeva, vice-présidente de la Fondation Heydar Aliyev et directrice de son bureau "
        "en Russie, lors d’une manifestation consacrée au 21e anniversaire du génocide de "
        "Khodjaly à Moscou.",
    ),
    (
        "fr",
        S9,
        "La campagne a déjà recueilli plus de 700\u202f000 signatures\u00a0», a déclaré Aliyeva.",
    ),
    (
        "fr",
        FIGURES,
        "La participation a atteint 98\u00a0% et le budget a été multiplié par 3,5, pour "
        "atteindre 1,2 million de dollars.",
    ),
    (
        "fr",
        S5,
        "Il y a vingt et un ans, dans la nuit du 25 au 26 février, des militants arméniens "
        "armés ont envahi la ville de Khodjaly, tuant 613 civils, dont 63 enfants, "
        "106 femmes et 70 vieillards.",
    ),
    ("fr", EMPH, "L’exposition est ouverte *jusqu’au 30 mars* à l’hôtel **Radisson**."),
    # ---------------------------------------------------------------- Turkish
    (
        "tr",
        S2,
        "“Hocalı’da katledilen insanları asla unutmayacağız” dedi Haydar Aliyev Vakfı "
        "Başkan Yardımcısı ve Rusya Temsilciliği Başkanı Leyla Aliyeva, Moskova’da Hocalı "
        "soykırımının 21. yıl dönümü dolayısıyla düzenlenen etkinlikte.",
    ),
    ("tr", S9, "Kampanya şimdiye kadar 700.000’den fazla imza topladı”, dedi Aliyeva."),
    ("tr", FIGURES, "Katılım %98’e ulaştı ve bütçe 3,5 kat artarak 1,2 milyon dolara çıktı."),
    (
        "tr",
        S5,
        "Yirmi bir yıl önce, 25’i 26’ya bağlayan gece silahlı Ermeni militanlar Hocalı "
        "kasabasını işgal ederek 63’ü çocuk, 106’sı kadın ve 70’i yaşlı olmak üzere 613 "
        "sivili öldürdü.",
    ),
    ("tr", CONTACT, "Basın iletişimi: Tel.: +994 12 505 55 05, e-posta: info@example.org"),
]
