"""Assertion shared by the tests: a table has exactly the documented columns and dtypes."""

import pandas as pd


def assert_schema(frame: pd.DataFrame, columns: dict) -> None:
    assert list(frame.columns) == list(columns)
    assert frame.dtypes.astype(str).tolist() == list(columns.values())
