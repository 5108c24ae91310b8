"""Department operators deliver files and read what became of each row."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language

from onewindow.accounts.models import Role
from onewindow.core.csvsafe import csv_bytes
from onewindow.core.exceptions import DomainError

from .forms import UploadForm
from .models import ImportBatch
from .permissions import can_view_batch
from .tasks import import_batch_dispatch


def operator_required(view):
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.role != Role.OPERATOR or not request.user.department:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _batch_for(request: HttpRequest, public_id) -> ImportBatch:
    batch = get_object_or_404(
        ImportBatch.objects.select_related("source_format"), public_id=public_id
    )
    if not can_view_batch(request.user, batch):
        raise Http404
    return batch


@operator_required
def upload(request: HttpRequest) -> HttpResponse:
    from .services import import_batch_create

    form = UploadForm(
        request.POST or None, request.FILES or None, department=request.user.department
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                upload_file = form.cleaned_data["file"]
                batch = import_batch_create(
                    actor=request.user,
                    source_code=form.cleaned_data["source"],
                    file_name=upload_file.name,
                    stream=upload_file,
                )
            except DomainError as error:
                form.add_error("file", error.message)
                status = 400
            else:
                transaction.on_commit(lambda: import_batch_dispatch(batch.id))
                return redirect("exchange:batch", public_id=batch.public_id)
        else:
            status = 400
    batches = ImportBatch.objects.filter(
        department=request.user.department
    ).select_related("source_format")[:20]
    return render(
        request,
        "exchange/upload.html",
        {"form": form, "batches": batches},
        status=status,
    )


@operator_required
def batch(request: HttpRequest, public_id) -> HttpResponse:
    batch = _batch_for(request, public_id)
    page = Paginator(batch.rejected_rows.all(), 100).get_page(request.GET.get("page"))
    template = (
        "exchange/_progress.html"
        if request.headers.get("HX-Request")
        else "exchange/batch.html"
    )
    return render(
        request,
        template,
        {"batch": batch, "page": page, "language": get_language()},
    )


@operator_required
def rejected_csv(request: HttpRequest, public_id) -> HttpResponse:
    batch = _batch_for(request, public_id)
    rows = (
        [r.row_number, r.column, r.value, r.code, r.message_zh, r.message_en]
        for r in batch.rejected_rows.all().iterator()
    )
    header = ["row", "column", "value", "code", "reason_zh", "reason_en"]
    response = HttpResponse(
        csv_bytes(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="rejected-{batch.public_id}.csv"'
    )
    return response
