"""Background work of the exchange: running an import batch."""

from celery import shared_task

from .models import ImportBatch
from .services import import_batch_run


@shared_task(name="exchange.import_batch_run")
def import_batch_task(batch_id: int) -> str:
    batch = ImportBatch.objects.select_related("source_format").get(id=batch_id)
    if batch.status != ImportBatch.Status.PENDING:
        return batch.status
    return import_batch_run(batch=batch).status
