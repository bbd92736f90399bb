"""Criteria sets (Decree 35/2022, Decree 82/2018, …) are data files, not code.

Each criterion names a KPI the results can compute, a comparison and a threshold.
A KPI the data cannot show makes the criterion "needs-evidence", never a pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from symbiosis.load import schema as s
from symbiosis.load.validate import validate
from symbiosis.load.yamlio import read_yaml

KPIS = (  # computed in results/kpis.py; their counting rules: load/pairs.py, load/census.py
    "symbiosis_links",            # groups (enterprise pair, resource) of links carrying flow
    "participation_share",        # share of the park's census in at least one such group
    "cleaner_production_share",   # share of the park's census applying cleaner production
    "iso_share_of_participants",  # share of linked enterprises with an ISO system (flags)
    "min_years_legal_compliance", # lowest years of compliance over the census (flags)
    "basic_services",             # share of park.services' six basic services shown
    "central_wastewater_treatment",  # 1: park.services' wastewater provided, capacity enough
    "evidence",                   # only documents can show it
)


class CriterionFile(s.Strict):
    id: s.Id
    article: str
    description: str
    description_vi: str | None = None
    kpi: Literal[KPIS]  # type: ignore[valid-type]
    op: Literal[">=", "<=", "=="] = ">="
    threshold: s.Finite | None = None  # a NaN threshold passed every check silently
    imposable: bool = Field(False, description="a scenario may impose it as a constraint")
    note: str | None = None


class DutyFile(s.Strict):
    """A duty that follows certification (Art. 43's annual report): reported, not checked."""

    id: s.Id
    article: str
    description: str
    description_vi: str | None = None
    note: str | None = None


class CriteriaFile(s.Strict):
    id: s.Id
    name: str
    name_vi: str | None = None
    source: str | None = None
    criteria: list[CriterionFile]
    duties: list[DutyFile] = Field(default_factory=list)


@dataclass
class Criteria:
    id: s.Id
    name: str
    file: Path | None
    items: list[CriterionFile]
    raw: dict[str, Any]
    name_vi: str | None = None
    duties: list[DutyFile] = field(default_factory=list)

    @property
    def none(self) -> bool:
        """``policy.criteria: none``: no criteria set is checked or reported."""
        return self.id == NONE


NONE = "none"
DEFAULT = "decree35-2022"


def builtin_sets() -> list[str]:
    """Names of the criteria sets shipped in ``symbiosis/criteria/``."""
    folder = resources.files("symbiosis") / "criteria"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def choose_criteria(choice: str | None, base: Path, doc: Any) -> Criteria:
    """The set a scenario's ``policy.criteria`` names: a built-in set, ``none`` or a PATH.

    A PATH is relative to ``base``, the folder of the scenario file that sets it.
    """
    choice = DEFAULT if choice is None else choice
    if choice == NONE:
        return Criteria(NONE, "no criteria set", None, [], {"id": NONE})
    if choice in builtin_sets():
        folder = resources.files("symbiosis") / "criteria"
        return load_criteria(Path(str(folder / f"{choice}.yaml")))
    path = base / choice
    if not path.is_file():
        raise doc.error(f"criteria file not found: {path} (or name a built-in set: "
                        f"{', '.join(builtin_sets() + [NONE])})", "policy.criteria")
    return load_criteria(path)


def load_criteria(path: str | Path) -> Criteria:
    doc = read_yaml(path, "criteria file")
    cf = validate(CriteriaFile, doc.data, doc.path, doc.line_of)
    seen: set[str] = set()
    for i, c in enumerate(cf.criteria):
        if c.id in seen:
            raise doc.error(f"two criteria share the id '{c.id}'", f"criteria.{i}.id")
        seen.add(c.id)
        if c.kpi != "evidence" and c.threshold is None:
            raise doc.error("a criterion on a KPI needs a threshold", f"criteria.{i}.threshold")
        if c.kpi.endswith("_share") or c.kpi in ("iso_share_of_participants", "basic_services"):
            if c.threshold is not None and not 0 <= c.threshold <= 1:
                raise doc.error(f"a share is between 0 and 1 (got {c.threshold:g}; write 0.2 "
                                "for 20 %)", f"criteria.{i}.threshold")
    return Criteria(cf.id, cf.name, doc.path, cf.criteria, doc.data, cf.name_vi, cf.duties)
