#!/usr/bin/env python3
"""Injects one fault per built-in rule into realistic data, for FaultInjectionTests.swift.

Reads the clean export Examples/exports/clean/query-response-2026-03-02.json (on which the
default rules report nothing), and for each rule whose fault can be made in such data takes
one clean conversation, applies the smallest mutation that creates exactly that inconsistency,
gives the conversation a fresh conversationId and writes it as one line of faults.ndjson.

faults-expected.json says, for each line, which rule must fire and at which JSON pointers
(relative to the line's conversation), the findings of other rules the mutation cannot avoid
("alsoExpected"), and which rules have no fault here and why ("skipped").

Deterministic: same input, same output, byte for byte. Python 3 standard library only.
Run from anywhere: python3 Tests/Fixtures/inject-faults.py

Rules not injected (also written to faults-expected.json under "skipped"):
  GDQ001 malformed-json    about framing: the text is not JSON, so there is no conversation
                           to mutate (covered by the reader's own tests and rule examples).
  GDQ004 not-an-export     about framing: the record is not a conversation object at all.
  GDQ009 other-stream      about framing: a Singer or Airbyte record of another stream, not a
                           conversation (covered by the pipeline-shape tests and its examples).
  GDQ006 record-too-large  about framing: needs a record over --max-record-bytes (64 MiB by
                           default), which one line of realistic data cannot be.
  GDQ008 too-complex-to-check
                           needs a conversation far larger than realistic data.
  GDQ505 conversation-in-reprocessing-window
                           depends on the run's reference time, not on the data alone.
Every other rule (GDQ002, GDQ003, GDQ005, GDQ007 and the other GDQ1xx-GDQ6xx) is injected.
"""

import copy
import datetime
import json
import os
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CLEAN = os.path.join(ROOT, "Examples", "exports", "clean", "query-response-2026-03-02.json")
FAULTS = os.path.join(HERE, "faults.ndjson")
EXPECTED = os.path.join(HERE, "faults-expected.json")

SKIPPED = {
    "GDQ001": "framing: malformed JSON has no conversation to mutate; covered by the reader tests and the rule's examples",
    "GDQ004": "framing: input that is not a conversation object at all; covered by the reader tests and the rule's examples",
    "GDQ009": "framing: a Singer or Airbyte record of a stream that carries no conversations; covered by the pipeline-shape tests and the rule's examples",
    "GDQ006": "framing: needs a record larger than --max-record-bytes (64 MiB by default), which one line of realistic data is not",
    "GDQ008": "needs a conversation that takes more than 20 million steps to check (tens of thousands of sessions), which realistic data is not; covered by its examples and the hostile-input tests",
    "GDQ505": "depends on the run's reference time (--as-of, default now), not on the data alone; its examples run at a fixed as-of",
    "GDQ506": "about the envelope of a jobs results page (dataAvailabilityDate), which NDJSON lines of conversations do not have; covered by its examples and the reader tests",
    "GDQ507": "about the envelope of query-response pages (totalHits), which NDJSON lines of conversations do not have; covered by its examples and the reader tests",
    "GDQ508": "about a conversation repeated from one input file in another, which the single NDJSON file of this fixture cannot hold (a repeat within it is GDQ501's); covered by its examples, which read several files, and the end-to-end tests of repeated conversations",
}

# ---------------------------------------------------------------------------------------------
# Helpers

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def ms(text):
    """Milliseconds since 1970 of a documented-form timestamp (yyyy-MM-ddTHH:mm:ss.mmmZ)."""
    moment = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
    delta = moment - EPOCH
    return (delta.days * 86400 + delta.seconds) * 1000 + delta.microseconds // 1000


