"""The SQL fragment type: parameters follow their fields, however fragments nest."""

from __future__ import annotations

import pytest

from analysis.query.sql import Sql, join, keyword_visible, source_key, sql


def test_values_bind_in_field_order_and_fragments_bring_their_own():
    inner = sql("k.model = {model}", model="use-multilingual")
    query = sql(
        "SELECT * FROM t WHERE a = {a} AND {inner} AND b IN ({b}) AND a <> {a}",
        a=1,
        inner=inner,
        b=["x", "y"],
    )
    assert query.text == "SELECT * FROM t WHERE a = ? AND k.model = ? AND b IN (?) AND a <> ?"
    assert query.params == (1, "use-multilingual", ["x", "y"], 1)


def test_doubled_braces_stay_literal_and_format_specs_are_refused():
    assert sql("SELECT {{'a': {v}}}", v=2) == Sql("SELECT {'a': ?}", (2,))
    with pytest.raises(ValueError):
        sql("SELECT {v:>3}", v=1)


def test_join_keeps_each_parts_parameters_in_order():
    parts = [sql("a = {x}", x=1), Sql("TRUE"), sql("b = {y}", y=2)]
    assert join(parts, " AND ") == Sql("a = ? AND TRUE AND b = ?", (1, 2))


def test_keyword_visibility_and_source_key_with_and_without_an_alias():
    assert keyword_visible("m", "k") == Sql("(k.model = ? OR k.model = '')", ("m",))
    assert keyword_visible("m") == Sql("(model = ? OR model = '')", ("m",))
    assert source_key("s").text == "coalesce(lower(s.handle), s.source)"
    assert source_key().text == "coalesce(lower(handle), source)"
