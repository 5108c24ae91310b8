import pytest
from django.test import RequestFactory

from onewindow.core.splice import SLOT, render_spliced


def test_the_part_goes_into_the_slot_as_it_was_encoded(db, rf: RequestFactory):
    request = rf.get("/")
    part = "<p>已实缴 12 个月</p>".encode()

    response = render_spliced(
        request, "records/record.html", {"person": None}, part=part
    )

    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content.count(part) == 1
    assert SLOT.encode() not in response.content


def test_a_template_without_a_slot_is_refused(db, rf: RequestFactory):
    with pytest.raises(ValueError, match="base.html has no"):
        render_spliced(rf.get("/"), "base.html", {}, part=b"x")
