#!/usr/bin/env python3
"""Writes a large query-response export for memory and speed measurements.

It repeats the conversations of Examples/exports/clean/ under fresh conversation ids until the
file reaches the requested size, so the data is as realistic as the bundled example.

    python3 Benchmarks/make-export.py 100 /tmp/export-100mb.json          # query response
    python3 Benchmarks/make-export.py 100 /tmp/export-100mb.ndjson --ndjson
"""
import argparse
import json
import pathlib
import uuid

root = pathlib.Path(__file__).resolve().parent.parent
source = root / "Examples/exports/clean/query-response-2026-03-02.json"

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("megabytes", type=float, help="approximate size of the output")
parser.add_argument("output", help="file to write")
parser.add_argument("--ndjson", action="store_true", help="one conversation per line instead of a query response")
arguments = parser.parse_args()

conversations = json.loads(source.read_text())["conversations"]
target = int(arguments.megabytes * 1_000_000)
written = 0
count = 0
with open(arguments.output, "w") as out:
    if not arguments.ndjson:
        out.write('{"conversations": [\n')
    while written < target:
        conversation = dict(conversations[count % len(conversations)])
        conversation["conversationId"] = str(uuid.UUID(int=count + 1))
        text = json.dumps(conversation, indent=None if arguments.ndjson else 2)
        if not arguments.ndjson and count:
            text = ",\n" + text
        out.write(text + ("\n" if arguments.ndjson else ""))
        written += len(text) + 1
        count += 1
    if not arguments.ndjson:
        out.write(f'\n], "totalHits": {count}}}\n')
print(f"wrote {arguments.output}: {count} conversations, {written / 1e6:.0f} MB")
