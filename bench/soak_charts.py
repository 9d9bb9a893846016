"""The soak's samples as charts: `python -m bench.soak_charts bench/results/soak-<time>.json`.

Four PNG files beside the given prefix: resident memory per process, Redis (memory, keys, stored
sessions), PostgreSQL's table and index sizes per table, and logins and failures per sample.
"""

import json
import sys
from pathlib import Path


def series(samples: list[dict], path: tuple[str, ...]) -> dict[str, list[float]]:
    """``{name: [value per sample]}`` for the mapping at ``path`` in each sample (0 when absent)."""
    names: list[str] = []
    for point in samples:
        node = point
        for key in path:
            node = node.get(key, {})
        names.extend(name for name in node if name not in names)
    result = {}
    for name in names:
        values = []
        for point in samples:
            node = point
            for key in path:
                node = node.get(key, {})
            values.append(node.get(name, 0))
        result[name] = values
    return result


def growth(values: list[float]) -> float:
    """Last sample minus the first (what a chart's eye checks for flatness)."""
    return values[-1] - values[0] if values else 0.0


def draw(report: dict, prefix: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    samples = report["samples"]
    minutes = [point["minute"] for point in samples]
    charts = []

    def chart(name: str, title: str, lines: dict[str, list[float]], unit: str) -> None:
        figure, axes = pyplot.subplots(figsize=(9, 4.5))
        for label, values in lines.items():
            axes.plot(minutes, values, marker=".", label=label)
        axes.set_title(title)
        axes.set_xlabel("minutes")
        axes.set_ylabel(unit)
        axes.grid(alpha=0.3)
        axes.legend(fontsize="small", loc="upper left", ncol=2)
        figure.tight_layout()
        path = Path(f"{prefix}-{name}.png")
        figure.savefig(path, dpi=90)
        pyplot.close(figure)
        charts.append(path)

    memory = {
        name: [kb / 1024 for kb in values] for name, values in series(samples, ("resident_kb",)).items()
    }
    chart("memory", "Resident memory per process", memory, "MB")
    chart("redis", "Redis", {"used memory (kB)": [p["redis_used_kb"] for p in samples],
                             "keys": [p["redis_keys"] for p in samples],
                             "stored sessions": [p["sessions"] for p in samples]}, "kB / count")  # fmt: skip
    tables = series(samples, ("postgresql",))
    sizes = {}
    for table in tables:
        short = table.split("_", 1)[1] if "_" in table else table
        sizes[f"{short} table"] = [p["postgresql"].get(table, {}).get("table_kb", 0) for p in samples]
        sizes[f"{short} indexes"] = [p["postgresql"].get(table, {}).get("indexes_kb", 0) for p in samples]
    sizes = {
        name: values for name, values in sizes.items() if max(values) >= 256
    }  # the tables that hold data
    chart("postgresql", "PostgreSQL sizes (tables over 256 kB)", sizes, "kB")
    chart("logins", "Logins and failures per sample", {"logins": [p["logins"] for p in samples],
                                                        "failures": [p["failures"] for p in samples]}, "count")  # fmt: skip
    return charts


if __name__ == "__main__":
    source = Path(sys.argv[1])
    for path in draw(json.loads(source.read_text()), source.with_suffix("")):
        print(path)
