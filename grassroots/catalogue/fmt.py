"""Number formatting for people: Chinese style (万 where natural) or English, unit attached."""

from __future__ import annotations


def number(value: float | None, lang: str = "zh", decimals: int | None = None) -> str:
    if value is None:
        return "—"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    if lang == "zh" and abs(value) >= 10_000:
        wan = value / 10_000
        text = f"{wan:.2f}".rstrip("0").rstrip(".")
        return f"{text}万"
    return f"{value:,.{decimals}f}"


def with_unit(value: float | None, unit_zh: str, unit_en: str = "", lang: str = "zh") -> str:
    text = number(value, lang)
    unit = unit_zh if lang == "zh" else unit_en
    if not unit or value is None:
        return text
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}" if lang == "en" else f"{text}{unit}"


def delta(value: float | None, lang: str = "zh") -> str | None:
    if value is None or value == 0:
        return None
    sign = "+" if value > 0 else "−"
    return sign + number(abs(value), lang)
