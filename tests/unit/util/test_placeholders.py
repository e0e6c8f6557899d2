"""The one placeholder judgement: values that name nothing, and real values of the same shape that do."""

from __future__ import annotations

import pytest

from govops.util.placeholders import FILL_MIN_CHARS, is_fill_pattern, is_placeholder, is_placeholder_serial


@pytest.mark.parametrize("text", [
    "", "  ", "N/A", "na", "None", "NULL", "Unknown", "Not Specified", "Not Available", "Default string",
    "To Be Filled By O.E.M.", "To be filled by OEM", "0", "000000000", "---", "*****", "0123456789",
    "System manufacturer", "System Serial Number", "SERIALNUMBER", "Serial Number", "serial no.", "SerialNo",
    "Serial", "Chassis Serial Number", "Base Board Serial Number", "Model Number", "MODELNUMBER", "Model Name",
    "System Product Name", "Product Name", "n.a.", "Undefined", "INVALID", "Not Present", "Model", "System Model",
    "MODEL",
])
def test_placeholders_name_nothing(text: str) -> None:
    assert is_placeholder(text)


@pytest.mark.parametrize("text", [
    "SN1234567", "2102310NYJ10EB000045", "CN0ABC123456", "A1XQD500P", "M1", "Model 3000", "Serial1",
    "S5720-28X-SI-AC", "0010123456789", "01234567890", "NA-1200", "Unknown Systems X1", "V200R019C10",
    "Model S", "Model-100", "Invalid-Tech IT-5", "Undefined Works U1",
])
def test_values_of_the_same_shape_are_kept(text: str) -> None:
    assert not is_placeholder(text)


@pytest.mark.parametrize("text", [
    "FFFFFFFF", "XXXXXXXXXX", "**********", "0000000", "XXXX", "1111111", "888888", "ffffFFFF", "FF:FF:FF:FF:FF:FF",
    "XXXX-XXXX", "1111 1111", "AAAAAAAAAAAAAAAAAAAA",
])
def test_a_fill_pattern_is_no_serial(text: str) -> None:
    assert is_fill_pattern(text) or is_placeholder(text)
    assert is_placeholder_serial(text)


@pytest.mark.parametrize("text", [
    "XXX", "111", "M", "22", "FFFFFFFE", "1111-2222", "SN1111111", "A1XQD500P", "X-X", "2102310NYJ10EB000045",
])
def test_short_repeats_and_real_serials_are_kept(text: str) -> None:
    assert not is_placeholder_serial(text)


def test_the_fill_judgement_is_for_serials_and_starts_at_its_minimum() -> None:
    assert FILL_MIN_CHARS == 4 and is_fill_pattern("X" * FILL_MIN_CHARS) and not is_fill_pattern("X" * 3)
    # Separators are not counted: four characters of the pattern are needed.
    assert not is_fill_pattern("X-X-X") and is_fill_pattern("X-X-X-X")
    # A model or version of one repeated character ('8888', a release '1111') is not judged by it.
    assert not is_placeholder("8888") and not is_placeholder("FFFFFFFF")
