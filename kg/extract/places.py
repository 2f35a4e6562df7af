"""A gazetteer of China's administrative divisions (provinces, cities, counties).

Read from the `cpca` package's `resources/adcodes.csv` (adcode, name, ...) without importing `cpca`
(which pulls pandas).  The adcode's digits give the parent: ``PP0000000000`` is a province,
``PPCC00000000`` a city (prefecture), anything else a county-level division.  Look-ups are made on
candidate names only, never on running text (free text is full of false hits such as 合作 -> 合作市).
Divisions created after the file was written are missing: callers fall back to the name's structure.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# suffixes of division names, longest first; stripping one gives the usual short name (寿阳县 -> 寿阳)
_SUFFIXES = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "省", "市", "县", "区", "旗", "州", "盟",
)
# written levels, as in 省卫健委 / 市三院 / 县妇幼保健院
LEVEL_WORDS = ("省", "市", "县", "区", "州", "盟", "旗")
PLACE_STRUCTURE = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:自治区|自治州|自治县|省|市|县|区|旗|州|盟|乡|镇)")


@dataclass(frozen=True)
class Place:
    """One administrative division."""

    code: str
    name: str

    @property
    def level(self) -> str:
        """``province``, ``city`` or ``county``."""
        if self.code[2:] == "0" * 10:
            return "province"
        if self.code[4:] == "0" * 8:
            return "city"
        return "county"

    @property
    def short(self) -> str:
        return short_name(self.name)


def _resources() -> Path | None:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "resources"


@cache
def _nations() -> tuple[str, ...]:
    res = _resources()
    path = res / "56_nations.csv" if res else None
    if not path or not path.exists():
        return ()
    names = {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    # 哈萨克族 is also written 哈萨克 ("木垒哈萨克自治县"); longest first
    names |= {n[:-1] for n in names if n.endswith("族") and len(n) > 2}
    return tuple(sorted(names, key=len, reverse=True))


def short_name(name: str) -> str:
    """寿阳县 -> 寿阳, 延边朝鲜族自治州 -> 延边, 宁夏回族自治区 -> 宁夏 (unchanged if too short)."""
    for suf in _SUFFIXES:
        if name.endswith(suf) and len(name) > len(suf):
            base = name[: -len(suf)]
            changed = True
            while changed:
                changed = False
                for nation in _nations():
                    if base.endswith(nation) and len(base) >= len(nation) + 2:
                        base, changed = base[: -len(nation)], True
                        break
            return base if len(base) >= 2 else name
    return name


@cache
def _tables() -> tuple[dict[str, Place], dict[str, list[Place]], dict[str, Place]]:
    full: dict[str, Place] = {}
    short: dict[str, list[Place]] = {}
    by_code: dict[str, Place] = {}
    res = _resources()
    path = res / "adcodes.csv" if res else None
    if path and path.exists():
        with path.open(encoding="utf-8") as f:
            reader = csv.reader(f)
            next(reader, None)
            for row in reader:
                if len(row) < 2 or not row[1] or row[1] in ("市辖区", "县", "省直辖县级行政区划"):
                    continue
                place = Place(row[0], row[1])
                by_code[place.code] = place
                full.setdefault(place.name, place)
    for place in by_code.values():
        s = place.short
        if s != place.name:
            short.setdefault(s, []).append(place)
    return full, short, by_code


def lookup(name: str) -> Place | None:
    """The division called `name` (full name, or a short name that belongs to one division only)."""
    full, short, _ = _tables()
    if name in full:
        return full[name]
    found = short.get(name, [])
    if len(found) == 1:
        return found[0]
    if found:  # 朝阳 is a district of Beijing and a city of Liaoning: prefer the higher level
        found = sorted(found, key=lambda p: ("province", "city", "county").index(p.level))
        return found[0] if found[0].level != found[1].level else None
    return None


def parent(place: Place, level: str) -> Place | None:
    """The province or city a division belongs to (itself if it is of that level)."""
    _, _, by_code = _tables()
    code = place.code[:2] + "0" * 10 if level == "province" else place.code[:4] + "0" * 8
    return by_code.get(code)


def prefix_place(text: str) -> tuple[Place | None, int]:
    """The longest division name (full or short) at the start of `text` and its length in `text`."""
    for n in range(min(len(text), 10), 1, -1):
        place = lookup(text[:n])
        if place is not None:
            if place.name != text[:n] and n < len(text) and text[n] in LEVEL_WORDS and place.name.endswith(text[n]):
                n += 1  # 玉树州: the short name and the level
            return place, n
    return None, 0


def is_place_name(name: str) -> bool:
    """True for a known division name, or a name shaped like one that is missing from the table."""
    return lookup(name) is not None or bool(PLACE_STRUCTURE.fullmatch(name))
