"""Stop words: function words dropped from index terms (and so from queries).

The list is conservative: particles, prepositions, pronouns, demonstratives, relative pronouns,
interrogatives and a few auxiliaries. Content-bearing verbs stay indexed; قال ("said") is
deliberately NOT a stop word: it is frequent in news, but BM25 already gives it a low weight and
a query such as "ماذا قال ترامب" should keep it.

The source list is written readably (with hamza and ى) and folded at import time, so it matches
what ``fold()`` produces. Folding merges a few words with content words; one is accepted:
على folds to علي, so the name Ali is dropped too. Words that fold onto a frequent content word were
left out: أمام (= إمام "imam"), عبر (= عبّر "expressed"), مثل (= مثّل "represented"),
إليه (= آلية "mechanism"), أم ("or" = "mother"), إذن ("then" = "permission"), لي (the name
Li), بي (as in بي بي سي).

``CONJUNCTION_KEEP`` lists content words that look like و/ف + a stop word, which the analyzer
must not drop (it drops وفي, ولم, فهو … by stripping the conjunction and looking again).
"""

from khabar.arabic.normalize import fold

_ARABIC = """
في من إلى على عن مع منذ حتى عند لدى بين خلال حول ضد نحو دون فوق تحت قبل بعد أثناء وراء
حسب بحسب وفق وفقا غير سوى كل بعض جميع كافة أي
و أو ثم بل لكن لكنه لكنها لكنهم ولكن إنما إما أما إلا
أن إن أنه إنه أنها إنها أنهم إنهم أنهما لأن لأنه لأنها بأن بأنه بأنها بأنهم كأن لعل ليت
لا لم لن ما ليس ليست ليسوا قد لقد سوف هل كم كيف متى أين لماذا ماذا
إذا إذ لو لولا كما لما بما كلما مما عما فيما ممن عندما بينما حيث حين حينما كي لكي
هو هي هم هن هما أنا أنت أنتم أنتن نحن إياه إياها إياهم
هذا هذه هذان هاتان هذين هاتين ذلك تلك ذاك هؤلاء أولئك هنا هناك هنالك
الذي التي الذين اللذان اللتان اللذين اللتين اللواتي اللاتي اللائي
كان كانت كانوا يكون تكون يكن تكن تم يتم تمت يزال تزال مازال مازالت لازال
منه منها منهم عنه عنها عنهم فيه فيها فيهم له لها لهم لهما لنا لكم لك
به بها بهم بهما عليه عليها عليهم علينا إليها إليهم إلينا معه معها معهم معنا
لديه لديها لديهم لدينا عنده عندها عندهم بينهم بينها بينهما
بذلك لذلك كذلك لذا بهذا لهذا بهذه لهذه لمن بمن لكل بكل
كله كلها كلهم بعضهم بعضها جميعهم
أيضا فقط جدا الآن ال
"""

_ENGLISH = """
a an the of and or in on at to for from by with as into about
is are was were be been being it its this that these those
not no but has have had will would can could he she they we you his her their our
"""

STOP_WORDS: frozenset[str] = frozenset(fold(_ARABIC).split()) | frozenset(_ENGLISH.split())

# Content words that are also و/ف + a stop word once folded.
CONJUNCTION_KEEP: frozenset[str] = frozenset(
    fold(w)
    for w in (
        "فقد",  # "lost" (not ف + قد)
        "والي",  # "governor" (not و + إلى)
        "فهم",  # "understanding"
        "فلم",  # "film"
        "وهن",  # "weakness"
        "فعلي",  # "actual" (not ف + على)
    )
)
