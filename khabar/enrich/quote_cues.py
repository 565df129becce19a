"""The words that attribute a statement in Arabic news, as data: reporting verbs (every
person and number a news text uses), circumstantial participles, "according to" phrases, and
the words that open what was said. Written naturally and folded once
(``khabar.arabic.fold``: one alef, ى→ي, ة→ه)."""

from __future__ import annotations

from khabar.arabic import fold

#: finite reporting verbs: the lemma shown for every form (perfect, imperfect, feminine,
#: dual and plural). Their subject follows (VSO) or stands just before them (SVO).
VERBS = {
    "قال": "قال قالت قالا قالتا قالوا يقول تقول يقولون",
    "أكد": "أكد أكدت أكدا أكدوا يؤكد تؤكد يؤكدون",
    "أضاف": "أضاف أضافت أضافا أضافوا يضيف تضيف يضيفون",
    "صرح": "صرح صرحت صرحوا يصرح تصرح",
    "أوضح": "أوضح أوضحت أوضحوا يوضح توضح",
    "أشار": "أشار أشارت أشاروا يشير تشير يشيرون",
    "نفى": "نفى نفت نفوا ينفي تنفي ينفون",
    "حذر": "حذر حذرت حذروا يحذر تحذر يحذرون",
    "دعا": "دعا دعت دعوا يدعو تدعو يدعون",
    "اعتبر": "اعتبر اعتبرت اعتبروا يعتبر تعتبر يعتبرون",
    "أعلن": "أعلن أعلنت أعلنوا يعلن تعلن",
    "تابع": "تابع تابعت",
    "شدد": "شدد شددت شددوا يشدد تشدد",
    "كشف": "كشف كشفت كشفوا",
    "ذكر": "ذكر ذكرت ذكروا",
    "أفاد": "أفاد أفادت أفادوا يفيد تفيد",
    "لفت": "لفت لفتت",
    "زعم": "زعم زعمت زعموا يزعم تزعم",
    "ادعى": "ادعى ادعت ادعوا يدعي تدعي",
    "كتب": "كتب كتبت",
    "غرد": "غرد غردت",
    "أردف": "أردف أردفت",
    "أقر": "أقر أقرت",
    "اعترف": "اعترف اعترفت",
    "علق": "علق علقت",
    "نص": "نص",
    "وصف": "وصف وصفت",
    "نشر": "نشر نشرت نشروا",
    "أورد": "أورد أوردت",
}

#: participles after a sentence's verb: their speaker is that sentence's speaker
PARTICIPLES = {
    "قائلا": "قائلا قائلة قائلين",
    "مضيفا": "مضيفا مضيفة مضيفين",
    "مشيرا": "مشيرا مشيرة مشيرين",
    "مؤكدا": "مؤكدا مؤكدة مؤكدين",
    "موضحا": "موضحا موضحة موضحين",
    "محذرا": "محذرا محذرة محذرين",
    "معتبرا": "معتبرا معتبرة معتبرين",
    "لافتا": "لافتا لافتة لافتين",
    "متسائلا": "متسائلا متسائلة متسائلين",
    "مشددا": "مشددا مشددة مشددين",
    "نافيا": "نافيا نافية نافين",
    "داعيا": "داعيا داعية داعين",
    "بالقول": "بالقول",
}

#: "according to": the speaker follows, what was said is the clause before
ACCORDING = "وفق وفقا حسب بحسب حسبما طبقا"

#: "نقلت X عن Y (قوله) إن …": the speaker is Y
TRANSMIT = "نقلت نقل نقلوا تنقل ينقل"

#: "جاء في البيان أن …", "ورد في البيان أن …": the statement's issuer spoke before
PASSIVE = "جاء ورد"

#: words that open what was said, after the verb and its subject
COMPLEMENTIZERS = frozenset(fold(w) for w in """
أن إن بأن وأن وإن أنه إنه أنها إنها أنهم إنهم أنهما إنهما أنني إنني أني إني أننا إننا
بأنه بأنها بأنهم
""".split())
#: prepositions that open what دعا and حذر ask for or warn of (by lemma)
CALL_PREPOSITIONS = {"دعا": frozenset({fold("إلى")}), "داعيا": frozenset({fold("إلى")}),
                     "حذر": frozenset({fold("من")}), "محذرا": frozenset({fold("من")})}
