"""The cue words that announce a name: titles and roles before a person, institution nouns
before an organization. Written naturally, "_" joining the words of one cue."""

from __future__ import annotations

from khabar.enrich.entity_words import Cues
from khabar.enrich.tagforms import fold

PERSON_CUES = """
الرئيس الملك الملكة الأمير الأميرة الشيخ السيد السيدة الدكتور العاهل ولي_العهد
رئيس_الوزراء رئيسة_الوزراء رئيس_الحكومة المستشارة وزير وزيرة المبعوث
المتحدث_باسم المتحدثة_باسم الناطق_باسم الزعيم الجنرال المدرب اللاعب النجم المهاجم
الأمين_العام المدعي_العام البابا الناشط الناشطة المعارض الكاتب الفنان الفنانة
رئيس_وزراء رئيسة_وزراء لاعب_الوسط الحارس الإعلامي الممثلة المخرجة القاضية
المدير_العام المديرة_العامة مدير_عام المدير المديرة
رئيس_تحرير رئيسة_تحرير رئيس رئيسة نائب_رئيس مدير مديرة سفير سفيرة قائد مستشار مستشارة محافظ أمين_عام عضو_مجلس
مساعد_وزير مندوب زعيم مدرب لاعب نجم مهاجم حارس_مرمى
النائب النائبة السفير السفيرة القائد المستشار المحافظ العقيد اللواء العميد الجاسوس
الصحفي الصحافي الممثل المخرج المغني المغنية الرئيسة الملياردير رجل_الأعمال سيدة_الأعمال
الأسطورة المدافع اللاعبة النجمة الروائي الشاعر الحكم السيناتور
"""
#: indefinite nouns of a title's complement, read through to the name: "رئيس مجلس إدارة
#: الهيئة العامة للرياضة، تركي آل الشيخ", "حارس مرمى الفتح"
TITLE_WORDS = frozenset(fold(w) for w in """
باسم إدارة مرمى نادي فريق منتخب قوات شرطة أركان عمليات شؤون بعثة تحرير مجلة صحيفة قناة
""".split())
#: cues whose name may be one word that is not definite ("حركة حماس"); the others take
#: definite words only ("وزارة الخارجية الأمريكية")
ORGANIZATION_NAMED = """
حركة حزب منظمة وكالة شركة تنظيم جماعة جبهة
"""
ORGANIZATION_CUES = ORGANIZATION_NAMED + """
وزارة مجلس جامعة هيئة مؤسسة جمعية المديرية_العامة مديرية بنك مصرف صندوق اتحاد جيش
"""

PERSON = Cues(PERSON_CUES)
ORGANIZATION = Cues(ORGANIZATION_CUES)
ORG_NAMED = frozenset(fold(w) for w in ORGANIZATION_NAMED.split())
#: one-word cues are common nouns, never a name alone («جامعة» is a town in geonames)
CUE_NOUNS = (PERSON.nouns | ORGANIZATION.nouns) | frozenset(
    "ال" + w for w in PERSON.nouns | ORGANIZATION.nouns)
