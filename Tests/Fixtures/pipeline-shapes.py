#!/usr/bin/env python3
"""Rewrites analytics API exports in the shapes data pipelines write them, for the
shape-equivalence test (Tests/GenesysLintTests/PipelineShapeTests.swift).

    pipeline-shapes.py SHAPE OUTDIR INPUT...

writes OUTDIR/<n>-<input name>.<shape>.ndjson (or .json) for each input, where SHAPE is

  python-sdk  what a script writes from the Python SDK's models: `to_dict()` (snake_case
              keys, every attribute of the model present, None where unset) dumped with
              json.dumps(default=str), so timestamps read "2024-04-05 12:27:53.386000+00:00".
              The document keeps its layout (envelope, array, single conversation, NDJSON).
  singer      a Singer tap's output: SCHEMA, then a RECORD per conversation in the SDK's
              spelling with Singer's timestamps ("2024-04-05T12:27:53.386000Z"), then STATE.
  airbyte     an Airbyte source's output: LOG, a RECORD per conversation whose data is the
              API's JSON as it came, then STATE and TRACE.

Only what the SDK or the tap would do to what the API sends is done: timestamps are rewritten
when they are in the API's documented form, enumeration values are left as they are, and
text that is not JSON is copied as it stands (a tap would have failed on it; the reader must
still say so). Envelope members (totalHits, dataAvailabilityDate) survive in the python-sdk
shape only: Singer and Airbyte records carry conversations, not pages.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VOCABULARY = json.load(open(os.path.join(HERE, "..", "..", "Rules", "vocabulary.json"), encoding="utf-8"))
FIELDS = VOCABULARY["fields"]
# The level of a conversation an object is at, by the API names of the arrays leading to it.
LEVELS = {
    (): "conversation",
    ("participants",): "participant",
    ("participants", "sessions"): "session",
    ("participants", "sessions", "segments"): "segment",
    ("participants", "sessions", "metrics"): "metric",
}
DOCUMENTED_TIMESTAMP = re.compile(r"^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d{3}))?Z$")


def snake(name):
    return re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), name)


def python_timestamp(text, singer):
    """A documented API timestamp as Python (str(datetime)) or Singer writes the instant."""
    match = DOCUMENTED_TIMESTAMP.match(text)
    if not match:
        return text
    date, time, millis = match.groups()
    # str(datetime) leaves out a fraction of zero; Singer always writes microseconds.
    fraction = "." + (millis or "000") + "000" if singer or millis not in (None, "000") else ""
    return f"{date}T{time}{fraction}Z" if singer else f"{date} {time}{fraction}+00:00"


def sdk(value, path=(), singer=False):
    """`value` (an object at `path`, in API names) as the SDK's to_dict() would give it."""
    if isinstance(value, list):
        return [sdk(element, path, singer) for element in value]
    if not isinstance(value, dict):
        return value
    level = LEVELS.get(path)
    result = {}
    for name, member in value.items():
        if path == ("participants",) and name == "attributes":
            result[name] = member  # custom data: a dict, its keys as they were
            continue
        if level and FIELDS[level].get(name) == "timestamp" and isinstance(member, str):
            result[snake(name)] = python_timestamp(member, singer)
        else:
            result[snake(name)] = sdk(member, path + (name,), singer)
    if level:
        for name in FIELDS[level]:
            result.setdefault(snake(name), None)
    return result


def sdk_document(document, singer=False):
    """A whole document in the SDK's spelling: an envelope, an array or a conversation."""
    if isinstance(document, dict) and isinstance(document.get("conversations"), list):
        result = {}
        for name, member in document.items():
            if name == "conversations":
                result[name] = [sdk(c, (), singer) for c in member]
            elif name == "dataAvailabilityDate" and isinstance(member, str):
                result[snake(name)] = python_timestamp(member, singer)
            else:
                result[snake(name)] = member
        return result
    return sdk(document, (), singer)


def conversations(document):
    if isinstance(document, dict) and isinstance(document.get("conversations"), list):
        return document["conversations"]
    if isinstance(document, list):
        return document
    return [document]


def documents(path):
    """The input as (parsed document or None, original text) pairs: the whole file when it is
    one JSON document, else each line."""
    text = open(path, encoding="utf-8", errors="surrogateescape").read()
    try:
        return [(json.loads(text), text)], False
    except ValueError:
        pieces = []
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                pieces.append((json.loads(line), line))
            except ValueError:
                pieces.append((None, line))
        return pieces, True


def line(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def convert(shape, path):
    pieces, is_lines = documents(path)
    stream = "conversation_details"
    out = []
    if shape == "python-sdk":
        if not is_lines:
            return json.dumps(sdk_document(pieces[0][0]), ensure_ascii=False, indent=2) + "\n", "json"
        out = [line(sdk_document(doc)) if doc is not None else text for doc, text in pieces]
    elif shape == "singer":
        out.append(line({"type": "SCHEMA", "stream": stream, "schema": {"type": ["null", "object"], "properties": {}}, "key_properties": ["conversation_id"]}))
        out.append(line({"type": "ACTIVATE_VERSION", "stream": stream, "version": 1}))
        for doc, text in pieces:
            if doc is None:
                out.append(text)
                continue
            for conversation in conversations(doc):
                record = sdk(conversation, (), singer=True) if isinstance(conversation, dict) else conversation
                out.append(line({"type": "RECORD", "stream": stream, "record": record, "version": 1, "time_extracted": "2026-03-03T06:00:00.000000Z"}))
        out.append(line({"type": "STATE", "value": {"bookmarks": {stream: {"interval_end": "2026-03-03T00:00:00Z"}}}}))
    elif shape == "airbyte":
        out.append(line({"type": "LOG", "log": {"level": "INFO", "message": f"Syncing stream: {stream}"}}))
        for doc, text in pieces:
            if doc is None:
                out.append(text)
                continue
            for conversation in conversations(doc):
                out.append(line({"type": "RECORD", "record": {"stream": stream, "data": conversation, "emitted_at": 1772517600000}}))
        out.append(line({"type": "STATE", "state": {"type": "STREAM", "stream": {"stream_descriptor": {"name": stream}, "stream_state": {"cursor": "2026-03-03T00:00:00Z"}}}}))
        out.append(line({"type": "TRACE", "trace": {"type": "STREAM_STATUS", "emitted_at": 1772517600001, "stream_status": {"stream_descriptor": {"name": stream}, "status": "COMPLETE"}}}))
    else:
        sys.exit(f"unknown shape {shape!r}: python-sdk, singer or airbyte")
    return "\n".join(out) + "\n", "ndjson"


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    shape, outdir, inputs = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(outdir, exist_ok=True)
    for index, path in enumerate(inputs):
        text, extension = convert(shape, path)
        name = os.path.splitext(os.path.basename(path))[0]
        target = os.path.join(outdir, f"{index:02d}-{name}.{shape}.{extension}")
        with open(target, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(text)
        print(target)


if __name__ == "__main__":
    main()
