"""Posts across documents (kg.timeline): first/last seen, successions, current holders, as of a date."""

from __future__ import annotations

from kg.documents import document_from_text
from kg.model import Evidence, Post
from kg.timeline import (
    Sighting,
    changes,
    current_holders,
    ended_by,
    on_or_before,
    per_year,
    sightings,
    single_seat,
    tenures,
)

H = "甲市人民医院"


def seen(person: str, role: str, as_of: str | None, *, date: str | None = None, status: str | None = None,
         org: str = H, doc: str = "") -> Sighting:
    return Sighting(person, role, org, as_of, date, status, doc or f"{as_of}.txt")


def test_same_post_in_two_articles_is_one_tenure_with_first_and_last_seen():
    (t,) = tenures([seen("王一", "院长", "2021-03-01"), seen("王一", "院长", "2019-07-31")])
    assert (t.first_seen, t.last_seen, t.current, t.former) == ("2019-07-31", "2021-03-01", True, False)
    assert t.docs == ["2019-07-31.txt", "2021-03-01.txt"]


def test_a_new_director_succeeds_the_old_one_and_both_are_kept():
    old, new = tenures(
        [seen("王一", "院长", "2019-07-31"), seen("李二", "院长", "2022-05-10"), seen("王一", "院长", "2020-01-02")]
    )
    assert (old.person, old.former, old.current) == ("王一", True, False)
    assert (old.last_seen, old.successor, old.ended) == ("2020-01-02", "李二", "2022-05-10")
    assert (new.person, new.current, new.first_seen) == ("李二", True, "2022-05-10")
    (c,) = changes([seen("王一", "院长", "2019-07-31"), seen("李二", "院长", "2022-05-10")])
    assert (c.org, c.role, c.before, c.after, c.date) == (H, "院长", "王一", "李二", "2022-05-10")


def test_as_of_a_date_gives_the_holder_of_that_time():
    data = [seen("王一", "院长", "2019-07-31"), seen("李二", "院长", "2022-05-10"),
            seen("张三", "党委书记", "2019-07-31")]
    then = {(t.person, t.role) for t in current_holders(data, "2019-08-01", org=H)}
    now = {(t.person, t.role) for t in current_holders(data, org=H)}
    assert then == {("王一", "院长"), ("张三", "党委书记")}
    assert now == {("李二", "院长"), ("张三", "党委书记")}
    assert current_holders(data, "2018-12-31") == []
    assert ended_by(data, "2023-01-01") == {("王一", "院长", H)}
    assert ended_by(data, "2020-01-01") == set()


def test_a_stated_start_date_counts_before_the_article_date():
    # a 2025 article saying she was appointed in 2020 makes her the holder as of 2021
    data = [seen("王一", "院长", "2019-07-31"), seen("李二", "院长", "2025-01-25", date="2020")]
    assert [t.person for t in current_holders(data, "2021-06-30")] == ["李二"]
    (c,) = changes(data)
    assert c.date == "2020"


def test_written_as_former_ends_a_tenure_and_earlier_former_mentions_do_not():
    data = [seen("王一", "院长", "2019-07-31"), seen("王一", "院长", "2023-03-03", status="former")]
    (t,) = tenures(data)
    assert (t.former, t.ended, t.current) == (True, "2023-03-03", False)
    again = [seen("王一", "院长", "2018-01-01", status="former"), seen("王一", "院长", "2019-07-31")]
    assert tenures(again)[0].current


def test_multi_seat_posts_have_no_successions():
    data = [seen("王一", "副院长", "2019-07-31"), seen("李二", "副院长", "2019-07-31"),
            seen("张三", "副院长", "2021-01-01")]
    assert changes(data) == []
    assert {t.person for t in tenures(data) if t.former} == set()
    # the current ones are those named in the latest article that names one
    assert [t.person for t in current_holders(data)] == ["张三"]


def test_same_role_at_two_hospitals_is_two_posts():
    data = [seen("王一", "院长", "2019-07-31"), seen("李二", "院长", "2022-05-10", org="乙县中医院")]
    assert changes(data) == []
    assert {t.person for t in current_holders(data)} == {"王一", "李二"}


def test_sightings_from_documents_use_the_publication_date():
    doc = document_from_text("院长王一主持会议。", "a.txt", published="2019-07-31")
    doc.posts.append(Post(Evidence(0, 0, 4, "posts"), person="王一", role="院长", org=H))
    assert sightings([doc]) == [Sighting("王一", "院长", H, "2019-07-31", None, None, "a.txt")]


def test_helpers():
    assert on_or_before("2019", "2019-08-01") and on_or_before("2019-07-31", "2019-08")
    assert not on_or_before("2019-09", "2019-08-01")
    assert single_seat("院长") and single_seat("心血管内科主任")
    assert not single_seat("副院长") and not single_seat("党委委员")
    assert per_year(["2024", "2024-05-01", None, "2019-07"]) == {"2019": 1, "2024": 2, "?": 1}


def test_planned_and_former_only_posts_are_not_held_and_succeed_no_one():
    data = [seen("王一", "院长", "2019-07-31"), seen("李二", "院长", "2020-01-01", status="planned"),
            seen("张三", "院长", "2021-01-01", status="former", date="2020-05")]
    assert [t.person for t in current_holders(data)] == ["王一"]
    assert changes(data) == []


def test_a_change_is_dated_by_the_successor_even_after_a_former_mention():
    data = [seen("王一", "院长", "2019-07-31"), seen("王一", "院长", "2020-03-15", status="former"),
            seen("李二", "院长", "2021-06")]
    (c,) = changes(data)
    assert (c.before, c.after, c.date) == ("王一", "李二", "2021-06")
    assert tenures(data)[0].ended == "2020-03-15"  # but the tenure was known ended earlier
