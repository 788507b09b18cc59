#!/usr/bin/env python3
"""Spoils copies of exports with the damage `genesys-lint fix` repairs, for FixTests.swift.

    spoil-for-fix.py OUTDIR INPUT...

Writes, and prints the paths of, in the order they are to be read:
  00-snapshots.ndjson   an earlier, unfinished snapshot of the first two conversations of each
                        input (no conversationEnd, the last segment still open): the later,
                        complete copies must be kept and these dropped;
  NN-<input>            each input in its own layout, every conversation spoiled in turn with
                        another API's spelling of a disconnect type (GDQ106), a timestamp with a
                        +02:00 offset (GDQ007), a fraction written with six digits (GDQ007), or
                        left as it was;
  99-sdk.ndjson         the last input again as a script writes it from the Python SDK: the same
                        conversations in another shape, which fix writes in the API's spelling
                        and, being copies, keeps once.

Every spoiling has exactly one right repair; nothing here needs guessing. Deterministic.
"""
import copy
import importlib.util
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("pipeline_shapes", os.path.join(HERE, "pipeline-shapes.py"))
shapes = importlib.util.module_from_spec(spec)
spec.loader.exec_module(shapes)

VOCABULARY = shapes.VOCABULARY
# An analytics disconnect type -> one of the spellings another API gives it.
OTHER_SPELLING = {}
for spelling, meaning in sorted(VOCABULARY["enumerations"]["disconnectTypeOtherApiSpellings"]["means"].items()):
    OTHER_SPELLING.setdefault(meaning, spelling)
DOCUMENTED = re.compile(r"^(\d{4}-\d\d-\d\d)T(\d\d):(\d\d:\d\d)\.(\d{3})Z$")


def segments(conversation):
    for participant in conversation.get("participants") or []:
        for session in participant.get("sessions") or []:
            for segment in session.get("segments") or []:
                yield segment


def spoil_spelling(conversation):
    for segment in segments(conversation):
        spelling = OTHER_SPELLING.get(segment.get("disconnectType"))
        if spelling:
            segment["disconnectType"] = spelling
            return True
    return False


def spoil_offset(conversation):
    match = DOCUMENTED.match(conversation.get("conversationStart") or "")
    if not match:
        return False
    date, hour, rest, millis = match.groups()
    if int(hour) >= 22:
        return False  # keeps the date as it is: the test needs no calendar
    conversation["conversationStart"] = f"{date}T{int(hour) + 2:02d}:{rest}.{millis}+02:00"
    return True


def spoil_fraction(conversation):
    for segment in segments(conversation):
        match = DOCUMENTED.match(segment.get("segmentStart") or "")
        if match:
            segment["segmentStart"] = segment["segmentStart"][:-1] + "000Z"
            return True
    return False


def spoiled(conversation, index):
    conversation = copy.deepcopy(conversation)
    kinds = [spoil_spelling, spoil_offset, spoil_fraction, None]
    # The first kind that applies, starting with this conversation's turn.
    for offset in range(3):
        kind = kinds[(index + offset) % 4]
        if kind is None or kind(conversation):
            break
    return conversation


def snapshot(conversation):
    earlier = copy.deepcopy(conversation)
    earlier.pop("conversationEnd", None)
    last = None
    for segment in segments(earlier):
        last = segment
    if last is not None:
        last.pop("segmentEnd", None)
    return earlier


def main():
    outdir, inputs = sys.argv[1], sys.argv[2:]
    os.makedirs(outdir, exist_ok=True)
    written, snapshots, counter = [], [], 0
    last_conversations = []
    for number, path in enumerate(inputs, start=1):
        pieces, is_lines = shapes.documents(path)
        name = os.path.basename(path)
        target = os.path.join(outdir, f"{number:02d}-{name}")
        out_lines = []
        conversations_here = []
        for document, text in pieces:
            if document is None:
                out_lines.append(text)
                continue
            holder = document
            conversations = shapes.conversations(document)
            for position, conversation in enumerate(conversations):
                if isinstance(conversation, dict):
                    conversations[position] = spoiled(conversation, counter)
                    conversations_here.append(conversations[position])
                    counter += 1
            if isinstance(document, dict) and "conversations" not in document:
                holder = conversations[0]
            out_lines.append(json.dumps(holder, ensure_ascii=False, indent=None if is_lines else 2))
        with open(target, "w", encoding="utf-8") as f:
            f.write("\n".join(out_lines) + "\n")
        written.append(target)
        snapshots += [snapshot(c) for c in conversations_here[:2] if c.get("conversationEnd")]
        last_conversations = conversations_here
    first = os.path.join(outdir, "00-snapshots.ndjson")
    with open(first, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(c, ensure_ascii=False) + "\n" for c in snapshots)
    sdk = os.path.join(outdir, "99-sdk.ndjson")
    with open(sdk, "w", encoding="utf-8") as f:
        f.writelines(shapes.line(shapes.sdk(c)) + "\n" for c in last_conversations)
    for path in [first] + written + [sdk]:
        print(path)


if __name__ == "__main__":
    main()
