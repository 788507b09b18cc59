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

The binary is shipped with the job: the driver adds it to the Spark context (SparkContext.addFile,
as spark-submit --files does), and each task runs the copy Spark fetched to its executor
(SparkFiles.get). The executors need neither Swift nor genesys-lint installed: ship the
self-contained binary of the wheel (Scripts/build-wheel, then `pip install` it on the driver),
which this job takes by default. Local mode (what the project's test runs):

    pip install dist/genesys_lint-*.whl
    python3 Examples/spark/lint_export.py --master 'local[2]' exports/ out/

On a cluster, with the wheel installed where the driver runs:

    spark-submit --master yarn --deploy-mode client Examples/spark/lint_export.py \\
        hdfs:///exports/2026-03/ out/

The exit code is merge's: 0 clean, 1 findings at the fail level, 2 trouble.
"""
import argparse
import functools
import os
import pathlib
import shlex
import shutil
import subprocess
import sys
import threading


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="directory, file or glob of NDJSON (.ndjson, .jsonl, .gz) exports")
    parser.add_argument("output", help="local directory for the partial reports and the merged reports")
    parser.add_argument("--genesys-lint", metavar="PATH",
                        help="the binary the driver merges with and ships to the executors (default: the one of the "
                             "installed genesys_lint wheel, else genesys-lint on the PATH)")
    parser.add_argument("--no-ship", action="store_true",
                        help="ship nothing: the binary is installed at the same path on every executor")
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


def driver_binary(named):
    """The genesys-lint binary on the driver: the one named, else the wheel's, else the PATH's."""
    if named is not None:
        found = shutil.which(named)
        trouble = f"--genesys-lint {named} is not an executable file"
    else:
        try:
            import genesys_lint
        except ImportError:
            found = shutil.which("genesys-lint")
            trouble = ("genesys-lint is neither installed as a wheel nor on the PATH: pip install genesys_lint-*.whl "
                       "(Scripts/build-wheel makes it), or name the binary with --genesys-lint")
        else:
            return genesys_lint.executable()
    if found is None:
        print(f"lint_export: {trouble}", file=sys.stderr)
        sys.exit(2)
    return os.path.abspath(found)


def executor_binary(binary, shipped):
    """On an executor: the path of the binary, the copy Spark fetched when it was shipped."""
    if not shipped:
        return binary
    from pyspark import SparkFiles
    path = SparkFiles.get(os.path.basename(binary))
    if not os.access(path, os.X_OK):
        os.chmod(path, os.stat(path).st_mode | 0o111)
    return path


def check_partition(lines, binary, shipped, options):
    """On an executor: pipes one partition's lines through the check, and yields its partial report.
    A check that fails (exit code 2) fails the task."""
    command = [executor_binary(binary, shipped), "check", "--format", "json", "--partial", *options, "-"]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    failures = []

    def feed():
        try:
            for line in lines:
                process.stdin.write(line.encode("utf-8") + b"\n")
        except BrokenPipeError:
            pass  # the check stopped reading: its exit code says why
        except BaseException as failure:  # reading the partition failed: the task fails with it
            failures.append(failure)
        finally:
            try:
                process.stdin.close()
            except BrokenPipeError:
                pass

    # Lines are written on a thread of their own while the report is read here, so that neither
    # side waits on a full pipe.
    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    report = process.stdout.read()
    writer.join()
    status = process.wait()
    if failures:
        raise failures[0]
    if status != 0:
        raise RuntimeError(f"{shlex.join(command)} exited with status {status}")
    yield report.decode("utf-8")


def main():
    arguments = parse_arguments()
    binary = driver_binary(arguments.genesys_lint)
    from pyspark.sql import SparkSession  # imported late so --help works without Spark

    builder = SparkSession.builder.appName("genesys-lint")
    if arguments.master:
        builder = builder.master(arguments.master)
    spark = builder.getOrCreate()
    context = spark.sparkContext
    shipped = not arguments.no_ship
    if shipped:
        context.addFile(binary)

    lines = context.textFile(arguments.input, minPartitions=arguments.partitions or None)
    partials = lines.mapPartitions(functools.partial(check_partition, binary=binary, shipped=shipped,
                                                     options=arguments.check_option))

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
    extensions = {"text": "txt", "json": "json", "ndjson": "ndjson", "sarif": "sarif", "junit": "xml", "github": "txt",
                  "openlineage": "openlineage.json"}
    merge = [binary, "merge", *arguments.merge_option, "--format", "text"]
    for name in formats:
        merge += ["--format", f"{name}={output / ('report.' + extensions.get(name, name))}"]
    print(f"genesys-lint: merging {len(paths)} partial report(s)", file=sys.stderr)
    return subprocess.run(merge + paths).returncode


if __name__ == "__main__":
    sys.exit(main())
