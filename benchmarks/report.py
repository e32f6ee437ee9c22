"""Turn stage measurements into the benchmark's summary, ratios and Markdown record."""

import re
from pathlib import Path

from benchmarks.measure import StageResult
from benchmarks.sizes import BenchSize

# The scale targets on a 2-core, 24 GiB machine: checked at every size, binding at L.
TARGETS = {
    "full_rebuild_seconds": 600,
    "full_rebuild_peak_gib": 8,
    "increment_seconds": 30,
    "ingestion_vs_read_csv": 0.5,
    "dbt_vs_sql_script": 1.5,
    "pandas_vs_duckdb": 10,
    "query_p95_ms": 300,
}
REBUILD_STAGES = ("ingest", "checks", "dbt", "publish")


def summarize(size: BenchSize, results: dict[str, StageResult]) -> dict:
    """Return the stage table, the totals and the comparison ratios of one run."""
    stages = {
        label: {"seconds": round(result.seconds, 2), "peak_rss_gib": round(result.peak_rss_gib, 3), "details": result.details}
        for label, result in results.items()
    }
    full = [results[f"full_{name}"] for name in REBUILD_STAGES]
    increment = [results[f"increment_{name}"] for name in REBUILD_STAGES]

    ingest_sources = results["full_ingest"].details["sources"]
    read_csv_sources = results["read_csv"].details["sources"]
    compared = [source for source in read_csv_sources if ingest_sources[source]["files_loaded"]]
    ingest_seconds = sum(ingest_sources[source]["seconds"] for source in compared)
    read_csv_seconds = sum(read_csv_sources[source]["seconds"] for source in compared)
    python_seconds = results["full_dbt"].details.get("python_model_seconds", 0.0)

    queries = results["queries"].details["queries"]
    return {
        "size": size.name,
        "generator_arguments": {"skus": size.skus, "days": size.days, "orders": size.orders},
        "dataset": results["generate"].details,
        "increment_files": results["hold_back"].details["files"],
        "stages": stages,
        "full_rebuild_seconds": round(sum(r.seconds for r in full), 1),
        "full_rebuild_peak_gib": round(max(r.peak_rss_gib for r in full), 2),
        "increment_seconds": round(sum(r.seconds for r in increment), 1),
        "increment_peak_gib": round(max(r.peak_rss_gib for r in increment), 2),
        "ratios": {
            # Throughput of ingestion over DuckDB's read_csv on the same bytes: the
            # ratio of their times, inverted.
            "ingestion_vs_read_csv": round(read_csv_seconds / ingest_seconds, 2),
            # The script copies what dbt's Python models built, so their time is left
            # out of dbt's side too (from the wall time, an approximation where dbt
            # ran other nodes beside them).
            "dbt_vs_sql_script": round(
                (results["full_dbt"].seconds - python_seconds) / results["sql_script"].details["seconds"], 2),
            # dbt's own execution time of the SQL models alone, summed over its threads:
            # without start-up, parse and the data tests the script does not run.
            "dbt_models_vs_sql_script": round(
                (results["full_dbt"].details["execution_seconds_by_type"]["model"] - python_seconds)
                / results["sql_script"].details["seconds"], 2),
            "pandas_vs_duckdb": round(
                results["headline_pandas"].details["total_seconds"] / results["headline_duckdb"].details["total_seconds"], 1),
        },
        "ingestion_seconds_compared": {"ingestion": round(ingest_seconds, 2), "read_csv": round(read_csv_seconds, 2)},
        "sql_script_matches_dbt": all(results["sql_script"].details["matches_dbt"].values()),
        "sql_script_copied": results["sql_script"].details.get("copied_python_marts", []),
        "pandas_matches_duckdb": all(results["headline_pandas"].details["matches_duckdb"].values()),
        "query_p50_ms_max": round(max(q["p50_ms"] for q in queries.values()), 1),
        "query_p95_ms_max": round(max(q["p95_ms"] for q in queries.values()), 1),
        # A run resumed from one recorded before the sampler existed has no timeline.
        "full_dbt_memory": results["full_dbt"].details.get("memory"),
    }


def _verdict(value: float, target: float, higher_is_better: bool = False) -> str:
    met = value >= target if higher_is_better else value <= target
    return "met" if met else "MISSED"


