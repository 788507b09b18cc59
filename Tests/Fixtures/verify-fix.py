#!/usr/bin/env python3
"""Replays the patch log of `genesys-lint fix` with an independent JSON Patch implementation
(the `jsonpatch` package), for FixTests.swift.

    verify-fix.py OUTPUT.ndjson PATCHES.ndjson

For every logged patch: finds the conversation as it was read (its source file, line and
pointer), applies the patch with jsonpatch, and checks that the result is, value for value, the
conversation of that id in the output. For every dropped copy: checks that the copy kept is in
the output and that its own source names a conversation of that id. Prints one JSON object with
the counts, or the problems, one per line, and exits 1.
"""
import json
import sys

try:
    import jsonpatch
except ImportError:
    print("the Python package jsonpatch is missing: run Scripts/bootstrap (or pip install jsonpatch)")
    sys.exit(2)

_documents = {}


def source_conversation(source):
    """The value at the source's pointer in its file: the whole file when it is one JSON
    document, else its line."""
    path, line, pointer = source["file"], source["line"], source["pointer"]
    if path not in _documents:
        text = open(path, encoding="utf-8").read()
        try:
            _documents[path] = ("document", json.loads(text))
        except ValueError:
            _documents[path] = ("lines", text.split("\n"))
    kind, content = _documents[path]
    value = content if kind == "document" else json.loads(content[line - 1])
    # A framed element's pointer is from the document's root; a line's, from the line's.
    for token in [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]:
        value = value[int(token)] if isinstance(value, list) else value[token]
    return value


def main():
    output_path, log_path = sys.argv[1], sys.argv[2]
    output = [json.loads(line) for line in open(output_path, encoding="utf-8") if line.strip()]
    by_id = {}
    problems = []
    for conversation in output:
        cid = conversation.get("conversationId")
        if cid in by_id:
            problems.append(f"conversation {cid} is written twice")
        by_id[cid] = conversation
    patches = dropped = 0
    for number, line in enumerate(open(log_path, encoding="utf-8"), start=1):
        entry = json.loads(line)
        cid, source = entry["conversationId"], entry["source"]
        try:
            original = source_conversation(source)
        except (KeyError, IndexError, ValueError, TypeError) as error:
            problems.append(f"log line {number}: its source {source} names no conversation ({error!r})")
            continue
        if original.get("conversationId", original.get("conversation_id")) != cid:
            problems.append(f"log line {number}: its source holds {original.get('conversationId')!r}, not {cid!r}")
        if "patch" in entry:
            patches += 1
            repaired = jsonpatch.apply_patch(original, entry["patch"])
            if repaired != by_id.get(cid):
                problems.append(f"log line {number}: the patch applied to {source} does not give the output's conversation {cid}")
        elif "dropped" in entry:
            dropped += 1
            if cid not in by_id:
                problems.append(f"log line {number}: the copy kept of {cid} is not in the output")
            kept = source_conversation(entry["dropped"]["kept"])
            if kept.get("conversationId", kept.get("conversation_id")) != cid:
                problems.append(f"log line {number}: the kept copy's source does not hold {cid}")
        else:
            problems.append(f"log line {number}: neither a patch nor a dropped copy")
    if problems:
        print("\n".join(problems[:30]))
        sys.exit(1)
    print(json.dumps({"written": len(output), "patches": patches, "dropped": dropped}))


if __name__ == "__main__":
    main()
