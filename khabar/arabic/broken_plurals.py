"""Broken plurals of news Arabic and their singulars: «مدارس» meets «مدرسة», «دول» «دولة».

A broken plural changes the inside of the word, so no suffix rule finds its singular. This is a
curated list, not a derivation: frequent plurals of news text (each written at least 5 times in
the four ANT outlets khabar's analyzer is tuned on: Sky News, Al Arabiya, France 24, BBC),
grouped by pattern, each pair checked by hand. Left out on purpose, because the plural spelling
is also another word: «علماء»/«عالم» (world), «كتاب» (book)/«كاتب», «صور» (Tyre)/«صورة»,
«فرق» (difference)/«فريق», «مواطن» (a singular), «الجزائر» (Algeria)/«جزيرة», «عوامل»/«عامل»
(worker), «ديون»/«دين» (religion), «أشهر» (most famous)/«شهر», «سكان», «مشاهد».

``PAIRS`` is read by ``stem`` (``stem.BROKEN_PLURALS``): the light stem of each plural is
mapped to the light stem of its singular, so clitics and suffixes around either still meet
(«ومدارسها» → «مدرسه»). Tested per pattern in tests/arabic/test_stem.py, with known non-pairs.
"""

# plural singular, one pair a line, by pattern
PAIRS = """
    # أفعال
    أسعار سعر
    أطفال طفل
    أحزاب حزب
    أخبار خبر
    أسواق سوق
    أموال مال
    أحداث حدث
    أهداف هدف
    أفلام فيلم
    أمراض مرض
    أصوات صوت
    أسباب سبب
    أرقام رقم
    أفكار فكرة
    أوضاع وضع
    أنباء نبأ
    أقسام قسم
    أشجار شجرة
    # أفعلة
    أسلحة سلاح
    أجهزة جهاز
    أدوية دواء
    أنظمة نظام
    أسئلة سؤال
    أمثلة مثال
    أغذية غذاء
    أبنية بناء
    # أفاعل / أفاعيل
    أقاليم إقليم
    أساليب أسلوب
    أراضي أرض
    # فعول
    شروط شرط
    جنود جندي
    شعوب شعب
    بنوك بنك
    جهود جهد
    فروع فرع
    دروس درس
    عقود عقد
    قيود قيد
    ضغوط ضغط
    رسوم رسم
    حروب حرب
    قلوب قلب
    صفوف صف
    بحوث بحث
    نجوم نجم
    قرون قرن
    # فُعَل
    دول دولة
    مدن مدينة
    صحف صحيفة
    قمم قمة
    سبل سبيل
    قرى قرية
    # فِعال
    جبال جبل
    صغار صغير
    مياه ماء
    # مفاعل
    مدارس مدرسة
    مساجد مسجد
    مراكز مركز
    مناطق منطقة
    مكاتب مكتب
    مناصب منصب
    مشاكل مشكلة
    مجالس مجلس
    مواقع موقع
    مواقف موقف
    مسائل مسألة
    مصانع مصنع
    معابر معبر
    مراحل مرحلة
    منازل منزل
    مطالب مطلب
    معارك معركة
    مجازر مجزرة
    مصارف مصرف
    محاكم محكمة
    ملاعب ملعب
    مقاعد مقعد
    مباني مبنى
    معاهد معهد
    مصالح مصلحة
    مواسم موسم
    # مفاعيل
    مشاريع مشروع
    مواضيع موضوع
    مفاهيم مفهوم
    مواعيد موعد
    مراسيم مرسوم
    مواثيق ميثاق
    # فعائل
    رسائل رسالة
    وسائل وسيلة
    قبائل قبيلة
    فصائل فصيل
    جرائم جريمة
    خسائر خسارة
    ذخائر ذخيرة
    حقائق حقيقة
    وثائق وثيقة
    ضرائب ضريبة
    كتائب كتيبة
    نتائج نتيجة
    # فعالى / فعايا
    قضايا قضية
    ضحايا ضحية
    هدايا هدية
    # فواعل / فواعيل
    عواصم عاصمة
    قواعد قاعدة
    شوارع شارع
    حوادث حادث
    جوائز جائزة
    فوائد فائدة
    سواحل ساحل
    حواجز حاجز
    طوائف طائفة
    ظواهر ظاهرة
    قوانين قانون
    # فعلاء / أفعلاء
    رؤساء رئيس
    زعماء زعيم
    سفراء سفير
    خبراء خبير
    شركاء شريك
    أمراء أمير
    فقراء فقير
    عملاء عميل
    شهداء شهيد
    حلفاء حليف
    نشطاء ناشط
    سجناء سجين
    وكلاء وكيل
    مدراء مدير
    أطباء طبيب
    أصدقاء صديق
    أعداء عدو
    أعضاء عضو
    # فُعَلة / فُعّال
    قادة قائد
    طلبة طالب
    طلاب طالب
    حكام حاكم
    زوار زائر
    تجار تاجر
    حجاج حاج
    قضاة قاضي
    # فعالل / فعاليل
    برامج برنامج
    تفاصيل تفصيل
    تجارب تجربة
    عناصر عنصر
    جماهير جمهور
    صواريخ صاروخ
    فنادق فندق
    عناوين عنوان
    # فِعلان
    بلدان بلد
    شبان شاب
    جيران جار
"""


def pairs() -> list[tuple[str, str]]:
    """(plural, singular) as written in ``PAIRS``."""
    out: list[tuple[str, str]] = []
    for line in PAIRS.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            plural, singular = line.split()
            out.append((plural, singular))
    return out