#: verbs that report only a clause after أن/إن: a quotation after them is a title or a name
#: ("نشر موقع "سي إن بي سي"", "نشرت CNN سابقا أن …"), by lemma
INDIRECT_ONLY = frozenset({"نشر"})
#: cues whose complementizer may follow على ("أكد على أن", "شدد على أن", "نص على أن",
#: "مؤكدا على أن"), by lemma
ON_THAT = frozenset({"أكد", "شدد", "نص", "مؤكدا", "مشددا"})

#: a subject that names nobody: the statement is anonymous and is not kept
ANONYMOUS = frozenset(fold(w) for w in """
مصدر مصادر مسؤول مسؤولون مسؤولين مسؤولة شهود شاهد سكان أحد خبراء خبير باحثون باحثين
محللون محلل دبلوماسي دبلوماسيون ناشطون ناشط تقارير تقرير وسائل مواطنون مراقبون فرق
مصدر_مطلع البعض آخرون أعضاء عدد مجموعة الباحثون الخبراء المحللون المصادر الشهود السكان مراقبين
""".replace("_", " ").split())

#: a definite noun standing for an issuer named before ("وقال البيان", "بحسب الوكالة")
ANAPHORIC = frozenset(fold(w) for w in """
البيان الوكالة الوزارة المنظمة الصحيفة الهيئة الحكومة المصدر الشركة المسؤول المتحدث
الموقع التقرير الجيش الحركة الحزب الاتحاد المجلس الرئاسة البعثة الأمم
""".split())

#: words that end a subject before its complement: place and time adverbs, dative and
#: medium phrases ("في كلمة", "لوكالة رويترز", "عبر تويتر", "الاثنين")
SUBJECT_STOPS = frozenset(fold(w) for w in """
في خلال عبر أمام اليوم أمس مساء صباح الليلة لدى على إلى حول بشأن إثر عقب بعد قبل منذ
الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد ذلك هذا فيها فيه وذلك
فوقها فوقه تحتها تحته عليها عليه له لها لهم منه منها عنه عنها
""".split())
#: platforms a statement is published on, never its speaker ("على صفحته بموقع تويتر، حيث قال")
PLATFORMS = frozenset(fold(w.replace("_", " ")) for w in """
تويتر فيسبوك فيس_بوك إنستغرام انستغرام إنستجرام يوتيوب سناب_شات تلغرام تيليغرام واتساب
""".split())
#: nouns of an outlet: "وفقا لصحيفة نيويورك تايمز", "ذكرت وكالة الأنباء الرسمية «تاس»"
MEDIA = frozenset(fold(w) for w in "صحيفة جريدة مجلة وكالة قناة موقع إذاعة تلفزيون شبكة".split())
#: nouns of a statement's vehicle: "قال بيان صادر عن …" names its issuer further on
VEHICLES = frozenset(fold(w) for w in "بيان بيانا تقرير رسالة تغريدة منشور".split())

#: relative pronouns between an SVO subject and its verb ("إيران التي تنفي")
RELATIVES = frozenset(fold(w) for w in "التي الذي الذين اللذان اللتان والتي والذي".split())

#: quotation marks: opening → closing
QUOTE_MARKS = {"«": "»", "“": "”", '"': '"', "„": "“"}


def _forms(table: dict[str, str]) -> dict[str, str]:
    return {fold(form): lemma for lemma, forms in table.items() for form in forms.split()}


VERB_FORMS = _forms(VERBS)
PARTICIPLE_FORMS = _forms(PARTICIPLES)
ACCORDING_FORMS = frozenset(fold(w) for w in ACCORDING.split())
TRANSMIT_FORMS = frozenset(fold(w) for w in TRANSMIT.split())
PASSIVE_FORMS = frozenset(fold(w) for w in PASSIVE.split())
