"""The one placeholder judgement: values that name nothing, and real values of the same shape that do."""

from __future__ import annotations

import pytest

from govops.util.placeholders import is_placeholder


@pytest.mark.parametrize("text", [
    "", "  ", "N/A", "na", "None", "NULL", "Unknown", "Not Specified", "Not Available", "Default string",
    "To Be Filled By O.E.M.", "To be filled by OEM", "0", "000000000", "---", "*****", "0123456789",
    "System manufacturer", "System Serial Number", "SERIALNUMBER", "Serial Number", "serial no.", "SerialNo",
    "Serial", "Chassis Serial Number", "Base Board Serial Number", "Model Number", "MODELNUMBER", "Model Name",
    "System Product Name", "Product Name",
])
def test_placeholders_name_nothing(text: str) -> None:
    assert is_placeholder(text)


@pytest.mark.parametrize("text", [
    "SN1234567", "2102310NYJ10EB000045", "CN0ABC123456", "A1XQD500P", "M1", "Model 3000", "Serial1",
    "S5720-28X-SI-AC", "0010123456789", "01234567890", "NA-1200", "Unknown Systems X1", "V200R019C10",
])
def test_values_of_the_same_shape_are_kept(text: str) -> None:
    assert not is_placeholder(text)
