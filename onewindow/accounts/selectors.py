"""Reads of sign-in accounts.

`user_with_person_get` runs on every signed-in request, before the view. It is
the query of `User.objects.select_related("person").get(pk=...)`, but Django
builds that statement again on each call, and on a page that takes 1.5 ms the
building alone took about 0.17 ms and the rest of the queryset machinery about
as much again (docs/decisions/0010-signed-in-user-query.md). Here the ORM builds
it once per database and the result is turned into model instances by the same
steps the ORM takes: the database's converters, `Model.from_db` and the related
populator that `select_related` uses.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connections, router
from django.db.models.expressions import Expression
from django.db.models.query import get_related_populators

User = get_user_model()

# Any value of the key's type does; the statement is kept with a placeholder.
_ANY_PK = 0


@dataclass(frozen=True)
class _UserRead:
    sql: str
    user_slice: slice
    user_attnames: list[str]
    converters: dict[int, tuple[list[Any], Expression]]
    populators: list[Any]


_reads: dict[str, _UserRead] = {}


def _user_read(alias: str) -> _UserRead:
    read = _reads.get(alias)
    if read is None:
        query = (
            User._default_manager.db_manager(alias)
            .select_related("person")
            .filter(pk=_ANY_PK)
            .query
        )
        compiler = query.get_compiler(alias)
        sql, params = compiler.as_sql()
        if list(params) != [_ANY_PK]:
            raise RuntimeError("the user query should have the key as its only value")
        select, klass_info = compiler.select, compiler.klass_info
        first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1]
        read = _UserRead(
            sql=sql,
            user_slice=slice(first, last + 1),
            user_attnames=[
                col.target.attname for col, _, _ in select[first : last + 1]
            ],
            converters=compiler.get_converters([col for col, _, _ in select]),
            populators=get_related_populators(klass_info, select, alias),
        )
        _reads[alias] = read
    return read


def user_with_person_get(*, user_id: Any) -> Any:
    """Return the user with `user_id` and their person, in one query, or None.

    The caller decides whether the user may sign in (`is_active`); this only
    reads. `user.person` is loaded (None for staff), so reading it costs nothing.
    """
    pk = User._meta.pk.to_python(user_id)
    alias = router.db_for_read(User)
    read = _user_read(alias)
    connection = connections[alias]
    # A key beyond the column's range (a forged session) names no one, as the
    # ORM's lookup would say; SQLite would raise instead of finding none.
    low, high = connection.ops.integer_field_range(User._meta.pk.get_internal_type())
    if (low is not None and pk < low) or (high is not None and pk > high):
        return None

    with connection.cursor() as cursor:
        cursor.execute(read.sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    if read.converters:
        row = list(row)
        for index, (functions, expression) in read.converters.items():
            value = row[index]
            for convert in functions:
                value = convert(value, expression, connection)
            row[index] = value

    user = User.from_db(alias, read.user_attnames, row[read.user_slice])
    for populator in read.populators:
        populator.populate(row, user)
    return user
