"""Same event, not same topic: the weekday and the match score a lead gives (#19 item 5)."""

from __future__ import annotations

from khabar.enrich.event_marks import marks
from khabar.enrich.stories import Clusterer, Item
from tests.enrich.story_fixtures import at

MATCH = ("حقق راسل وستبروك ثلاثة أرقام مزدوجة ليقود أوكلاهوما سيتي ثاندر للفوز {score} على "
         "{rival} في دوري كرة السلة الأميركي للمحترفين {day}. وسجل وستبروك {points} نقطة، "
         "واستحوذ على 12 كرة مرتدة، ومرر 10 تمريرات حاسمة في المباراة التي أقيمت على ملعب "
         "الفريق في أوكلاهوما سيتي أمام جمهور غفير.")
STATEMENT = ("قال وزير الخارجية الروسي سيرغي لافروف، {day}، إن موسكو {what} ردا على قرار لندن "
             "طرد 23 دبلوماسيا روسيا على خلفية قضية تسميم الجاسوس الروسي السابق سيرغي "
             "سكريبال وابنته في مدينة سالزبري جنوبي إنجلترا، ونفى أي دور لبلاده في الهجوم.")


def test_marks_read_the_weekday_and_the_score_of_the_lead():
    m = marks("رونالدو ينقذ ريال مدريد", "أنقذ رونالدو فريقه بثنائية الفوز 2-1 يوم السبت")
    assert m.weekdays == {"السبت"} and m.scores == {"1-2"}
    assert marks("روما", "فاز على ضيفه 1-صفر").scores == {"0-1"}
    # a season or a year range is no score; Friday prayers are no weekday
    assert marks("الدوري", "موسم 2017-2018 بعد صلاة الجمعة").scores == frozenset()
    assert marks("الدوري", "موسم 2017-2018 بعد صلاة الجمعة").weekdays == frozenset()


def test_two_games_of_one_team_stay_apart_and_two_reports_of_one_game_join():
    c = Clusterer()
    first = c.add(Item(1, "وستبروك يقود ثاندر للفوز", MATCH.format(
        score="104-94", rival="سان أنطونيو سبيرز", day="السبت", points=21), "skynews", at(0)))
    again = c.add(Item(2, "ثاندر يهزم سبيرز بقيادة وستبروك", MATCH.format(
        score="104-94", rival="سان أنطونيو سبيرز", day="السبت", points=21).replace(
            "أمام جمهور غفير", "وسط حضور كبير"), "alarabia", at(2)))
    other = c.add(Item(3, "وستبروك يقود ثاندر للفوز", MATCH.format(
        score="119-107", rival="أتلانتا هوكس", day="الثلاثاء", points=32), "skynews", at(50)))
    assert again.story_id == first.story_id
    assert other.story_id != first.story_id


def test_two_statements_of_one_minister_on_different_days_stay_apart():
    c = Clusterer()
    thursday = c.add(Item(1, "لافروف: موسكو ستطرد دبلوماسيين بريطانيين", STATEMENT.format(
        day="الخميس", what="ستطرد دبلوماسيين بريطانيين قريبا"), "CNN", at(0)))
    saturday = c.add(Item(2, "لافروف: موسكو تطرد دبلوماسيين بريطانيين", STATEMENT.format(
        day="السبت", what="تطرد 23 دبلوماسيا بريطانيا وتمهلهم أسبوعا"), "BBC", at(48)))
    assert saturday.story_id != thursday.story_id
