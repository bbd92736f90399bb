"""The park's currency: which codes exist, and how money is shown.

Every amount inside the model is in the park's currency (ISO 4217 code, VND for Tằng
Loỏng). Figures, reports, tables and the CLI all label money through ``display``, so
a Danish park reads "M DKK/yr" everywhere and a Vietnamese one "bn VND/yr" as before.
The result folder carries the currency (summary.json ``currency`` and ``money``), so
presentation needs no park model to label it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources

DEFAULT = "VND"


@lru_cache(maxsize=1)
def iso4217() -> dict[str, str]:
    """Active ISO 4217 codes → names, from the table shipped with the package."""
    text = resources.files("symbiosis").joinpath("iso4217.txt").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            code, _numeric, name = line.split(maxsplit=2)
            out[code] = name
    return out


def is_currency(code: str) -> bool:
    return code in iso4217()


@dataclass(frozen=True)
class Display:
    """How amounts of one currency are printed: ``value / divisor`` then ``unit``."""

    currency: str
    divisor: float
    unit: str        # "bn VND", "M EUR"
    unit_vi: str     # "tỷ đồng", "triệu EUR"
    small: str       # per-tonne prices: "VND", "EUR"
    small_vi: str    # "đồng", "EUR"

    def label(self, lang: str = "en") -> str:
        return self.unit_vi if lang == "vi" else self.unit

    def small_label(self, lang: str = "en") -> str:
        return self.small_vi if lang == "vi" else self.small

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


# A currency worth about a US cent or less per unit (VND, IDR, KRW…) reads best in
# billions; the others in millions, as their annual reports do.
_BILLIONS = {"VND", "IDR", "KRW", "LAK", "IRR", "UZS", "KHR", "MMK", "PYG", "COP", "GNF",
             "UGX", "TZS", "LBP", "MGA", "SYP", "IQD", "KPW", "BIF"}


def display(currency: str | None) -> Display:
    cur = currency or DEFAULT
    if cur == "VND":
        return Display("VND", 1e9, "bn VND", "tỷ đồng", "VND", "đồng")
    if cur in _BILLIONS:
        return Display(cur, 1e9, f"bn {cur}", f"tỷ {cur}", cur, cur)
    return Display(cur, 1e6, f"M {cur}", f"triệu {cur}", cur, cur)


def from_summary(summary: dict | None) -> Display:
    """The display of a result folder; folders written before currencies were VND."""
    return display((summary or {}).get("currency"))
