"""The Chinese catalogue is complete, compiled, and what the pages show.

Chinese is the primary language: an untranslated or fuzzy entry would show
English to a resident, and a .po edited without recompiling the committed .mo
would change nothing on a machine without gettext.
"""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from onewindow.conftest import PASSWORD

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")


@dataclass
class Entry:
    line: int
    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return self.msgid if self.context is None else f"{self.context}\x04{self.msgid}"


def po_entries(text: str) -> list[Entry]:
    """Read the msgctxt/msgid/msgstr entries of a .po file, header included."""
    entries: list[Entry] = []
    flags: set[str] = set()
    keyword = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
        else:
            starts_entry = line.startswith("msgctxt ") or (
                line.startswith("msgid ") and keyword != "msgctxt"
            )
            keyword, _, quoted = line.partition(" ")
            value = ast.literal_eval(quoted)
            if starts_entry:
                entries.append(Entry(line=number, flags=flags))
                flags = set()
            if keyword.startswith("msgstr"):
                entries[-1].msgstr.append("")
        entry = entries[-1]
        if keyword == "msgctxt":
            entry.context = (entry.context or "") + value
        elif keyword == "msgid":
            entry.msgid += value
        elif keyword == "msgid_plural":
            entry.plural = (entry.plural or "") + value
        else:
            entry.msgstr[-1] += value
    return entries


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return po_entries((CATALOGUE / "django.po").read_text(encoding="utf-8"))


def test_the_reader_understands_contexts_plurals_and_continued_lines():
    text = (
        'msgid ""\nmsgstr "Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        '#, fuzzy, python-format\nmsgctxt "status"\nmsgid "Pa"\n"id"\n'
        'msgstr "已缴"\n\n'
        'msgid "%(n)s month"\nmsgid_plural "%(n)s months"\nmsgstr[0] ""\n"%(n)s个月"\n'
    )

    header, paid, months = po_entries(text)

    assert header.msgid == ""
    assert (paid.key, paid.msgstr, paid.flags) == (
        "status\x04Paid",
        ["已缴"],
        {"fuzzy", "python-format"},
    )
    assert (months.msgid, months.plural, months.msgstr) == (
        "%(n)s month",
        "%(n)s months",
        ["%(n)s个月"],
    )


def test_every_entry_is_translated_and_none_is_fuzzy(entries):
    header, *messages = entries
    problems = [
        f"line {e.line}: {e.msgid!r} is "
        + ("fuzzy" if "fuzzy" in e.flags else "untranslated")
        for e in messages
        if "fuzzy" in e.flags or not all(e.msgstr)
    ]

    assert "fuzzy" not in header.flags
    assert "nplurals=1; plural=0;" in header.msgstr[0]
    assert messages, "the catalogue is empty"
    assert not problems, "\n".join(problems)


def test_every_translation_keeps_the_placeholders_of_its_source(entries):
    problems = [
        f"line {e.line}: {e.msgid!r}"
        for e in entries[1:]
        for text in e.msgstr
        if text
        and sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(e.msgid))
    ]

    assert not problems, "\n".join(problems)


def test_the_committed_mo_is_compiled_from_the_current_po(entries):
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    in_mo = {
        (key[0] if isinstance(key, tuple) else key): value
        for key, value in compiled.items()
        if key != "" and (not isinstance(key, tuple) or key[1] == 0)
    }
    in_po = {
        e.key: e.msgstr[0]
        for e in entries[1:]
        if e.msgstr[0] and "fuzzy" not in e.flags
    }

    stale = sorted(
        k for k in in_po.keys() | in_mo.keys() if in_po.get(k) != in_mo.get(k)
    )
    assert not stale, (
        "django.mo differs from django.po; run `make messages` and commit both: "
        + ", ".join(repr(k) for k in stale[:20])
    )


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        ("zh-hans", ["一窗通办", "您的社保，一处查清", "登录"], ["Sign in"]),
        ("en", ["All your social insurance in one place", "Sign in"], ["一处查清"]),
    ],
)
def test_the_home_page_speaks_the_chosen_language(client, language, shown, not_shown):
    page = _text(client.get("/", HTTP_ACCEPT_LANGUAGE=language))

    assert all(text in page for text in shown), shown
    assert not any(text in page for text in not_shown), not_shown


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown"),
    [("zh-hans", ["登录", "用户名", "密码"]), ("en", ["Sign In", "Username"])],
)
def test_the_sign_in_page_speaks_the_chosen_language(client, language, shown):
    page = _text(client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=language))

    assert all(text in page for text in shown), shown


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        (
            "zh-hans",
            ["我的社保缴费记录", "职工基本养老保险", "已缴月数", "个月", "元"],
            ["My social insurance record", "Months paid", "Employee basic pension"],
        ),
        (
            "en",
            ["My social insurance record", "Months paid", "Employee basic pension"],
            ["我的社保缴费记录", "已缴月数"],
        ),
    ],
)
def test_the_record_page_speaks_the_chosen_language(
    client, resident_with_record, language, shown, not_shown
):
    client.login(username=resident_with_record.username, password=PASSWORD)

    page = _text(client.get("/me/record/", HTTP_ACCEPT_LANGUAGE=language))

    assert all(text in page for text in shown), shown
    assert not any(text in page for text in not_shown), not_shown


def test_the_access_log_names_roles_and_kinds_of_data_in_chinese(
    client, resident_with_record
):
    from onewindow.audit.services import access_record

    access_record(
        person_id=resident_with_record.person_id,
        actor=None,
        role="clerk (command line)",
        data_kind="contribution record",
        purpose="养老金申领",
        channel="command",
    )
    access_record(
        person_id=resident_with_record.person_id,
        actor="anyone holding the certificate",
        role="public",
        data_kind="certificate OW-2026-000001",
        purpose="certificate verification (link)",
        channel="web",
    )
    client.login(username=resident_with_record.username, password=PASSWORD)

    page = _text(client.get("/me/access-log/", HTTP_ACCEPT_LANGUAGE="zh-hans"))

    for shown in ("工作人员（命令行）", "缴费记录", "养老金申领"):
        assert shown in page
    for shown in ("持有证明的人", "核验证明的人", "证明 OW-2026-000001"):
        assert shown in page
    assert "通过二维码或链接核验证明" in page
    assert "contribution record" not in page
    assert "certificate" not in page


def test_a_refusal_with_values_is_stored_in_chinese_and_in_english():
    from django.utils.translation import gettext_lazy

    from onewindow.exchange.parsing import in_both_languages
    from onewindow.exchange.readers import interpolated

    message = interpolated(
        gettext_lazy("Row %(row)s cannot be read (%(reason)s); nothing was imported."),
        {"row": 7, "reason": "bad quote"},
    )

    assert in_both_languages(message) == (
        "第 7 行无法读取（bad quote），整个文件都没有导入。",
        "Row 7 cannot be read (bad quote); nothing was imported.",
    )
