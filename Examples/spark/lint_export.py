#!/usr/bin/env python3
"""Checks an export too large for one machine with genesys-lint on a Spark cluster.

The export is a directory (or glob) of NDJSON files, plain or gzip-compressed, one conversation
per line. Spark cuts it into partitions; each partition's lines are piped through

    genesys-lint check --format json --partial -

which writes a partial report: the partition's findings and totals, and a digest of the
conversation ids it saw. The driver then collects the partial reports, one partition at a time,
and runs `genesys-lint merge` over them, which writes the report of one run over the whole
export: conversation ids repeated in different partitions are reported as duplicates there.
Every partition reads standard input, so the merge sees the export as one input, as a single run
over the whole export piped in would: a conversation repeated in another partition, even from
another file of the export, is a repeat within that input (GDQ501), not across files (GDQ508).

Local mode (what the project's test runs):

    python3 Examples/spark/lint_export.py --master 'local[2]' exports/ out/

On a cluster (the genesys-lint binary must exist on every executor, see README.md):

    spark-submit --master yarn --files genesys-lint Examples/spark/lint_export.py \\
        --genesys-lint ./genesys-lint --merge-with /usr/local/bin/genesys-lint \\
        hdfs:///exports/2026-03/ out/

The exit code is merge's: 0 clean, 1 findings at the fail level, 2 trouble.
"""
import argparse
import os
import pathlib
import shlex
import subprocess
import sys


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="directory, file or glob of NDJSON (.ndjson, .jsonl, .gz) exports")
    parser.add_argument("output", help="local directory for the partial reports and the merged reports")
    parser.add_argument("--genesys-lint", default="genesys-lint",
                        help="the binary as the executors run it (default: genesys-lint on their PATH)")
    parser.add_argument("--merge-with", help="the binary the driver merges with (default: the same as --genesys-lint)")
    parser.add_argument("--master", help="Spark master, e.g. local[2] (default: as spark-submit sets it)")
    parser.add_argument("--partitions", type=int, default=0, help="minimum number of partitions (default: Spark's choice)")
    parser.add_argument("--check-option", action="append", default=[], metavar="OPTION",
                        help="an option for every check, e.g. --check-option=--as-of=2026-03-04T00:00:00Z (repeatable); "
                             "rule options (--config, --select, ...) must also be given to merge with --merge-option")
    parser.add_argument("--merge-option", action="append", default=[], metavar="OPTION",
                        help="an option for merge, e.g. --merge-option=--fail-on=warning (repeatable)")
    parser.add_argument("--format", action="append", default=[], metavar="FORMAT",
                        help="reports merge writes into OUTPUT as report.EXT (default: json and sarif), plus text on stdout")
    return parser.parse_args()


def main():
    arguments = parse_arguments()
    from pyspark.sql import SparkSession  # imported late so --help works without Spark

    builder = SparkSession.builder.appName("genesys-lint")
    if arguments.master:
        builder = builder.master(arguments.master)
    spark = builder.getOrCreate()
    context = spark.sparkContext

    lines = context.textFile(arguments.input, minPartitions=arguments.partitions or None)
    check = [arguments.genesys_lint, "check", "--format", "json", "--partial", *arguments.check_option, "-"]
    # One element per line of a partition's partial report; glom() gathers each partition's
    # lines back into one document. checkCode makes a failing check (exit code 2) fail the task.
    partials = (lines.pipe(shlex.join(check), checkCode=True)
                .glom()
                .map(lambda report_lines: "\n".join(report_lines) + "\n"))

    output = pathlib.Path(arguments.output)
    partial_directory = output / "partials"
    partial_directory.mkdir(parents=True, exist_ok=True)
    for stale in partial_directory.glob("part-*.json"):
        stale.unlink()
    paths = []
    # toLocalIterator brings one partition at a time to the driver, whose memory stays bounded.
    for number, report in enumerate(partials.toLocalIterator()):
        path = partial_directory / f"part-{number:05d}.json"
        path.write_text(report, encoding="utf-8")
        paths.append(str(path))
    spark.stop()

    formats = arguments.format or ["json", "sarif"]
    extensions = {"text": "txt", "json": "json", "ndjson": "ndjson", "sarif": "sarif", "junit": "xml", "github": "txt"}
    merge = [arguments.merge_with or arguments.genesys_lint, "merge", *arguments.merge_option, "--format", "text"]
    for name in formats:
        merge += ["--format", f"{name}={output / ('report.' + extensions.get(name, name))}"]
    print(f"genesys-lint: merging {len(paths)} partial report(s)", file=sys.stderr)
    return subprocess.run(merge + paths).returncode


if __name__ == "__main__":
    sys.exit(main())
