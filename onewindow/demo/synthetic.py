"""Write synthetic department files: valid ID numbers and credit codes, careers
across cities, job changes, gaps, arrears and flexible-employment self-payers.

Everything comes from one seed, so the same arguments give the same files. The
files have the shapes of the sample exports (hrss CSV in UTF-8 with BOM, medical
CSV in GB18030, housing-fund CSV in UTF-8) so that they go through the same import.
"""

import csv
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from stdnum.cn import ric

from onewindow.core.money import to_fen

# (district code, place name as departments write it, city name, pooling region)
CITIES = [
    ("110105", "北京市朝阳区", "北京市", "110000"),
    ("110108", "北京市海淀区", "北京市", "110000"),
    ("310115", "上海市浦东新区", "上海市", "310000"),
    ("310104", "上海市徐汇区", "上海市", "310000"),
    ("440305", "深圳市南山区", "深圳市", "440300"),
    ("440304", "深圳市福田区", "深圳市", "440300"),
    ("420106", "武汉市武昌区", "武汉市", "420100"),
    ("330106", "杭州市西湖区", "杭州市", "330100"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英建华文辉玉兰萍红"
TRADES = [
    "科技",
    "物流",
    "建筑",
    "贸易",
    "餐饮",
    "医疗器械",
    "电子",
    "文化传媒",
    "制造",
]
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

HRSS_HEADER = [
    "姓名",
    "公民身份号码",
    "单位名称",
    "统一社会信用代码",
    "参保地",
    "险种",
    "费款所属期",
    "缴费基数",
    "单位缴费",
    "个人缴费",
    "缴费状态",
]
MEDICAL_HEADER = [
    "姓名",
    "证件号码",
    "参保地",
    "险种类型",
    "所属期",
    "缴费基数",
    "单位应缴",
    "个人应缴",
    "实缴标志",
]
FUND_HEADER = [
    "职工姓名",
    "身份证号",
    "单位名称",
    "缴存地",
    "汇缴年月",
    "缴存基数",
    "单位月缴存额",
    "个人月缴存额",
]

# Illustrative rates (rules.md, Contributions): employer and person per insurance.
RATES = {
    "企业职工基本养老保险": (Decimal("0.16"), Decimal("0.08")),
    "失业保险": (Decimal("0.005"), Decimal("0.005")),
    "工伤保险": (Decimal("0.004"), Decimal("0")),
}
FLEXIBLE_PENSION_RATE = Decimal("0.20")
MEDICAL_RATES = (Decimal("0.098"), Decimal("0.02"))
FUND_RATE = Decimal("0.12")


def credit_code(rng: random.Random, area: str) -> str:
    """A unified social credit code with valid inner and final check characters."""
    body = "".join(rng.choice(ORG_ALPHABET) for _ in range(8))
    total = sum(int(c, 36) * w for c, w in zip(body, ORG_WEIGHTS, strict=True))
    check = {10: "X", 11: "0"}.get(11 - total % 11, str(11 - total % 11))
    code17 = "91" + area + body + check
    total = sum(
        USCC_ALPHABET.index(c) * w for c, w in zip(code17, USCC_WEIGHTS, strict=True)
    )
    return code17 + USCC_ALPHABET[(31 - total % 31) % 31]


def id_number(rng: random.Random, area: str, birth: dt.date, male: bool) -> str:
    sequence = rng.randrange(0, 499) * 2 + (1 if male else 0)
    body = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


@dataclass
class Employer:
    name: str
    code: str
    city: tuple[str, str, str, str]


@dataclass
class Job:
    start: int  # month index: year * 12 + month - 1
    end: int
    city: tuple[str, str, str, str]
    employer: Employer | None  # None: flexible employment, self-paid
    wage: Decimal
    owed: set[int] = field(default_factory=set)


@dataclass
class SyntheticPerson:
    name: str
    id_number: str
    jobs: list[Job]


def _employers(rng: random.Random, per_city: int) -> dict[str, list[Employer]]:
    result: dict[str, list[Employer]] = {}
    for city in CITIES:
        result[city[0]] = [
            Employer(
                f"{city[2].removesuffix('市')}{rng.choice(TRADES)}"
                f"{rng.choice('宏华鑫达盛远通恒泰安')}{i}有限公司",
                credit_code(rng, city[0]),
                city,
            )
            for i in range(per_city)
        ]
    return result


def people(
    count: int, *, seed: int = 2026, last_year: int = 2025
) -> Iterator[SyntheticPerson]:
    """Yield synthetic persons with careers ending at the end of last_year."""
    rng = random.Random(seed)
    employers = _employers(rng, 12)
    last = last_year * 12 + 11
    for _ in range(count):
        male = rng.random() < 0.5
        birth = dt.date(rng.randint(1962, 2000), rng.randint(1, 12), rng.randint(1, 28))
        home = rng.choice(CITIES)
        name = rng.choice(SURNAMES) + "".join(
            rng.choice(GIVEN) for _ in range(rng.randint(1, 2))
        )
        start = max(birth.year + rng.randint(20, 24), 1998) * 12 + rng.randint(0, 11)
        jobs: list[Job] = []
        month = start
        wage = Decimal(rng.randint(3500, 12000))
        city = home
        while month <= last:
            if rng.random() < 0.25:
                city = rng.choice(CITIES)  # a move to another city
            flexible = rng.random() < 0.12
            length = rng.randint(12, 96)
            end = min(month + length - 1, last)
            job = Job(
                month,
                end,
                city,
                None if flexible else rng.choice(employers[city[0]]),
                wage,
            )
            if rng.random() < 0.15:  # arrears: a few months not paid yet
                first_owed = rng.randint(month, end)
                job.owed = set(
                    range(first_owed, min(first_owed + rng.randint(1, 4), end + 1))
                )
            jobs.append(job)
            wage = to_fen(wage * Decimal(1 + rng.uniform(0.02, 0.12)))
            month = end + 1 + (rng.randint(1, 10) if rng.random() < 0.3 else 0)  # a gap
        yield SyntheticPerson(name, id_number(rng, home[0], birth, male), jobs)


def _period(index: int, style: str) -> str:
    year, month = index // 12, index % 12 + 1
    return {
        "hrss": f"{year}{month:02d}",
        "medical": f"{year}-{month:02d}",
        "fund": f"{year}年{month}月",
    }[style]


def write_files(out: Path, count: int, *, seed: int = 2026) -> dict[str, Path]:
    """Write the three department files for `count` persons; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "hrss": out / f"synthetic-hrss-{count}.csv",
        "medical": out / f"synthetic-medical-{count}.csv",
        "housing_fund": out / f"synthetic-housing-fund-{count}.csv",
    }
    with (
        paths["hrss"].open("w", encoding="utf-8-sig", newline="") as hrss_file,
        paths["medical"].open("w", encoding="gb18030", newline="") as medical_file,
        paths["housing_fund"].open("w", encoding="utf-8", newline="") as fund_file,
    ):
        hrss, medical, fund = (
            csv.writer(f, lineterminator="\r\n")
            for f in (hrss_file, medical_file, fund_file)
        )
        hrss.writerow(HRSS_HEADER)
        medical.writerow(MEDICAL_HEADER)
        fund.writerow(FUND_HEADER)
        for person in people(count, seed=seed):
            for job in person.jobs:
                _write_job(person, job, hrss, medical, fund)
    return paths


def _write_job(person: SyntheticPerson, job: Job, hrss, medical, fund) -> None:
    area, place, city_name, region = job.city
    employer = job.employer
    base = job.wage
    for index in range(job.start, job.end + 1):
        if index % 12 == 0 and index != job.start:
            base = to_fen(base * Decimal("1.04"))
        owed = index in job.owed
        status = "欠缴" if owed else "已实缴"
        if employer is None:
            hrss.writerow(
                [
                    person.name,
                    person.id_number,
                    "",
                    "",
                    place,
                    "企业职工基本养老保险",
                    _period(index, "hrss"),
                    f"{base:.2f}",
                    "0.00",
                    f"{to_fen(base * FLEXIBLE_PENSION_RATE):.2f}",
                    status,
                ]
            )
            continue
        for insurance, (employer_rate, person_rate) in RATES.items():
            hrss.writerow(
                [
                    person.name,
                    person.id_number,
                    employer.name,
                    employer.code,
                    place,
                    insurance,
                    _period(index, "hrss"),
                    f"{base:.2f}",
                    f"{to_fen(base * employer_rate):.2f}",
                    f"{to_fen(base * person_rate):.2f}",
                    status,
                ]
            )
        extra = Decimal(3) if region == "110000" else Decimal(0)
        medical.writerow(
            [
                person.name,
                person.id_number,
                place,
                "职工基本医疗保险",
                _period(index, "medical"),
                f"{base:.2f}",
                f"{to_fen(base * MEDICAL_RATES[0]):.2f}",
                f"{to_fen(base * MEDICAL_RATES[1]) + extra:.2f}",
                "0" if owed else "1",
            ]
        )
        if not owed:
            amount = f"{to_fen(base * FUND_RATE):.2f}"
            fund.writerow(
                [
                    person.name,
                    person.id_number,
                    employer.name,
                    city_name,
                    _period(index, "fund"),
                    f"{base:.2f}",
                    amount,
                    amount,
                ]
            )
