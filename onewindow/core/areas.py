"""Area codes (GB/T 2260): turn place names into codes and codes into pooling regions.

The table is the one python-stdnum ships (stdnum/cn/loc.dat), names with the years
they were valid. Current names win over historical ones when both match.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

# Municipalities directly under the central government pool at province level.
_MUNICIPALITIES = {"11", "12", "31", "50"}
_VALIDITY = re.compile(r"^\[(\d*)-(\d*)\](.*)$")

# English names of pooling regions the demo and the rule packs use; other places
# fall back to their Chinese name.
_ENGLISH = {
    "110000": "Beijing",
    "120000": "Tianjin",
    "310000": "Shanghai",
    "500000": "Chongqing",
    "440100": "Guangzhou",
    "440300": "Shenzhen",
    "420100": "Wuhan",
    "330100": "Hangzhou",
    "320100": "Nanjing",
    "510100": "Chengdu",
}


@dataclass(frozen=True)
class _Name:
    name: str
    current: bool


def _parse_names(raw: str) -> list[_Name]:
    names = []
    for part in raw.split(","):
        match = _VALIDITY.match(part)
        if match:
            names.append(_Name(match.group(3), current=not match.group(2)))
        else:
            names.append(_Name(part, current=True))
    return names


@cache
def _table() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Return (code → current name, name → code, province code → name)."""
    text = files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    provinces: dict[str, str] = {}
    names: dict[str, list[_Name]] = {}
    province = ""
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, rest = line.strip().partition(" ")
        value = rest.split("=", 1)[1].strip('"')
        if not line.startswith(" "):
            province = key
            provinces[key] = value
            names[key + "0000"] = [_Name(value, True)]
        elif key != "0000":
            names[province + key] = _parse_names(value)

    code_names = {
        code: next((n.name for n in ns if n.current), ns[-1].name)
        for code, ns in names.items()
    }
    index: dict[str, tuple[str, bool]] = {}

    def add(name: str, code: str, current: bool) -> None:
        known = index.get(name)
        if known is None or (current and not known[1]):
            index[name] = (code, current)

    for code, ns in names.items():
        province_name = provinces[code[:2]]
        city_code = code[:4] + "00"
        city_names = [
            n for n in names.get(city_code, []) if n.name not in ("市辖区", "县")
        ]
        for n in ns:
            if code.endswith("0000"):
                add(n.name, code, n.current)
            elif code.endswith("00"):
                add(province_name + n.name, code, n.current)
                add(n.name, code, n.current)
            else:
                add(province_name + n.name, code, n.current)
                for city in city_names:
                    current = n.current and city.current
                    add(province_name + city.name + n.name, code, current)
                    add(city.name + n.name, code, current)
    return code_names, {name: code for name, (code, _) in index.items()}, provinces


def province_exists(prefix: str) -> bool:
    return prefix in _table()[2]


@lru_cache(maxsize=16384)
def resolve_place(text: str) -> str | None:
    """Return the area code of a place name or code ("北京市朝阳区" → "110105")."""
    cleaned = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))
    if re.fullmatch(r"\d{6}", cleaned):
        return cleaned if cleaned in _table()[0] else None
    return _table()[1].get(cleaned)


def pooling_region(code: str) -> str:
    """Return the pooling region (统筹区) an area belongs to: its city, or its
    municipality for Beijing, Tianjin, Shanghai and Chongqing."""
    if code[:2] in _MUNICIPALITIES:
        return code[:2] + "0000"
    return code[:4] + "00"


def area_name(code: str, language: str = "zh-hans") -> str:
    """Return a place's name in the given language (English where it is known)."""
    if language.startswith("en") and code in _ENGLISH:
        return _ENGLISH[code]
    return _table()[0].get(code, code)
