from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from onewindow.records.views import own_person_required

from .selectors import notification_list


@own_person_required
def inbox(request: HttpRequest, person) -> HttpResponse:
    return render(
        request,
        "notifications/inbox.html",
        {"notifications": notification_list(person=person)},
    )
