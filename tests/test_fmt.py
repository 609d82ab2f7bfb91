from grassroots.catalogue import fmt


def test_chinese_style_uses_wan_for_large_numbers():
    assert fmt.number(15800) == "1.58万"
    assert fmt.number(11500) == "1.15万"
    assert fmt.number(6158) == "6,158"
    assert fmt.number(15800, "en") == "15,800"


def test_units_and_ratios():
    assert fmt.with_unit(18.2, "名", "", "zh") == "18.2名"
    assert fmt.with_unit(48.5, "%", "%", "en") == "48.5%"
    assert fmt.with_unit(None, "个") == "—"


def test_delta_has_a_sign_and_no_zero():
    assert fmt.delta(16) == "+16"
    assert fmt.delta(-3) == "−3"
    assert fmt.delta(0) is None
