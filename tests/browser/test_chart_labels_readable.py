"""The weekly trend chart on the deadline board labels its axes at 14 px in
near-black, not Chart.js's 12 px grey, and the weeks' labels do not overlap
one another, on a desk and on a phone."""
import pytest

pytestmark = pytest.mark.browser

# Each shown x label's font, the horizontal distance to the next and what
# that distance must hold: the widest label flat, one line's height rotated
# (parallel labels tilted by θ stand dx·sin θ apart).
LABELS = """(sel) => {
  const chart = Chart.getChart(document.querySelector(sel));
  const out = [];
  for (const id of ['x', 'y']) {
    const scale = chart.scales[id], items = scale.getLabelItems();
    const theta = Math.abs(scale.labelRotation) * Math.PI / 180;
    const widest = scale._labelSizes ? scale._labelSizes.widest.width : 0;
    items.forEach((it, i) => {
      const next = items[i + 1];
      const gap = next ? Math.abs(next.options.translation[0] - it.options.translation[0]) : null;
      out.push({axis: id, size: it.font.size, color: scale.options.ticks.color,
                apart: id !== 'x' || gap === null || (theta ? gap * Math.sin(theta) >= it.font.lineHeight
                                                              : gap >= widest)});
    });
  }
  return out;
}"""


def _contrast(rgb_hex: str) -> float:
    def lum(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(rgb_hex[i:i + 2], 16) for i in (1, 3, 5))
    fg = 0.2126 * lum(r) + 0.7152 * lum(g) + 0.0722 * lum(b)
    return 1.05 / (fg + 0.05)


def test_the_board_trend_chart_labels_are_readable_and_apart(login, shot):
    page = login("doaboss")
    page.goto(page.url.replace("/inbox", "/board"))
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('trend-chart'))")
    labels = page.evaluate(LABELS, "#trend-chart")
    xs = [x for x in labels if x["axis"] == "x"]
    assert len(xs) >= 4                                        # the weeks are labelled
    assert all(x["size"] >= 14 for x in labels), labels
    assert all(x["apart"] for x in xs), labels
    assert _contrast(labels[0]["color"]) >= 7                  # near-black on white
    shot(page, "board-trend-labels")
    page.locator("#trend-chart").screenshot(path=str(_artifact("board-trend-chart.png")))


def test_on_a_phone_the_week_labels_still_do_not_overlap(login):
    page = login("doaboss", width=390)
    page.goto(page.url.replace("/inbox", "/board"))
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('trend-chart'))")
    labels = page.evaluate(LABELS, "#trend-chart")
    assert all(x["size"] >= 14 for x in labels)
    assert all(x["apart"] for x in labels if x["axis"] == "x"), labels


def _artifact(name):
    from pathlib import Path
    folder = Path(__file__).resolve().parents[2] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder / name
