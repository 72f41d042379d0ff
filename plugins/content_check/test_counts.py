import pytest

from content_check.counts import counts_in, theme_count_problems
from languages.catalogue import catalogue_paths


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("it", "Una rete di 18 comuni e cinque miniprogetti.", [(18, "municipality"), (5, "miniproject")]),
    ("it", "Astrolabio ha realizzato cinque piccoli progetti locali.", [(5, "miniproject")]),
    ("en", "18 large Italian cities; five small local projects", [(18, "municipality"), (5, "miniproject")]),
    ("fr", "l'une des 18 communes; cinq mini-projets; dix-huit communes", [
        (18, "municipality"), (5, "miniproject"), (18, "municipality")]),
    ("ar", "واحدة من 18 بلدية. خمسة مشاريع محلية صغيرة. البلديات الـ18", [
        (18, "municipality"), (5, "miniproject"), (18, "municipality")]),
    ("ar", "١٨ بلدية", [(18, "municipality")]),
    ("ar", "خمسة مشروعًا صغيرًا", [(5, "miniproject")]),  # the vowel marks belong to their words
    ("pa", "ਇਟਲੀ ਦੇ 18 ਸ਼ਹਿਰਾਂ ਦਾ ਪ੍ਰੋਜੈਕਟ। ਪੰਜ ਛੋਟੇ ਸਥਾਨਕ ਪ੍ਰੋਜੈਕਟ। ਅਠਾਰਾਂ ਸ਼ਹਿਰ", [
        (18, "municipality"), (5, "miniproject"), (18, "municipality")]),
    ("bn", "LGNetEA-এর 18টি শহরের একটি। পাঁচটি ছোট প্রকল্পও। আঠারো শহর", [
        (18, "municipality"), (5, "miniproject"), (18, "municipality")]),
    ("ur", "LGNetEA کے 18 شہروں میں سے ایک۔ پانچ چھوٹے منصوبے۔ ۱۸ شہر", [
        (18, "municipality"), (5, "miniproject"), (18, "municipality")]),
    ("uk", "у 18 містах; п'ять невеликих місцевих проєктів; п’ять мініпроєктів; вісімнадцяти містах", [
        (18, "municipality"), (5, "miniproject"), (5, "miniproject"), (18, "municipality")]),
    ("sq", "një nga 18 qytetet; pesë projekte të vogla vendore; tetëmbëdhjetë qytete", [
        (18, "municipality"), (5, "miniproject"), (18, "municipality")]),
    ("zh-Hans", "全部18个城市的数字。完成了五个地方小项目。十八座意大利城市", [
        (18, "municipality"), (5, "miniproject"), (18, "municipality")]),
])
def test_counts_in_digits_or_words_in_each_language(lang, text, expected):
    assert [(number, kind) for _, _, number, kind, _ in counts_in(text, lang)] == expected


def test_other_is_noticed_before_between_or_after():
    found = [(number, other) for _, _, number, _, other in [
        *counts_in("insieme ad altri 17 comuni", "it"), *counts_in("with 17 other Italian cities", "en"),
        *counts_in("مع 17 بلدية إيطالية أخرى", "ar"), *counts_in("in 17 comuni", "it")]]
    assert found == [(17, True), (17, True), (17, True), (17, False)]


@pytest.mark.parametrize(("lang", "text"), [
    ("pa", "ਇਟਲੀ ਦੇ 17 ਹੋਰ ਸ਼ਹਿਰਾਂ ਦੇ ਨਾਲ"), ("bn", "ইতালির আরও 17টি শহরের সাথে"),
    ("ur", "اٹلی کے 17 دوسرے شہروں کے ساتھ"),
    ("uk", "разом з іще 17 італійськими містами"), ("sq", "me 17 qytete të tjera italiane"),
    ("zh-Hans", "和另外17个意大利城市一起"),
])
def test_other_is_noticed_in_the_new_languages(lang, text):
    assert [(number, other) for _, _, number, _, other in counts_in(text, lang)] == [(17, True)]


@pytest.mark.parametrize("text", [
    "circa 600 progetti individuali", "tre dei comuni", "Sei in: comuni", "nel 2022, comuni e città",
    "tre campi di lavoro nei comuni",
])
def test_numbers_that_do_not_count_pages_are_left_alone(text):
    assert counts_in(text, "it") == ()


@pytest.mark.parametrize(("lang", "text"), [
    ("zh-Hans", "第五个城市"),  # the fifth city
    ("zh-Hans", "2022年城市"),  # no classifier: not a count
    ("zh-Hans", "五个超市"),  # supermarkets
    ("zh-Hans", "大约600个公民参与项目"),  # projects, not mini-projects
    ("pa", "2022 ਵਿੱਚ ਸ਼ਹਿਰ"), ("ur", "2022 میں شہر"), ("uk", "близько 600 проєктів громадської участі"),
    ("uk", "три з міст"), ("sq", "rreth 600 projekte angazhimi qytetar"), ("sq", "tre nga qytetet"),
    ("bn", "প্রায় 600টি প্রকল্প"),
])
def test_numbers_that_do_not_count_pages_are_left_alone_in_the_new_languages(lang, text):
    assert counts_in(text, lang) == ()


def test_the_nearest_number_counts():
    assert [number for _, _, number, _, _ in counts_in("tre dei 18 comuni", "it")] == [18]


def test_a_theme_translation_is_read_in_its_language_whatever_its_folder(tmp_path):
    """The Chinese catalogue's count is checked as Chinese (its folder may be zh_Hans, Babel's name)."""
    settings = {"THEME": str(tmp_path), "DEFAULT_LANG": "it",
                "LANGUAGES": {"it": {"locale": "it"}, "zh-Hans": {"locale": "zh_Hans"}}}
    path = catalogue_paths(settings)[1]["zh-Hans"]
    path.parent.mkdir(parents=True)
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    '#: templates/home.html\nmsgid "I miniprogetti"\nmsgstr "五个小项目"\n', encoding="utf-8")
    problems = theme_count_problems(settings, {"miniproject": (6, "content/miniprogetti/")}, publishing=True)
    assert [(problem.field, problem.warning) for problem in problems] == [("msgstr", False)]
    assert "«五个小项目» dice 5, ma nel sito sono 6" in problems[0].message
