"""ISBN check digits on real books (Chinese publishers' CIP data and well-known titles)."""
import pytest

from gonghui.core import isbn

# 《红楼梦》人民文学出版社 978-7-02-000220-7;
# 《三体》重庆出版社 978-7-5366-9293-0; 《活着》作家出版社 978-7-5063-6543-7; The C Programming Language 0-13-110362-8;
# 《围城》人民文学 978-7-02-002404-9; ISO 2108's example 0-306-40615-2.
REAL_13 = ["9787020002207", "9787536692930", "9787506365437", "9787020024049"]
REAL_10 = ["0131103628", "0306406152", "702000220X"]


@pytest.mark.parametrize("code", REAL_13 + REAL_10)
def test_real_isbns_pass(code):
    assert isbn.problem(code) is None


def test_forms_people_type_are_normalised():
    assert isbn.normalize("ISBN 978-7-02-000220-7") == "9787020002207"
    assert isbn.normalize("９７８７０２０００２２０７") == "9787020002207"
    assert isbn.normalize("7-02-000220-x") == "702000220X"


def test_ten_to_thirteen():
    assert isbn.to_13("7-02-000220-X") == "9787020002207"
    assert isbn.to_13("0-13-110362-8") == "9780131103627"


@pytest.mark.parametrize("code,words", [
    ("9787020002208", "校验位有误（应为7）"), ("7020002208", "校验位有误（应为X）"), ("97870200022", "应为10位或13位"),
    ("1237020002207", "978或979"), ("", "请填写"),
])
def test_wrong_isbns_say_why(code, words):
    assert words in isbn.problem(isbn.normalize(code))
    with pytest.raises(ValueError):
        isbn.to_13(code)


def test_every_single_digit_error_is_caught():
    good = "9787536692930"
    for i in range(13):
        for d in "0123456789":
            if d != good[i]:
                assert isbn.problem(good[:i] + d + good[i + 1:]) is not None
