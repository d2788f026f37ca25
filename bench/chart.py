"""The peer of Tierline's student progress chart: the same chart with
matplotlib (points, aimline, OLS trend line, a phase line), rendered to an
800x450 PNG (or, with "svg" as the second argument, an SVG) in memory 100
times, timed in-process. Prints ms per render."""
import io
import sys
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def draw(weeks, values, baseline, target, goal_week, fmt="png"):
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    ax.plot(weeks, values, "o", color="#0072B2", label="scores")
    ax.plot([0, goal_week], [baseline, target], "--", color="#009E73", label="aimline")
    n = len(weeks)
    mx, my = sum(weeks) / n, sum(values) / n
    slope = sum((x - mx) * (y - my) for x, y in zip(weeks, values)) / sum((x - mx) ** 2 for x in weeks)
    ax.plot([weeks[0], weeks[-1]], [my + slope * (weeks[0] - mx), my + slope * (weeks[-1] - mx)], color="#D55E00", label="trend")
    ax.axvline(4, color="grey", linestyle=":")
    ax.set_title("Ana R. · ORF · words correct per minute")
    ax.set_xlabel("week")
    ax.set_ylabel("wcpm")
    ax.legend(loc="upper left")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt)
    plt.close(fig)
    return buf.getvalue()


def main():
    renders = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    fmt = sys.argv[2] if len(sys.argv) > 2 else "png"
    weeks = list(range(40))
    values = [38 + 1.1 * i + (i * 7) % 5 for i in weeks]
    draw(weeks, values, 40, 80, 30, fmt)  # warm up: fonts and caches
    start = time.perf_counter()
    for _ in range(renders):
        out = draw(weeks, values, 40, 80, 30, fmt)
    elapsed = time.perf_counter() - start
    if fmt == "png":
        assert out[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        assert b"<svg" in out[:400]
    print(f"{1000 * elapsed / renders:.2f}")


if __name__ == "__main__":
    main()
