"""The editors' guide documents exactly the fields of the content schema."""

import re
import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "plugins"))
from content_check.schema import SCHEMAS, Common, TranslationMeta  # noqa: E402

GUIDE = ROOT / "docs" / "guida-redazione.md"
TABLES = {  # heading of the guide's table → the fields it documents
    "Campi di tutti i file": Common,
    "Pagine generali": SCHEMAS["page"],
    "Comuni": SCHEMAS["municipality"],
    "Miniprogetti": SCHEMAS["miniproject"],
    "News": SCHEMAS["news"],
    "Traduzioni": TranslationMeta,
}


def guide_tables():
    """{heading: {field name: required?}} from the guide's ### tables."""
    tables, heading = {}, None
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            heading = re.sub(r"\s*\(.*\)$", "", line[4:]).strip()
        elif heading and (row := re.match(r"^\| `([A-Za-z_]+)` \| (sì|no) \|", line)):
            tables.setdefault(heading, {})[row[1].lower()] = row[2] == "sì"
    return tables


def schema_fields(model):
    inherited = set() if model in (Common, TranslationMeta) else set(Common.model_fields)
    return {name: field.is_required() for name, field in model.model_fields.items() if name not in inherited}


def test_guide_tables_match_the_schema():
    tables = guide_tables()
    assert set(tables) == set(TABLES)
    for heading, model in TABLES.items():
        assert tables[heading] == schema_fields(model), heading
