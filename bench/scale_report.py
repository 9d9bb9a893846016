"""The scale runs side by side, in Markdown: `python -m bench.scale_report <scale-*.json>…`.

One table for the login's cost at each size (the README's ratio: the portal's CPU per login over
the identity provider's, in the same run), one for the pages' p95 at each size.
"""

import json
import sys
from pathlib import Path

from bench.pages import TARGET_MS


def ratio_spread(reports: list[dict]) -> float | None:
    """The largest ratio over the smallest, minus one: how much the login's relative cost moved."""
    ratios = [report["login"]["portal_over_identity_provider"] for report in reports]
    ratios = [ratio for ratio in ratios if ratio]
    return round(max(ratios) / min(ratios) - 1, 3) if ratios else None


def markdown(reports: list[dict]) -> str:
    lines = [
        "| size | connections | accounts | sites | identity providers | load (s) | database (MB) |"
        " portal CPU ms/login | identity provider CPU ms/login | ratio | PostgreSQL CPU ms/login |"
        " login p95 (ms), c=8 | logins/s | failed |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for report in reports:
        load, login = report["load"], report["login"]
        rows = load["rows"]
        lines.append(
            f"| {report['size']} | {rows['franceconnect_connection']:,} | {rows['franceconnect_user']:,}"
            f" | {rows['franceconnect_serviceprovider']:,} | {rows['identity_providers_identityprovider']}"
            f" | {load['seconds']} | {load['database_megabytes']:,} | {login['portal_cpu_ms']}"
            f" | {login['identity_provider_cpu_ms']} | {login['portal_over_identity_provider']}"
            f" | {login.get('servers_cpu_ms_per_login', {}).get('postgresql', '—')}"
            f" | {login['login_p95_ms']} | {login['logins_per_second']} | {sum(login['failures'].values())} |"
        )
    lines += [
        "",
        f"Ratio spread across sizes: {ratio_spread(reports)} (largest over smallest, minus one).",
        "",
    ]
    names = list(dict.fromkeys(name for report in reports for name in report["pages"]))
    sizes = " | ".join(report["size"] for report in reports)
    lines += [f"| page (p95 ms, client; queries) | {sizes} |", "|---|" + "---|" * len(reports)]
    for name in names:
        cells = []
        for report in reports:
            page = report["pages"].get(name)
            if page is None:
                cells.append("—")
                continue
            mark = "" if page["under_target"] else " ⚠"
            cells.append(
                f"{page['p95_ms']}{mark} ({page['queries']} q, {'/'.join(map(str, page['status']))})"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", f"⚠: over {TARGET_MS} ms p95 or not answered 200.", ""]
    lines += ["Commands:", ""] + [f"- `{report['command']}`" for report in reports]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown([json.loads(Path(path).read_text()) for path in sys.argv[1:]]))
