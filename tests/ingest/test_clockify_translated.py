"""A Clockify Detailed report exported in German: refused in one line naming the fix.

Clockify's export headers follow the user's language: public code that reads the export
asks users to "change the language of Clockfiy to English" in their preferences before
exporting REPORTS -> TIME -> Detailed -> Export -> Save as CSV (solidtime-io/solidtime,
``lang/en/importer.php``). A German export's ``Startdatum``, ``Startzeit``, ``Dauer (h)``
and ``Dauer (dezimal)`` are headers timestudy does not know (the header words are this
file's, not read in a real export: the public material is silent on the translations).

Before (7bc88346): "cannot tell how this diary is laid out ... Rename the headers, or give
a mapping file (columns: {start: ...})": no word that this is a Clockify report in another
language, or of the setting that makes it readable. After: the one line says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from timestudy import read_diary
from timestudy.errors import SchemaError

HERE = Path(__file__).parent / "conformance" / "reports"


def test_a_translated_detailed_report_names_the_language_setting():
    with pytest.raises(SchemaError) as caught:
        read_diary(HERE / "clockify_detailed_de.csv", warn=False)
    message = str(caught.value)
    assert message.startswith("clockify_detailed_de.csv: this looks like a Clockify Detailed "
                              "report exported in a language other than English")
    assert "'Dauer (h)' and 'Dauer (dezimal)'" in message
    assert "Preferences > General" in message and "\n" not in message