def render_markdown(summary: dict) -> str:
    """Render one run as the Markdown section docs/benchmarks.md keeps per size."""
    machine = summary["machine"]
    ratios = summary["ratios"]
    lines = [
        f"## Size {summary['size']}",
        "",
        f"Run {summary['started_at']} on {machine['cores']} cores, {machine['memory_gib']} GiB, "
        f"{machine['platform']}, Python {machine['python']}; load average "
        f"{', '.join(f'{x:.2f}' for x in machine['load_average_at_start'])} at start, "
        f"{', '.join(f'{x:.2f}' for x in machine['load_average_at_end'])} at end.",
        "Versions: " + ", ".join(f"{name} {version}" for name, version in machine["versions"].items()) + ".",
        f"Command: `make bench SIZE={summary['size']}` (generator: "
        + ", ".join(f"--{key} {value}" for key, value in summary["generator_arguments"].items()) + ").",
        f"Dataset: {summary['dataset']['files']} files, {summary['dataset']['rows']:,} rows, "
        f"{summary['dataset']['order_lines']:,} order lines.",
        "",
        "| stage | wall time (s) | peak memory (GiB) |",
        "|---|---:|---:|",
    ]
    for label, stage in summary["stages"].items():
        lines.append(f"| {label} | {stage['seconds']:.1f} | {stage['peak_rss_gib']:.2f} |")
    lines += [
        "",
        "| figure | value | target | |",
        "|---|---:|---:|---|",
        f"| full rebuild (ingest + checks + dbt build + publish) | {summary['full_rebuild_seconds']} s "
        f"| {TARGETS['full_rebuild_seconds']} s | {_verdict(summary['full_rebuild_seconds'], TARGETS['full_rebuild_seconds'])} |",
        f"| full rebuild peak memory | {summary['full_rebuild_peak_gib']} GiB | {TARGETS['full_rebuild_peak_gib']} GiB "
        f"| {_verdict(summary['full_rebuild_peak_gib'], TARGETS['full_rebuild_peak_gib'])} |",
        f"| one day's increment | {summary['increment_seconds']} s | {TARGETS['increment_seconds']} s "
        f"| {_verdict(summary['increment_seconds'], TARGETS['increment_seconds'])} |",
        f"| ingestion throughput / DuckDB read_csv | {ratios['ingestion_vs_read_csv']} "
        f"| >= {TARGETS['ingestion_vs_read_csv']} | {_verdict(ratios['ingestion_vs_read_csv'], TARGETS['ingestion_vs_read_csv'], True)} |",
        f"| dbt build / SQL script of the same tables (Python models left out) | {ratios['dbt_vs_sql_script']} "
        f"| <= {TARGETS['dbt_vs_sql_script']} | {_verdict(ratios['dbt_vs_sql_script'], TARGETS['dbt_vs_sql_script'])} |",
        f"| dbt model execution alone / SQL script | {ratios['dbt_models_vs_sql_script']} "
        f"| <= {TARGETS['dbt_vs_sql_script']} | {_verdict(ratios['dbt_models_vs_sql_script'], TARGETS['dbt_vs_sql_script'])} |",
        f"| pandas / SQL, three headline metrics | {ratios['pandas_vs_duckdb']} "
        f"| >= {TARGETS['pandas_vs_duckdb']} | {_verdict(ratios['pandas_vs_duckdb'], TARGETS['pandas_vs_duckdb'], True)} |",
        f"| dashboard query p95, slowest query | {summary['query_p95_ms_max']} ms | {TARGETS['query_p95_ms']} ms "
        f"| {_verdict(summary['query_p95_ms_max'], TARGETS['query_p95_ms'])} |",
        "",
        f"The SQL script's marts equal dbt's: {summary['sql_script_matches_dbt']}. "
        f"The pandas metrics equal the SQL ones: {summary['pandas_matches_duckdb']}. "
        f"Marts built by dbt Python models, which the script copies instead of computing: "
        f"{', '.join(summary['sql_script_copied']) or 'none'}.",
    ]
    memory = summary.get("full_dbt_memory")
    if memory:
        lines += [
            "",
            f"Full `dbt build` memory, sampled every half second: peak {memory['sampled_peak_gib']:.2f} GiB while "
            f"{', '.join(memory['nodes_running_at_peak']) or 'no node'} ran.",
        ]
        if memory["highest_nodes_gib"]:
            lines[-1] += (" Highest sample while each node ran (GiB, the whole dbt process, with the node beside it): "
                          + ", ".join(f"{name} {gib:.2f}" for name, gib in memory["highest_nodes_gib"].items()) + ".")
    return "\n".join(lines) + "\n"


def write_record(path: Path, size: str, markdown: str) -> None:
    """Replace the section of `size` in `path` with `markdown`, or append it."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    section = re.compile(rf"^## Size {re.escape(size)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if section.search(text):
        text = section.sub(lambda _match: markdown + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + markdown
    path.write_text(text, encoding="utf-8")