def ts(milliseconds):
    """The documented form of a timestamp."""
    moment = EPOCH + datetime.timedelta(milliseconds=milliseconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (milliseconds % 1000)


def shifted(text, delta_ms):
    return ts(ms(text) + delta_ms)


def is_timestamp(value):
    if not isinstance(value, str) or len(value) != 24:
        return False
    try:
        ms(value)
        return True
    except ValueError:
        return False


def shift_all(node, delta_ms):
    """Moves every timestamp in the conversation by the same amount (a consistent record, earlier)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if is_timestamp(value):
                node[key] = shifted(value, delta_ms)
            else:
                shift_all(value, delta_ms)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if is_timestamp(value):
                node[index] = shifted(value, delta_ms)
            else:
                shift_all(value, delta_ms)


def participant(conversation, purpose, nth=0):
    """Index of the nth participant with this purpose."""
    indices = [i for i, p in enumerate(conversation["participants"]) if p.get("purpose") == purpose]
    assert len(indices) > nth, f"no {purpose} participant #{nth} in {conversation['conversationId']}"
    return indices[nth]


def session(conversation, p, s=0):
    return conversation["participants"][p]["sessions"][s]


def segment_index(sess, segment_type, nth=0):
    indices = [i for i, g in enumerate(sess["segments"]) if g.get("segmentType") == segment_type]
    assert len(indices) > nth, f"no {segment_type} segment #{nth}"
    return indices[nth]


def metric_index(sess, name, nth=0):
    indices = [i for i, m in enumerate(sess["metrics"]) if m.get("name") == name]
    assert len(indices) > nth, f"no metric {name} #{nth}"
    return indices[nth]


def metric(sess, name):
    return sess["metrics"][metric_index(sess, name)]


def ptr(p, s=None, kind=None, i=None, field=None):
    """JSON pointer inside one conversation."""
    text = f"/participants/{p}"
    if s is not None:
        text += f"/sessions/{s}"
    if kind is not None:
        text += f"/{kind}/{i}"
    if field is not None:
        text += f"/{field}"
    return text


def seg_ptr(p, s, i, field=None):
    return ptr(p, s, "segments", i, field)


def met_ptr(p, s, i, field=None):
    return ptr(p, s, "metrics", i, field)


def visit_of(conversation, p, s=0):
    """The acd participant and session an agent session was routed from (same queueId)."""
    queue = next(g["queueId"] for g in session(conversation, p, s)["segments"] if "queueId" in g)
    for pi, part in enumerate(conversation["participants"]):
        if part.get("purpose") != "acd":
            continue
        for si, sess in enumerate(part["sessions"]):
            if any(g.get("queueId") == queue for g in sess["segments"]):
                return pi, si
    raise AssertionError("no queue visit")


# ---------------------------------------------------------------------------------------------
# The faults. Each takes a deep copy of a clean conversation, mutates it in place and returns
# (pointers where the rule must fire, [(other rule, pointer) the mutation cannot avoid]).
# `source` is the index of the clean conversation in the example export, with the shape the
# mutation relies on noted beside it.

FAULTS_SPEC = []


def fault(rule, source, description):
    def register(function):
        FAULTS_SPEC.append((rule, source, description, function))
        return function
    return register


# --- reading ---------------------------------------------------------------------------------

@fault("GDQ002", 2, "a segment's conference flag written as the string \"false\" (dataframe round trip)")
def _(c):
    p = participant(c, "customer")
    c["participants"][p]["sessions"][0]["segments"][0]["conference"] = "false"
    return [seg_ptr(p, 0, 0, "conference")], []


@fault("GDQ003", 4, "the customer's nConnected emitDate rewritten in a day/month/year format")
def _(c):
    p = participant(c, "customer")
    sess = session(c, p)
    i = metric_index(sess, "nConnected")
    moment = ms(sess["metrics"][i]["emitDate"])
    sess["metrics"][i]["emitDate"] = (EPOCH + datetime.timedelta(milliseconds=moment)).strftime("%d/%m/%Y %H:%M:%S")
    return [met_ptr(p, 0, i, "emitDate")], []


@fault("GDQ005", 5, "conversationId removed")
def _(c):
    del c["conversationId"]
    return [""], []


@fault("GDQ007", 1, "the customer's nConnected emitDate written with a numeric offset instead of Z")
def _(c):
    p = participant(c, "customer")
    sess = session(c, p)
    i = metric_index(sess, "nConnected")
    sess["metrics"][i]["emitDate"] = sess["metrics"][i]["emitDate"][:-1] + "+00:00"
    return [met_ptr(p, 0, i, "emitDate")], []


# --- vocabulary ------------------------------------------------------------------------------

@fault("GDQ101", 7, "the customer's disconnectType 'endpoint' replaced by an invented 'hangup'")
def _(c):
    p = participant(c, "customer")
    i = segment_index(session(c, p), "interact")
    assert session(c, p)["segments"][i]["disconnectType"] == "endpoint"
    session(c, p)["segments"][i]["disconnectType"] = "hangup"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ102", 7, "the customer's 'system' segment typed 'setup'")
def _(c):
    p = participant(c, "customer")
    i = segment_index(session(c, p), "system")
    session(c, p)["segments"][i]["segmentType"] = "setup"
    return [seg_ptr(p, 0, i, "segmentType")], []


@fault("GDQ103", 8, "the customer's session mediaType 'phone' instead of 'voice'")
def _(c):
    p = participant(c, "customer")
    session(c, p)["mediaType"] = "phone"
    return [ptr(p, 0, field="mediaType")], []


@fault("GDQ104", 8, "the IVR participant's purpose 'bot'")
def _(c):
    p = participant(c, "ivr")
    c["participants"][p]["purpose"] = "bot"
    return [ptr(p, field="purpose")], []


@fault("GDQ105", 8, "the customer's session direction 'Inbound' (capitalised)")
def _(c):
    p = participant(c, "customer")
    session(c, p)["direction"] = "Inbound"
    return [ptr(p, 0, field="direction")], []


@fault("GDQ106", 9, "the customer's disconnectType 'ENDPOINT', as analytics detail events write it")
def _(c):
    p = participant(c, "customer")
    i = segment_index(session(c, p), "interact")
    assert session(c, p)["segments"][i]["disconnectType"] == "endpoint"
    session(c, p)["segments"][i]["disconnectType"] = "ENDPOINT"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ107", 10, "the customer's disconnectType is the Python SDK placeholder")
def _(c):
    p = participant(c, "customer")
    i = segment_index(session(c, p), "interact")
    session(c, p)["segments"][i]["disconnectType"] = "outdated_sdk_version"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ108", 10, "the customer's 'system' segmentType is the .NET SDK placeholder")
def _(c):
    p = participant(c, "customer")
    i = segment_index(session(c, p), "system")
    session(c, p)["segments"][i]["segmentType"] = "OUTDATED_SDK_VERSION"
    return [seg_ptr(p, 0, i, "segmentType")], []


@fault("GDQ109", 11, "the customer's session mediaType is the Java SDK placeholder")
def _(c):
    p = participant(c, "customer")
    session(c, p)["mediaType"] = "OutdatedSdkVersion"
    return [ptr(p, 0, field="mediaType")], []


@fault("GDQ110", 11, "the IVR participant's purpose is the Java SDK placeholder")
def _(c):
    p = participant(c, "ivr")
    c["participants"][p]["purpose"] = "OutdatedSdkVersion"
    return [ptr(p, field="purpose")], []


@fault("GDQ111", 11, "the customer's session direction is the Python SDK placeholder")
def _(c):
    p = participant(c, "customer")
    session(c, p)["direction"] = "outdated_sdk_version"
    return [ptr(p, 0, field="direction")], []


@fault("GDQ112", 23, "the not-responding agent's alert ended 'endpointDnd', the retired spelling of dndEndpoint")
def _(c):
    p = participant(c, "agent", 0)
    sess = session(c, p)
    assert any(m["name"] == "tNotResponding" for m in sess["metrics"])
    i = segment_index(sess, "alert")
    sess["segments"][i]["disconnectType"] = "endpointDnd"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ113", 9, "a call moved back to 2023-03 whose not-responding agent's alert ended 'dndEndpoint' (appeared 2023-10)")
def _(c):
    shift_all(c, ms("2023-03-02T00:00:00.000Z") - ms("2026-03-02T00:00:00.000Z"))
    p = participant(c, "agent", 0)
    sess = session(c, p)
    assert any(m["name"] == "tNotResponding" for m in sess["metrics"])
    i = segment_index(sess, "alert")
    sess["segments"][i]["disconnectType"] = "dndEndpoint"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ114", 13, "a call moved back to 2023-03 whose customer was parked for 20 s (parked appeared 2023-11)")
def _(c):
    shift_all(c, ms("2023-03-02T00:00:00.000Z") - ms("2026-03-02T00:00:00.000Z"))
    p = participant(c, "customer")
    segments = session(c, p)["segments"]
    i = segment_index(session(c, p), "interact")
    talk = segments[i]
    start, end = ms(talk["segmentStart"]), ms(talk["segmentEnd"])
    assert end - start > 60000
    park_start, park_end = start + (end - start) // 2, start + (end - start) // 2 + 20000
    before = {k: v for k, v in talk.items() if k != "disconnectType"}
    before["segmentEnd"] = ts(park_start)
    parked = dict(before, segmentStart=ts(park_start), segmentEnd=ts(park_end), segmentType="parked")
    after = dict(talk, segmentStart=ts(park_end))
    segments[i:i + 1] = [before, parked, after]
    return [seg_ptr(p, 0, i + 1, "segmentType")], []


@fault("GDQ115", 6, "a web-messaging conversation moved back to 2017-03 (mediaType message appeared 2017-11)")
def _(c):
    shift_all(c, ms("2017-03-02T00:00:00.000Z") - ms("2026-03-02T00:00:00.000Z"))
    pointers = []
    for p, part in enumerate(c["participants"]):
        for s, sess in enumerate(part["sessions"]):
            assert sess["mediaType"] == "message"
            pointers.append(ptr(p, s, field="mediaType"))
    return pointers, []


@fault("GDQ116", 6, "the queue visit's usedRouting 'Skills', not a routing method")
def _(c):
    p = participant(c, "acd")
    assert session(c, p)["usedRouting"] == "Standard"
    session(c, p)["usedRouting"] = "Skills"
    return [ptr(p, 0, field="usedRouting")], []


@fault("GDQ117", 9, "the second agent repeats the first agent's participantId")
def _(c):
    first, second = participant(c, "agent", 0), participant(c, "agent", 1)
    c["participants"][second]["participantId"] = c["participants"][first]["participantId"]
    return [ptr(second, field="participantId")], []


@fault("GDQ118", 16, "the agent's outbound voice session repeats the sessionId of its callback session")
def _(c):
    p = participant(c, "agent")
    sessions = c["participants"][p]["sessions"]
    assert len(sessions) == 2
    sessions[1]["sessionId"] = sessions[0]["sessionId"]
    return [ptr(p, 1, field="sessionId")], []


@fault("GDQ119", 7, "the agent participant has lost its userId")
def _(c):
    p = participant(c, "agent")
    del c["participants"][p]["userId"]
    return [ptr(p)], []


@fault("GDQ120", 2, "the customer's requestedRoutings holds 'standard', lower-cased by a pipeline")
def _(c):
    p = participant(c, "customer")
    assert session(c, p)["requestedRoutings"] == ["Standard"]
    session(c, p)["requestedRoutings"] = ["standard"]
    return [ptr(p, 0, field="requestedRoutings")], []


# --- outcomes --------------------------------------------------------------------------------

@fault("GDQ201", 19, "an abandoned queue visit whose acd leg was ended by a 'client' disconnect")
def _(c):
    p = participant(c, "acd")
    sess = session(c, p)
    assert any(m["name"] == "tAbandon" for m in sess["metrics"])
    i = segment_index(sess, "interact")
    sess["segments"][i]["disconnectType"] = "client"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ202", 7, "an answered queue visit that also carries tAbandon")
def _(c):
    p = participant(c, "acd")
    sess = session(c, p)
    tacd = metric(sess, "tAcd")
    sess["metrics"].append({"name": "tAbandon", "value": tacd["value"], "emitDate": tacd["emitDate"]})
    return [met_ptr(p, 0, len(sess["metrics"]) - 1, "name")], []


@fault("GDQ203", 7, "a queue visit counted abandoned though its agent talked to the caller (tAbandon added, the agent's tAnswered gone)")
def _(c):
    p = participant(c, "acd")
    sess = session(c, p)
    tacd = metric(sess, "tAcd")
    sess["metrics"].append({"name": "tAbandon", "value": tacd["value"], "emitDate": tacd["emitDate"]})
    agent = session(c, participant(c, "agent"))
    del agent["metrics"][metric_index(agent, "tAnswered")]
    return [met_ptr(p, 0, len(sess["metrics"]) - 1, "name")], []


@fault("GDQ204", 23, "the not-responding agent's tNotResponding replaced by tAnswered (equal to the queue's tAcd), though it never reached interact")
def _(c):
    p = participant(c, "agent", 0)
    sess = session(c, p)
    i = metric_index(sess, "tNotResponding")
    vp, vs = visit_of(c, p)
    tacd = metric(session(c, vp, vs), "tAcd")["value"]
    sess["metrics"][i]["name"] = "tAnswered"
    sess["metrics"][i]["value"] = tacd
    # An answer without handle time: answered-without-handle sees it too.
    return [met_ptr(p, 0, i, "name")], [("GDQ219", met_ptr(p, 0, i, "name"))]


@fault("GDQ205", 7, "a call answered by an agent with no queue anywhere: the acd participant is gone and the agent's segments carry no queueId")
def _(c):
    acd = participant(c, "acd")
    del c["participants"][acd]
    p = participant(c, "agent")
    for g in session(c, p)["segments"]:
        g.pop("queueId", None)
    return [met_ptr(p, 0, metric_index(session(c, p), "tAnswered"), "name")], []


@fault("GDQ206", 10, "the agent's tAnswered 5 s longer than the queue visit's tAcd")
def _(c):
    p = participant(c, "agent")
    sess = session(c, p)
    i = metric_index(sess, "tAnswered")
    sess["metrics"][i]["value"] += 5000
    return [met_ptr(p, 0, i, "value")], []


@fault("GDQ207", 13, "an agent who answered and talked also carries tNotResponding (equal to its tAlert)")
def _(c):
    p = participant(c, "agent")
    sess = session(c, p)
    i = metric_index(sess, "tAlert")
    talert = sess["metrics"][i]
    sess["metrics"].insert(i + 1, {"name": "tNotResponding", "value": talert["value"], "emitDate": talert["emitDate"]})
    return [met_ptr(p, 0, i + 1, "name")], []


@fault("GDQ208", 9, "the not-responding agent's alert segment written as a wrap-up by a mapping step")
def _(c):
    p = participant(c, "agent", 0)
    sess = session(c, p)
    assert [g["segmentType"] for g in sess["segments"]] == ["alert"]
    sess["segments"][0]["segmentType"] = "wrapup"
    return [met_ptr(p, 0, metric_index(sess, "tNotResponding"), "name")], []


@fault("GDQ209", 9, "the not-responding agent's tNotResponding 3 s longer than its tAlert")
def _(c):
    p = participant(c, "agent", 0)
    sess = session(c, p)
    i = metric_index(sess, "tNotResponding")
    sess["metrics"][i]["value"] += 3000
    return [met_ptr(p, 0, i, "value")], []


@fault("GDQ210", 19, "the abandoned visit's tAbandon renamed tShortAbandon: a short abandon without the abandon")
def _(c):
    p = participant(c, "acd")
    sess = session(c, p)
    i = metric_index(sess, "tAbandon")
    sess["metrics"][i]["name"] = "tShortAbandon"
    return [met_ptr(p, 0, i, "name")], []


@fault("GDQ211", 27, "the abandoned visit gains a tShortAbandon 1 s longer than its tAbandon")
def _(c):
    p = participant(c, "acd")
    sess = session(c, p)
    tab = metric(sess, "tAbandon")
    sess["metrics"].append({"name": "tShortAbandon", "value": tab["value"] + 1000, "emitDate": tab["emitDate"]})
    return [met_ptr(p, 0, len(sess["metrics"]) - 1, "value")], []


@fault("GDQ212", 4, "the abandoned queue visit's session typed 'message' (with no messageType anywhere)")
def _(c):
    p = participant(c, "acd")
    sess = session(c, p)
    sess["mediaType"] = "message"
    return [met_ptr(p, 0, metric_index(sess, "tAbandon"), "name")], []


@fault("GDQ213", 19, "an abandoned queue visit whose acd leg ended with 'transfer'")
def _(c):
    p = participant(c, "acd")
    sess = session(c, p)
    i = segment_index(sess, "interact")
    sess["segments"][i]["disconnectType"] = "transfer"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ214", 27, "an abandoned queue visit that lost its tAbandon: offered, ended, no outcome")
def _(c):
    p = participant(c, "acd")
    sess = session(c, p)
    del sess["metrics"][metric_index(sess, "tAbandon")]
    return [met_ptr(p, 0, metric_index(sess, "nOffered"), "name")], []


@fault("GDQ215", 27, "an abandoned queue visit whose acd leg ended with 'system'")
def _(c):
    p = participant(c, "acd")
    sess = session(c, p)
    i = segment_index(sess, "interact")
    sess["segments"][i]["disconnectType"] = "system"
    return [seg_ptr(p, 0, i, "disconnectType")], []


# --- disconnects -----------------------------------------------------------------------------

@fault("GDQ301", 25, "the chat customer's leg ended 'spam'")
def _(c):
    p = participant(c, "customer")
    i = segment_index(session(c, p), "interact")
    session(c, p)["segments"][i]["disconnectType"] = "spam"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ302", 1, "the chat customer's leg ended 'transportFailure'")
def _(c):
    p = participant(c, "customer")
    i = segment_index(session(c, p), "interact")
    session(c, p)["segments"][i]["disconnectType"] = "transportFailure"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ303", 5, "the chat customer's leg ended 'inactivity', a messaging reason")
def _(c):
    p = participant(c, "customer")
    i = segment_index(session(c, p), "interact")
    assert session(c, p)["segments"][i]["disconnectType"] == "timeout"
    session(c, p)["segments"][i]["disconnectType"] = "inactivity"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ304", 15, "the email agent's interact (and its wrap-up) ended 'consultTransfer'")
def _(c):
    p = participant(c, "agent")
    segments = session(c, p)["segments"]
    i, w = segment_index(session(c, p), "interact"), segment_index(session(c, p), "wrapup")
    segments[i]["disconnectType"] = segments[w]["disconnectType"] = "consultTransfer"
    # A consult transfer is counted as one on the session.
    emitted = segments[i]["segmentEnd"]
    session(c, p)["metrics"] += [{"name": "nConsult", "value": 1, "emitDate": emitted},
                                 {"name": "nConsultTransferred", "value": 1, "emitDate": emitted},
                                 {"name": "nTransferred", "value": 1, "emitDate": emitted}]
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ305", 25, "the chat agent's interact (and its wrap-up) ended 'dndTransfer'")
def _(c):
    p = participant(c, "agent")
    segments = session(c, p)["segments"]
    i, w = segment_index(session(c, p), "interact"), segment_index(session(c, p), "wrapup")
    segments[i]["disconnectType"] = segments[w]["disconnectType"] = "dndTransfer"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ306", 6, "the messaging agent (auto-answered, no alert) ended 'noAnswerTransfer', repeated on its wrap-up")
def _(c):
    p = participant(c, "agent")
    segments = session(c, p)["segments"]
    assert not any(g["segmentType"] == "alert" for g in segments)
    i, w = segment_index(session(c, p), "interact"), segment_index(session(c, p), "wrapup")
    segments[i]["disconnectType"] = segments[w]["disconnectType"] = "noAnswerTransfer"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ307", 8, "the voice customer's leg ended 'transfer'")
def _(c):
    p = participant(c, "customer")
    i = segment_index(session(c, p), "interact")
    session(c, p)["segments"][i]["disconnectType"] = "transfer"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ308", 24, "the transferring agent's interact (and its wrap-up) ended 'conferenceTransfer', every segment conference false")
def _(c):
    p = participant(c, "agent", 0)
    segments = session(c, p)["segments"]
    i, w = segment_index(session(c, p), "interact"), segment_index(session(c, p), "wrapup")
    assert segments[i]["disconnectType"] == "transfer"
    segments[i]["disconnectType"] = segments[w]["disconnectType"] = "conferenceTransfer"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ309", 7, "the inbound voice customer's leg ended 'timeout'")
def _(c):
    p = participant(c, "customer")
    i = segment_index(session(c, p), "interact")
    session(c, p)["segments"][i]["disconnectType"] = "timeout"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ310", 16, "the callback's outbound voice leg to the customer ended 'uncallable', no campaign in sight")
def _(c):
    p = participant(c, "customer")
    sess = c["participants"][p]["sessions"][1]
    assert sess["mediaType"] == "voice"
    i = segment_index(sess, "interact")
    sess["segments"][i]["disconnectType"] = "uncallable"
    return [seg_ptr(p, 1, i, "disconnectType")], []


@fault("GDQ311", 11, "the voice customer's leg ended 'client'")
def _(c):
    p = participant(c, "customer")
    i = segment_index(session(c, p), "interact")
    session(c, p)["segments"][i]["disconnectType"] = "client"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ312", 13, "the agent's alert carries disconnectType 'client' although the interact follows")
def _(c):
    p = participant(c, "agent")
    i = segment_index(session(c, p), "alert")
    session(c, p)["segments"][i]["disconnectType"] = "client"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ313", 10, "the agent's wrap-up says 'peer' while its interact ended 'client'")
def _(c):
    p = participant(c, "agent")
    w = segment_index(session(c, p), "wrapup")
    assert session(c, p)["segments"][w]["disconnectType"] == "client"
    session(c, p)["segments"][w]["disconnectType"] = "peer"
    return [seg_ptr(p, 0, w, "disconnectType")], []


# --- timing ----------------------------------------------------------------------------------

@fault("GDQ401", 11, "the customer's system segment has segmentStart and segmentEnd swapped")
def _(c):
    p = participant(c, "customer")
    g = session(c, p)["segments"][0]
    g["segmentStart"], g["segmentEnd"] = g["segmentEnd"], g["segmentStart"]
    return [seg_ptr(p, 0, 0, "segmentEnd")], []


@fault("GDQ402", 14, "conversationEnd dated the day before (same time of day), so before conversationStart")
def _(c):
    c["conversationEnd"] = shifted(c["conversationEnd"], -86400000)
    return ["/conversationEnd"], []


@fault("GDQ403", 13, "the agent's wrap-up lost its segmentEnd in an ended conversation")
def _(c):
    p = participant(c, "agent")
    w = segment_index(session(c, p), "wrapup")
    del session(c, p)["segments"][w]["segmentEnd"]
    return [seg_ptr(p, 0, w)], []


@fault("GDQ404", 14, "the customer's first segment starts 5 s before conversationStart")
def _(c):
    p = participant(c, "customer")
    g = session(c, p)["segments"][0]
    g["segmentStart"] = shifted(g["segmentStart"], -5000)
    return [seg_ptr(p, 0, 0, "segmentStart")], []


@fault("GDQ405", 4, "the customer's last segment (which closed the abandoned call) ends 10 s after conversationEnd")
def _(c):
    p = participant(c, "customer")
    segments = session(c, p)["segments"]
    assert ms(c["conversationEnd"]) - ms(segments[-1]["segmentEnd"]) < 1000
    segments[-1]["segmentEnd"] = shifted(segments[-1]["segmentEnd"], 10000)
    # The latest segmentEnd is now 10 s past conversationEnd, which is what GDQ406 compares.
    return [seg_ptr(p, 0, len(segments) - 1, "segmentEnd")], [("GDQ406", "/conversationEnd")]


@fault("GDQ406", 21, "conversationEnd 10 s later than the last segment")
def _(c):
    c["conversationEnd"] = shifted(c["conversationEnd"], 10000)
    return ["/conversationEnd"], []


@fault("GDQ407", 21, "the customer's nConnected emitDate five hours before conversationStart (time-zone slip)")
def _(c):
    p = participant(c, "customer")
    sess = session(c, p)
    i = metric_index(sess, "nConnected")
    sess["metrics"][i]["emitDate"] = shifted(sess["metrics"][i]["emitDate"], -5 * 3600000)
    return [met_ptr(p, 0, i, "emitDate")], []


@fault("GDQ408", 22, "the agent's tHandle emitDate one hour after conversationEnd (time-zone slip)")
def _(c):
    p = participant(c, "agent")
    sess = session(c, p)
    i = metric_index(sess, "tHandle")
    sess["metrics"][i]["emitDate"] = shifted(sess["metrics"][i]["emitDate"], 3600000)
    return [met_ptr(p, 0, i, "emitDate")], []


@fault("GDQ409", 26, "the customer's tConnected negative")
def _(c):
    p = participant(c, "customer")
    sess = session(c, p)
    i = metric_index(sess, "tConnected")
    sess["metrics"][i]["value"] = -sess["metrics"][i]["value"]
    return [met_ptr(p, 0, i, "value")], []


@fault("GDQ410", 29, "the customer's interact starts 3 s after its system segment ended")
def _(c):
    p = participant(c, "customer")
    segments = session(c, p)["segments"]
    assert [g["segmentType"] for g in segments] == ["system", "interact"]
    segments[1]["segmentStart"] = shifted(segments[1]["segmentStart"], 3000)
    return [seg_ptr(p, 0, 1, "segmentStart")], []


@fault("GDQ411", 28, "the customer's second interact starts 3 s before the first one ends")
def _(c):
    p = participant(c, "customer")
    segments = session(c, p)["segments"]
    assert [g["segmentType"] for g in segments] == ["system", "interact", "interact"]
    segments[2]["segmentStart"] = shifted(segments[1]["segmentEnd"], -3000)
    return [seg_ptr(p, 0, 2, "segmentStart")], []


@fault("GDQ412", 22, "the agent's tAlert 2 s longer than its alert segment")
def _(c):
    p = participant(c, "agent")
    sess = session(c, p)
    i = metric_index(sess, "tAlert")
    sess["metrics"][i]["value"] += 2000
    return [met_ptr(p, 0, i, "value")], []


# --- export ----------------------------------------------------------------------------------

@fault("GDQ502", 0, "exported during after-call work: the agent's wrap-up still open, so no tAcw, tHandle or conversationEnd yet")
def _(c):
    p = participant(c, "agent")
    sess = session(c, p)
    del sess["segments"][segment_index(sess, "wrapup")]["segmentEnd"]
    sess["metrics"] = [m for m in sess["metrics"] if m["name"] not in ("tAcw", "tHandle")]
    del c["conversationEnd"]
    return [""], []


@fault("GDQ509", 0, "conversationEnd removed although every segment has ended")
def _(c):
    del c["conversationEnd"]
    return [""], []


@fault("GDQ503", 29, "the customer's interact recorded as many back-to-back interact segments: 250 segments in all")
def _(c):
    p = participant(c, "customer")
    segments = session(c, p)["segments"]
    i = segment_index(session(c, p), "interact")
    total = sum(len(s["segments"]) for part in c["participants"] for s in part["sessions"])
    pieces = 250 - (total - 1)
    talk = segments[i]
    start, end = ms(talk["segmentStart"]), ms(talk["segmentEnd"])
    bounds = [start + (end - start) * k // pieces for k in range(pieces + 1)]
    split = []
    for k in range(pieces):
        piece = dict(talk, segmentStart=ts(bounds[k]), segmentEnd=ts(bounds[k + 1]))
        if k < pieces - 1:
            piece.pop("disconnectType", None)
        split.append(piece)
    segments[i:i + 1] = split
    assert sum(len(s["segments"]) for part in c["participants"] for s in part["sessions"]) == 250
    return ["/participants"], []


@fault("GDQ504", 3, "the customer carries participant data (as in details-job results) whose case notes were cut at 1024 characters")
def _(c):
    p = participant(c, "customer")
    notes = ("Caller reports intermittent loss of service on the home router after the firmware update; "
             "advised a power cycle and a factory reset, escalated when neither helped. ")
    c["participants"][p]["attributes"] = {
        "accountNumber": "40017733",
        "caseNotes": (notes * (1024 // len(notes) + 1))[:1024],
    }
    return [ptr(p, field="attributes")], []


# GDQ501 is added last, below: it repeats the conversationId of line 1.

# --- metrics ---------------------------------------------------------------------------------

@fault("GDQ601", 11, "the queue's tAcd copied onto the agent's session")
def _(c):
    p = participant(c, "agent")
    vp, vs = visit_of(c, p)
    tacd = metric(session(c, vp, vs), "tAcd")
    sess = session(c, p)
    sess["metrics"].append(dict(tacd))
    return [met_ptr(p, 0, len(sess["metrics"]) - 1, "name")], []


@fault("GDQ602", 18, "the customer's session carries a tTalk of its interact segment")
def _(c):
    p = participant(c, "customer")
    sess = session(c, p)
    i = segment_index(sess, "interact")
    g = sess["segments"][i]
    sess["metrics"].append({"name": "tTalk", "value": ms(g["segmentEnd"]) - ms(g["segmentStart"]), "emitDate": g["segmentEnd"]})
    return [met_ptr(p, 0, len(sess["metrics"]) - 1, "name")], []


@fault("GDQ603", 22, "the queue visit's nOffered emitted twice")
def _(c):
    p = participant(c, "acd")
    sess = session(c, p)
    i = metric_index(sess, "nOffered")
    sess["metrics"].insert(i + 1, dict(sess["metrics"][i]))
    return [met_ptr(p, 0, i + 1, "name")], []


@fault("GDQ604", 18, "the agent's tHandle 5 s more than talk + hold + after-call work")
def _(c):
    p = participant(c, "agent")
    sess = session(c, p)
    i = metric_index(sess, "tHandle")
    sess["metrics"][i]["value"] += 5000
    return [met_ptr(p, 0, i, "value")], []


@fault("GDQ605", 17, "the agent's second tTalk entry is missing, so tTalkComplete is more than the tTalk entries")
def _(c):
    p = participant(c, "agent")
    sess = session(c, p)
    del sess["metrics"][metric_index(sess, "tTalk", 1)]
    return [met_ptr(p, 0, metric_index(sess, "tTalkComplete"), "value")], []


@fault("GDQ606", 26, "the customer's tConnected misspelt 'tConnection'")
def _(c):
    p = participant(c, "customer")
    sess = session(c, p)
    i = metric_index(sess, "tConnected")
    sess["metrics"][i]["name"] = "tConnection"
    return [met_ptr(p, 0, i, "name")], []


# --- outcomes, disconnects and metrics: the reasons x outcomes pairs -------------------------

@fault("GDQ216", 3, "the agent whose phone was ringing when the caller hung up (alert ended 'peer', visit abandoned) counted as not responding")
def _(c):
    p = participant(c, "agent")
    sess = session(c, p)
    assert sess["segments"][0]["disconnectType"] == "peer"
    alert = metric(sess, "tAlert")
    sess["metrics"].append({"name": "tNotResponding", "value": alert["value"], "emitDate": alert["emitDate"]})
    return [met_ptr(p, 0, len(sess["metrics"]) - 1, "name")], []


@fault("GDQ217", 0, "an answered call whose queue leg ended 'peer' instead of 'transfer'")
def _(c):
    p = participant(c, "acd")
    i = segment_index(session(c, p), "interact")
    assert session(c, p)["segments"][i]["disconnectType"] == "transfer"
    session(c, p)["segments"][i]["disconnectType"] = "peer"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ218", 19, "an abandon recorded as a flow-out: tAbandon renamed tFlowOut, the queue leg still ended by the caller ('peer')")
def _(c):
    p = participant(c, "acd")
    sess = session(c, p)
    metric(sess, "tAbandon")["name"] = "tFlowOut"
    return [seg_ptr(p, 0, segment_index(sess, "interact"), "disconnectType")], []


@fault("GDQ219", 0, "the answering agent's tHandle dropped")
def _(c):
    p = participant(c, "agent")
    sess = session(c, p)
    del sess["metrics"][metric_index(sess, "tHandle")]
    return [met_ptr(p, 0, metric_index(sess, "tAnswered"), "name")], []


@fault("GDQ220", 9, "the not-responding agent's alert ended 'consultTransfer'")
def _(c):
    p = participant(c, "agent", 0)
    sess = session(c, p)
    sess["segments"][segment_index(sess, "alert")]["disconnectType"] = "consultTransfer"
    return [met_ptr(p, 0, metric_index(sess, "tNotResponding"), "name")], []


@fault("GDQ314", 19, "the abandoned visit's queue leg ended 'endpoint', copied from the caller's leg")
def _(c):
    p = participant(c, "acd")
    i = segment_index(session(c, p), "interact")
    session(c, p)["segments"][i]["disconnectType"] = "endpoint"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ315", 0, "the IVR leg ended 'consultTransfer'")
def _(c):
    p = participant(c, "ivr")
    i = segment_index(session(c, p), "ivr")
    session(c, p)["segments"][i]["disconnectType"] = "consultTransfer"
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ607", 28, "the transferring agent's interact and wrap-up ended 'client', though the session counts the blind transfer")
def _(c):
    p = participant(c, "agent", 0)
    sess = session(c, p)
    for segment in sess["segments"]:
        if segment.get("disconnectType") == "transfer":
            segment["disconnectType"] = "client"
    return [met_ptr(p, 0, metric_index(sess, "nTransferred"), "name")], []


@fault("GDQ608", 28, "the transferring agent's nTransferred and nBlindTransferred dropped")
def _(c):
    p = participant(c, "agent", 0)
    sess = session(c, p)
    sess["metrics"] = [m for m in sess["metrics"] if m["name"] not in ("nTransferred", "nBlindTransferred")]
    i = max(j for j, g in enumerate(sess["segments"]) if g["segmentType"] == "interact")
    return [seg_ptr(p, 0, i, "disconnectType")], []


@fault("GDQ609", 27, "the queue's tAbandon moved to the caller's session")
def _(c):
    p, q = participant(c, "customer"), participant(c, "acd")
    acd = session(c, q)
    abandon = acd["metrics"].pop(metric_index(acd, "tAbandon"))
    session(c, p)["metrics"].append(abandon)
    # The visit itself is left with no outcome.
    return [met_ptr(p, 0, len(session(c, p)["metrics"]) - 1, "name")], [("GDQ214", met_ptr(q, 0, metric_index(acd, "nOffered"), "name"))]


# --- structure: records that lost their basic structure -------------------------------------

@fault("GDQ701", 0, "conversationStart dropped")
def _(c):
    del c["conversationStart"]
    return [""], []


@fault("GDQ702", 0, "the agent's interact segment lost its segmentStart")
def _(c):
    p = participant(c, "agent")
    i = segment_index(session(c, p), "interact")
    del session(c, p)["segments"][i]["segmentStart"]
    return [seg_ptr(p, 0, i)], []


@fault("GDQ703", 0, "the agent's wrap-up segment lost its segmentType")
def _(c):
    p = participant(c, "agent")
    i = segment_index(session(c, p), "wrapup")
    del session(c, p)["segments"][i]["segmentType"]
    return [seg_ptr(p, 0, i)], []


@fault("GDQ704", 0, "the participants list emptied")
def _(c):
    c["participants"] = []
    return [""], []


@fault("GDQ705", 0, "the queue participant's purpose dropped")
def _(c):
    p = participant(c, "acd")
    del c["participants"][p]["purpose"]
    return [ptr(p)], []


@fault("GDQ706", 0, "the agent participant's participantId dropped")
def _(c):
    p = participant(c, "agent")
    del c["participants"][p]["participantId"]
    return [ptr(p)], []


@fault("GDQ707", 0, "the IVR participant's sessions dropped")
def _(c):
    p = participant(c, "ivr")
    del c["participants"][p]["sessions"]
    return [ptr(p)], []


@fault("GDQ708", 0, "the caller's session lost its mediaType")
def _(c):
    p = participant(c, "customer")
    del session(c, p)["mediaType"]
    return [ptr(p, 0)], []


@fault("GDQ709", 0, "the queue's session lost its sessionId")
def _(c):
    p = participant(c, "acd")
    del session(c, p)["sessionId"]
    return [ptr(p, 0)], []


@fault("GDQ710", 9, "the not-responding agent's session lost its segments; its metrics stay")
def _(c):
    p = participant(c, "agent", 0)
    session(c, p)["segments"] = []
    return [ptr(p, 0)], []


@fault("GDQ711", 0, "the caller's leg lost its disconnectType (an export step nulled it)")
def _(c):
    p = participant(c, "customer")
    sess = session(c, p)
    assert ms(sess["segments"][-1]["segmentEnd"]) < ms(c["conversationEnd"]) - 1000
    for segment in sess["segments"]:
        segment.pop("disconnectType", None)
    return [ptr(p, 0, field="segments")], []


@fault("GDQ712", 9, "the not-responding agent's alert failed with a connection error and carries no disconnectType")
def _(c):
    p = participant(c, "agent", 0)
    sess = session(c, p)
    i = segment_index(sess, "alert")
    del sess["segments"][i]["disconnectType"]
    sess["segments"][i]["errorCode"] = "error.ininedgecontrol.connection.protocol"
    return [seg_ptr(p, 0, i, "errorCode")], []


# ---------------------------------------------------------------------------------------------

def fresh_id(rule):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "https://genesys-lint.invalid/faults/" + rule))


def main():
    with open(CLEAN, encoding="utf-8") as handle:
        clean = json.load(handle)["conversations"]
    lines, expected = [], []
    for rule, source, description, mutate in sorted(FAULTS_SPEC, key=lambda spec: spec[0]):
        conversation = copy.deepcopy(clean[source])
        original = conversation["conversationId"]
        conversation["conversationId"] = fresh_id(rule)
        pointers, also = mutate(conversation)
        lines.append(conversation)
        entry = {
            "line": len(lines),
            "rule": rule,
            "pointers": pointers,
            "description": description,
            "source": original,
        }
        if also:
            entry["alsoExpected"] = [{"rule": r, "pointer": p} for r, p in also]
        expected.append(entry)

    # GDQ501: a clean conversation that carries the conversationId of line 1 (fetched twice).
    duplicate = copy.deepcopy(clean[29])
    original = duplicate["conversationId"]
    duplicate["conversationId"] = lines[0]["conversationId"]
    lines.append(duplicate)
    expected.append({
        "line": len(lines),
        "rule": "GDQ501",
        "pointers": ["/conversationId"],
        "description": "a clean conversation that repeats the conversationId of line 1",
        "source": original,
    })

    with open(FAULTS, "w", encoding="utf-8", newline="\n") as handle:
        for conversation in lines:
            handle.write(json.dumps(conversation, ensure_ascii=False, separators=(",", ":")) + "\n")
    document = {
        "about": "Written by inject-faults.py; do not edit. One entry per line of faults.ndjson: the rule "
                 "injected there and the pointers (relative to the line's conversation) where it must fire; "
                 "alsoExpected lists findings of other rules the mutation cannot avoid. skipped: rules without a fault, and why.",
        "faults": expected,
        "skipped": SKIPPED,
    }
    with open(EXPECTED, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    print(f"wrote {len(lines)} faulty conversations to {os.path.relpath(FAULTS, ROOT)}, "
          f"{len(SKIPPED)} rules skipped")


if __name__ == "__main__":
    main()
