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
    divisor: float          # annual amounts and capital: 1e9 (bn) or 1e6 (M)
    unit: str               # "bn VND", "M EUR"
    unit_vi: str            # "tỷ đồng", "triệu EUR"
    price_divisor: float    # prices per tonne (abatement cost): 1e3 or 1
    price_unit: str         # "thousand VND", "EUR"
    price_unit_vi: str      # "nghìn đồng", "EUR"
    small: str              # the currency itself: "VND", "EUR"
    small_vi: str           # "đồng", "EUR"
    digits: int = 1         # decimals of an amount in ``unit``: 1 in bn, 2 in M

    def amount(self, value: float | None, signed: bool = False) -> str:
        """``value`` in ``unit`` as the CLI prints it: "1,234.5", "+0.07"."""
        if value is None:
            return "–"
        return f"{value / self.divisor:{'+' if signed else ''},.{self.digits}f}"

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
        return Display("VND", 1e9, "bn VND", "tỷ đồng", 1e3, "thousand VND", "nghìn đồng",
                       "VND", "đồng")
    if cur in _BILLIONS:
        return Display(cur, 1e9, f"bn {cur}", f"tỷ {cur}", 1e3, f"thousand {cur}",
                       f"nghìn {cur}", cur, cur)
    return Display(cur, 1e6, f"M {cur}", f"triệu {cur}", 1.0, cur, cur, cur, cur, 2)


def from_summary(summary: dict | None) -> Display:
    """The display of a result folder; folders written before currencies were VND."""
    return display((summary or {}).get("currency"))


_VND = display("VND")


def relabel(text: str, lang: str, money: Display | None) -> str:
    """``text`` written for VND ("bn VND/yr", "tỷ đồng/năm") labelled in ``money`` instead.

    The texts keep their VND wording, so that code which reads them directly shows what
    it always did for VND parks; this is the one place that puts another currency in.
    """
    if money is None or money.currency == "VND" or not isinstance(text, str):
        return text
    if lang == "vi":
        pairs = ((_VND.unit_vi, money.unit_vi), (_VND.price_unit_vi, money.price_unit_vi),
                 ("đồng/", f"{money.small_vi}/"), ("VND", money.small))
    else:
        pairs = ((_VND.unit, money.unit), (_VND.price_unit, money.price_unit),
                 ("VND", money.small))
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def relabel_all(texts: dict[str, str], lang: str, money: Display | None) -> dict[str, str]:
    if money is None or money.currency == "VND":
        return texts
    return {k: relabel(v, lang, money) for k, v in texts.items()}
