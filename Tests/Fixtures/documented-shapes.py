#!/usr/bin/env python3
"""Writes documented-shapes.ndjson: valid conversations in shapes Genesys documents but our real
captures lack, for judging the default rules on valid platform output.

The real captures (Tests/Fixtures/real/, ../shared/samples/) show inbound voice, web messaging with
blind transfers, chat, preview-dialer callbacks, ACD-voicemail callbacks, consult and conference
legs and one user-placed outbound call. Genesys documents more: emails that are answered,
transferred, closed and reopened; callbacks added to a call and callbacks created through the API;
in-queue voicemail; outbound campaigns, including attempts the dialer could not connect; internal
calls; bot flows, web-messaging visits with no outcome, open and inactivity-ended messaging; chat
hold without a hold action; abandons, short abandons, flow-outs and not-responding agents. Each
function below builds one such conversation, realistic in every detail, with the same fields,
forms and arithmetic the real captures show:

  * ids are UUIDs (uuid5, so that every run writes the same bytes), timestamps are
    yyyy-MM-ddTHH:mm:ss.mmmZ, keys are written in alphabetical order as the API writes them;
  * the segments of a session follow one another without gap or overlap (a wrap-up may start a
    few hundred milliseconds late, as in the 2024 voice capture);
  * metrics are derived from the segments: tAlert = the alert, tTalk per interact and tHeld per
    hold segment (emitted at its end), tTalkComplete/tHeldComplete their sums, tAcw = the wrap-up,
    tHandle = tTalkComplete + tHeldComplete + tAcw (+ tDialing + tContacting), tAnswered = the
    queue visit's tAcd (emitted at the answer), nOffered at the start of the acd interact, tAcd its
    duration, nConnected at the start of the customer's interact, tConnected its duration;
  * a session's disconnectType sits on the segment where it ended and is repeated on its wrap-up;
  * conversationStart is the first segmentStart, conversationEnd the last segmentEnd (absent while
    a segment is open).

documented-shapes.md describes every line: the shape, the documented behaviour it shows and the
findings the default rules give on it.

Deterministic: same script, same output, byte for byte. Python 3 standard library only.
Run from anywhere: python3 Tests/Fixtures/documented-shapes.py
"""

import json
import os
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
# Timestamps are written and read as the example generators do.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "Examples"))
from analytics_shapes import iso as ts, parse_iso as ms  # noqa: E402
OUTPUT = os.path.join(HERE, "documented-shapes.ndjson")

# ---------------------------------------------------------------------------------------------
# Helpers

SECOND = 1000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE


def uid(*parts):
    """A stable UUID for one object of this fixture (uuid5 of its path)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "https://genesys-lint.invalid/documented-shapes/" + "/".join(parts)))


# The organisation every conversation belongs to: one division, queues, users and flows.
DIVISION = uid("org", "division")
QUEUES = {
    "billing": ("Billing", uid("org", "queue", "billing")),
    "tech": ("Technical Support", uid("org", "queue", "tech")),
    "email": ("Email Support", uid("org", "queue", "email")),
    "escalations": ("Email Escalations", uid("org", "queue", "escalations")),
    "chat": ("Web Chat Support", uid("org", "queue", "chat")),
    "wm-sales": ("Messaging Sales", uid("org", "queue", "wm-sales")),
    "wm-support": ("Messaging Support", uid("org", "queue", "wm-support")),
    "collections": ("Collections Outbound", uid("org", "queue", "collections")),
}
USERS = {
    "grace": ("Grace Whitfield", uid("org", "user", "grace")),
    "tomas": ("Tomas Rivera", uid("org", "user", "tomas")),
    "kenji": ("Kenji Watanabe", uid("org", "user", "kenji")),
    "amara": ("Amara Okafor", uid("org", "user", "amara")),
    "lucia": ("Lucia Ferraro", uid("org", "user", "lucia")),
    "samuel": ("Samuel Adeyemi", uid("org", "user", "samuel")),
}
WRAPUP_RESOLVED = uid("org", "wrapup", "resolved")
WRAPUP_FOLLOW_UP = uid("org", "wrapup", "follow-up")
WRAPUP_SALE = uid("org", "wrapup", "promise-to-pay")
MAIN_NUMBER = "tel:+18005550142"
SUPPORT_EMAIL = "support@example.com"
MESSENGER_DEPLOYMENT = uid("org", "messenger-deployment")


def queue_name(key):
    return QUEUES[key][0]


def queue_id(key):
    return QUEUES[key][1]


def chain(start, parts, **common):
    """Contiguous segments from `start`. parts: (segmentType, durationMs or None for an open
    segment[, extra fields]). common: fields every segment carries (queueId, conference…).
    Returns the segments and the end of the last one."""
    segments, at = [], start
    for part in parts:
        kind, duration = part[0], part[1]
        extra = part[2] if len(part) > 2 else {}
        segment = {"conference": False, "segmentStart": ts(at), "segmentType": kind}
        segment.update(common)
        segment.update(extra)
        if duration is not None:
            segment["segmentEnd"] = ts(at + duration)
            at += duration
        else:
            at = None
        segments.append(segment)
    return segments, at


def seg(kind, start, end, **extra):
    """One segment between two moments (end None: still open)."""
    segment = {"conference": False, "segmentStart": ts(start), "segmentType": kind}
    segment.update(extra)
    if end is not None:
        segment["segmentEnd"] = ts(end)
    return segment


def metric(name, value, at):
    return {"emitDate": ts(at), "name": name, "value": value}


def ordered(metrics):
    """Metrics in the order real exports list them: by emitDate, then by name."""
    return sorted(metrics, key=lambda m: (m["emitDate"], m["name"]))


def bounds(segment):
    start = ms(segment["segmentStart"])
    end = ms(segment["segmentEnd"]) if "segmentEnd" in segment else None
    return start, end


def work_metrics(segments, answered=None, not_responding=False, extra=()):
    """The metrics of an agent or user session, derived from its segments as real exports show
    them: tAlert (and tNotResponding) at the alert's end, tAnswered at the answer, tContacting and
    tDialing at their ends, one tTalk per interact and one tHeld per hold at its end,
    tTalkComplete and tHeldComplete when the connected part ended, tAcw at the wrap-up's end and
    tHandle when the session's work ended. A session with an open segment has no complete
    metrics yet (they are emitted later)."""
    out = list(extra)
    talk = held = acw = dialing = contacting = 0
    connected_end = None
    answered_at = None
    closed = all("segmentEnd" in s for s in segments)
    for segment in segments:
        start, end = bounds(segment)
        kind = segment["segmentType"]
        if kind == "interact" and answered_at is None:
            answered_at = start
        if end is None:
            continue
        duration = end - start
        if kind == "alert":
            out.append(metric("tAlert", duration, end))
            if not_responding:
                out.append(metric("tNotResponding", duration, end))
        elif kind == "contacting":
            contacting += duration
            out.append(metric("tContacting", duration, end))
        elif kind == "dialing":
            dialing += duration
            out.append(metric("tDialing", duration, end))
        elif kind == "interact":
            talk += duration
            connected_end = end
            out.append(metric("tTalk", duration, end))
        elif kind == "hold":
            held += duration
            connected_end = end
            out.append(metric("tHeld", duration, end))
        elif kind == "wrapup":
            acw += duration
    if answered is not None:
        out.append(metric("tAnswered", answered, answered_at))
    if closed:
        has_hold = any(s["segmentType"] == "hold" for s in segments)
        has_talk = any(s["segmentType"] == "interact" for s in segments)
        if has_talk:
            out.append(metric("tTalkComplete", talk, connected_end))
        if has_hold:
            out.append(metric("tHeldComplete", held, connected_end))
        wrapups = [s for s in segments if s["segmentType"] == "wrapup"]
        last_end = max(bounds(s)[1] for s in segments)
        if wrapups:
            out.append(metric("tAcw", acw, bounds(wrapups[-1])[1]))
        if has_talk or wrapups:
            out.append(metric("tHandle", talk + held + acw + dialing + contacting, last_end))
    return ordered(out)


def connected_metrics(segments):
    """A customer's or external party's nConnected (at the start of its first interact) and
    tConnected (the time connected, emitted at the end)."""
    interacts = [s for s in segments if s["segmentType"] == "interact"]
    if not interacts:
        return []
    first = bounds(interacts[0])[0]
    out = [metric("nConnected", 1, first)]
    if all("segmentEnd" in s for s in interacts):
        out.append(metric("tConnected", sum(bounds(s)[1] - bounds(s)[0] for s in interacts),
                          bounds(interacts[-1])[1]))
    return out


def queue_metrics(segments, *outcomes):
    """A queue visit's nOffered (at the start of its interact) and tAcd (its duration), with
    outcome metrics named in `outcomes` (tAbandon, tShortAbandon, tFlowOut) equal to tAcd."""
    interact = next(s for s in segments if s["segmentType"] == "interact")
    start, end = bounds(interact)
    out = [metric("nOffered", 1, start)]
    if end is not None:
        out.append(metric("tAcd", end - start, end))
        out.extend(metric(name, end - start, end) for name in outcomes)
    return ordered(out)


def flow_metrics(segments, kind):
    """nFlow, tFlow and tFlowExit of a flow participant (and tIvr for an IVR), as real exports
    show them: nFlow soon after the flow starts, the others when it exits."""
    main = next(s for s in segments if s["segmentType"] in ("ivr", "interact"))
    start, end = bounds(main)
    first = bounds(segments[0])[0]
    if kind == "ivr":
        out = [metric("nFlow", 1, first + 211)]
        if end is not None:
            out += [metric("tIvr", end - start, end), metric("tFlow", end - start - 184, end + 2),
                    metric("tFlowExit", end - start - 184, end + 2)]
    else:
        out = [metric("nFlow", 1, start)]
        if end is not None:
            out += [metric("tFlow", end - start, end), metric("tFlowExit", end - start, end)]
    return ordered(out)


def session(key, media, direction, segments, metrics=(), **fields):
    value = {"direction": direction, "mediaType": media, "segments": segments, "sessionId": uid(key, "session")}
    value.update(fields)
    if metrics:
        value["metrics"] = list(metrics)
    return value


def participant(key, purpose, sessions, name=None, user=None, **fields):
    value = {"participantId": uid(key, "participant"), "purpose": purpose, "sessions": sessions}
    if name is not None:
        value["participantName"] = name
    if user is not None:
        value["participantName"] = USERS[user][0]
        value["userId"] = USERS[user][1]
    value.update(fields)
    return value


def conversation(key, direction, participants, initiator=None, ended=True, **fields):
    """The conversation around its participants: start at the first segment, end at the last
    (when every segment has ended)."""
    segments = [g for p in participants for s in p["sessions"] for g in s["segments"]]
    value = {
        "conversationId": uid("conversation", key),
        "conversationStart": ts(min(bounds(g)[0] for g in segments)),
        "divisionIds": [DIVISION],
        "originatingDirection": direction,
        "participants": participants,
    }
    if ended:
        assert all("segmentEnd" in g for g in segments), key
        value["conversationEnd"] = ts(max(bounds(g)[1] for g in segments))
    if initiator is not None:
        # The schema documents conversationInitiator for message conversations only, and only
        # the real messaging capture carries it.
        value["conversationInitiator"] = initiator
    value.update(fields)
    return value


def voice_fields(key, ani, dnis, **more):
    value = {"ani": ani, "dnis": dnis, "edgeId": uid("org", "edge", key.split("/")[0]), "protocolCallId": uid(key, "call"),
             "provider": "Edge", "sessionDnis": dnis}
    value.update(more)
    return value


def ivr_participant(key, caller, caller_session, system_start, ivr_start, ivr_end, target, ani,
                    transfer_type="ACD", flow_name="Main Menu IVR"):
    """The inbound call flow: a short system segment, then the ivr segment that transfers."""
    segments = [seg("system", system_start, ivr_start), seg("ivr", ivr_start, ivr_end, disconnectType="transfer")]
    return participant(key + "/ivr", "ivr", [session(
        key + "/ivr", "voice", "inbound", segments, flow_metrics(segments, "ivr"),
        peerId=caller_session, remote=caller, remoteNameDisplayable="Internal",
        flow={"endingLanguage": "en-us", "entryReason": MAIN_NUMBER, "entryType": "dnis", "exitReason": "TRANSFER",
              "flowId": uid("org", "flow", flow_name), "flowName": flow_name, "flowType": "INBOUNDCALL",
              "flowVersion": "31.0", "startingLanguage": "en-us", "transferTargetAddress": queue_id(target),
              "transferTargetName": queue_name(target), "transferType": transfer_type},
        **voice_fields(key + "/ivr", ani, MAIN_NUMBER))], name=flow_name)


def inqueue_flow(name="Default In-Queue Flow", **exit_fields):
    value = {"flowId": uid("org", "flow", name), "flowName": name, "flowType": "INQUEUECALL", "flowVersion": "9.0",
             "startingLanguage": "en-us"}
    value.update(exit_fields)
    return value


def callback_fields(number, name, **more):
    value = {"callbackNumbers": [number], "callbackUserName": name, "provider": "PureCloud Callback",
             "skipEnabled": True, "timeoutSeconds": 0}
    value.update(more)
    return value


def email_fields(customer_address, outbound=False, **more):
    if outbound:
        value = {"addressFrom": SUPPORT_EMAIL, "addressTo": customer_address}
    else:
        value = {"addressFrom": customer_address, "addressTo": SUPPORT_EMAIL}
    value["provider"] = "PureCloud Email"
    value.update(more)
    return value


def message_fields(customer_key, **more):
    value = {"addressFrom": uid(customer_key, "messenger-guest"), "addressTo": MESSENGER_DEPLOYMENT,
             "messageType": "webmessaging", "provider": "PureCloud Messaging"}
    value.update(more)
    return value


def routed(agent_user, requested=("Standard",), used="Standard"):
    return {"requestedRoutings": list(requested), "selectedAgentId": USERS[agent_user][1], "usedRouting": used}


SHAPES = []


def shape(key):
    def register(function):
        SHAPES.append((key, function))
        return function
    return register


# ---------------------------------------------------------------------------------------------
# Email

@shape("email-answered")
def email_answered(key):
    # An ACD email answered in the usual way: inbound email flow (workflow) -> queue -> agent who
    # replies and disconnects (client); the customer's leg ends when the reply is sent (peer).
    t0 = ms("2025-03-11T09:14:02.118Z")
    address, name = "maria.santos@example.net", "Maria Santos"
    flow_segments = [seg("interact", t0 + 5, t0 + 412, disconnectType="transfer")]
    queue_segments = [seg("interact", t0 + 440, t0 + 41 * MINUTE + 17_906, disconnectType="transfer",
                          queueId=queue_id("email"))]
    answer = bounds(queue_segments[0])[1]
    agent_segments, _ = chain(answer - 9_412, [
        ("alert", 9_412), ("interact", 6 * MINUTE + 12_530, {"disconnectType": "client"}),
        ("wrapup", 1 * MINUTE + 48_211, {"disconnectType": "client", "wrapUpCode": WRAPUP_RESOLVED})],
        queueId=queue_id("email"))
    reply_sent = bounds(agent_segments[1])[1]
    customer_segments = [seg("interact", t0, reply_sent + 1, disconnectType="peer", queueId=queue_id("email"),
                             subject="Invoice 20250311 charged twice")]
    customer = session(key + "/customer", "email", "inbound", customer_segments, connected_metrics(customer_segments),
                       **email_fields(address, **routed("kenji")))
    return conversation(key, "inbound", [
        participant(key + "/customer", "customer", [customer], name=name),
        participant(key + "/flow", "workflow", [session(
            key + "/flow", "email", "inbound", flow_segments, flow_metrics(flow_segments, "workflow"),
            peerId=customer["sessionId"], remote=name,
            flow={"endingLanguage": "en-us", "entryReason": SUPPORT_EMAIL, "entryType": "direct", "exitReason": "TRANSFER",
                  "flowId": uid("org", "flow", "Support Email"), "flowName": "Support Email", "flowType": "INBOUNDEMAIL",
                  "flowVersion": "12.0", "startingLanguage": "en-us", "transferTargetAddress": queue_id("email"),
                  "transferTargetName": queue_name("email"), "transferType": "ACD"},
            **email_fields(address))], name="Support Email"),
        participant(key + "/acd", "acd", [session(
            key + "/acd", "email", "inbound", queue_segments, queue_metrics(queue_segments),
            flowInType="workflow", peerId=customer["sessionId"], remote=name, remoteNameDisplayable=queue_name("email"),
            **email_fields(address, **routed("kenji")))], name=queue_name("email")),
        participant(key + "/agent", "agent", [session(
            key + "/agent", "email", "inbound", agent_segments,
            work_metrics(agent_segments, answered=bounds(queue_segments[0])[1] - bounds(queue_segments[0])[0]),
            peerId=customer["sessionId"], remote=name, **email_fields(address, **routed("kenji")))], user="kenji"),
    ])


def email_flow_participant(key, t_start, t_end, address, name, customer_session):
    flow_segments = [seg("interact", t_start, t_end, disconnectType="transfer")]
    return participant(key, "workflow", [session(
        key, "email", "inbound", flow_segments, flow_metrics(flow_segments, "workflow"),
        peerId=customer_session, remote=name,
        flow={"endingLanguage": "en-us", "entryReason": SUPPORT_EMAIL, "entryType": "direct", "exitReason": "TRANSFER",
              "flowId": uid("org", "flow", "Support Email"), "flowName": "Support Email", "flowType": "INBOUNDEMAIL",
              "flowVersion": "12.0", "startingLanguage": "en-us", "transferTargetAddress": queue_id("email"),
              "transferTargetName": queue_name("email"), "transferType": "ACD"},
        **email_fields(address))], name="Support Email")


@shape("email-transferred-between-queues")
def email_transferred(key):
    # An email answered in one queue and blind-transferred by the agent to another queue, where a
    # second agent answers (a new Answered for the second queue) and replies.
    t0 = ms("2025-05-20T13:40:51.604Z")
    address, name = "r.lindqvist@example.org", "Rolf Lindqvist"
    customer_id = uid(key + "/customer", "session")
    q1 = [seg("interact", t0 + 431, t0 + 18 * MINUTE + 2_245, disconnectType="transfer", queueId=queue_id("email"))]
    a1, _ = chain(bounds(q1[0])[1] - 6_120, [
        ("alert", 6_120), ("interact", 3 * MINUTE + 4_377, {"disconnectType": "transfer"}),
        ("wrapup", 21_906, {"disconnectType": "transfer"})], queueId=queue_id("email"))
    transferred = bounds(a1[1])[1]
    q2 = [seg("interact", transferred + 31, transferred + 52 * MINUTE + 40_118, disconnectType="transfer",
              queueId=queue_id("escalations"))]
    a2, _ = chain(bounds(q2[0])[1] - 12_044, [
        ("alert", 12_044), ("interact", 11 * MINUTE + 37_092, {"disconnectType": "client"}),
        ("wrapup", 2 * MINUTE + 5_560, {"disconnectType": "client", "wrapUpCode": WRAPUP_RESOLVED})],
        queueId=queue_id("escalations"))
    customer_segments = [seg("interact", t0, bounds(a2[1])[1] + 1, disconnectType="peer", queueId=queue_id("email"),
                             subject="Contract termination notice")]
    transfer_moment = bounds(a1[1])[1]
    return conversation(key, "inbound", [
        participant(key + "/customer", "customer", [session(
            key + "/customer", "email", "inbound", customer_segments, connected_metrics(customer_segments),
            **email_fields(address, **routed("amara")))], name=name),
        email_flow_participant(key + "/flow", t0 + 6, t0 + 398, address, name, customer_id),
        participant(key + "/acd1", "acd", [session(
            key + "/acd1", "email", "inbound", q1, queue_metrics(q1), flowInType="workflow", peerId=customer_id,
            remote=name, remoteNameDisplayable=queue_name("email"),
            **email_fields(address, **routed("lucia")))], name=queue_name("email")),
        participant(key + "/agent1", "agent", [session(
            key + "/agent1", "email", "inbound", a1,
            work_metrics(a1, answered=bounds(q1[0])[1] - bounds(q1[0])[0],
                         extra=[metric("nBlindTransferred", 1, transfer_moment), metric("nTransferred", 1, transfer_moment)]),
            peerId=customer_id, remote=name, **email_fields(address, **routed("lucia")))], user="lucia"),
        participant(key + "/acd2", "acd", [session(
            key + "/acd2", "email", "inbound", q2, queue_metrics(q2), flowInType="agent", peerId=customer_id,
            remote=name, remoteNameDisplayable=queue_name("escalations"),
            **email_fields(address, **routed("amara")))], name=queue_name("escalations")),
        participant(key + "/agent2", "agent", [session(
            key + "/agent2", "email", "inbound", a2, work_metrics(a2, answered=bounds(q2[0])[1] - bounds(q2[0])[0]),
            peerId=customer_id, remote=name, **email_fields(address, **routed("amara")))], user="amara"),
    ])


@shape("email-closed-and-reopened")
def email_reopened(key):
    # A closed email reconnected and replied to by its agent the next day (a new segment in which
    # the participant appears as a user; the reply counts as outbound), then a customer reply
    # threaded into the same conversation five days later and answered again through the queue
    # (last-agent routing). conversationEnd is the last activity; outbound sessions sit in an
    # inbound conversation.
    t0 = ms("2025-06-03T14:02:45.301Z")
    address, name = "h.nakamura@example.com", "Hiro Nakamura"
    cust_key = key + "/customer"
    # Day 1: answered through the queue.
    q1 = [seg("interact", t0 + 452, t0 + 27 * MINUTE + 51_380, disconnectType="transfer", queueId=queue_id("email"))]
    a1, _ = chain(bounds(q1[0])[1] - 7_733, [
        ("alert", 7_733), ("interact", 4 * MINUTE + 50_102, {"disconnectType": "client"}),
        ("wrapup", 1 * MINUTE + 2_418, {"disconnectType": "client", "wrapUpCode": WRAPUP_FOLLOW_UP})],
        queueId=queue_id("email"))
    s1 = [seg("interact", t0, bounds(a1[1])[1] + 1, disconnectType="peer", queueId=queue_id("email"),
              subject="Replacement router not delivered")]
    # Day 2: the agent reconnects the closed email and replies (user, outbound).
    r0 = ms("2025-06-04T08:31:10.552Z")
    user_segments = [seg("interact", r0, r0 + 4 * MINUTE + 20_775, disconnectType="client")]
    s2 = [seg("interact", r0 + 6, r0 + 4 * MINUTE + 20_776, disconnectType="peer",
              subject="RE: Replacement router not delivered")]
    # Day 7: the customer's reply threads into the conversation and is routed again.
    c0 = ms("2025-06-09T19:47:03.880Z")
    q2 = [seg("interact", c0 + 447, c0 + 13 * HOUR + 12 * MINUTE + 9_318, disconnectType="transfer",
              queueId=queue_id("email"))]
    a2, _ = chain(bounds(q2[0])[1] - 4_861, [
        ("alert", 4_861), ("interact", 2 * MINUTE + 31_644, {"disconnectType": "client"}),
        ("wrapup", 40_072, {"disconnectType": "client", "wrapUpCode": WRAPUP_RESOLVED})],
        queueId=queue_id("email"))
    s3 = [seg("interact", c0, bounds(a2[1])[1] + 1, disconnectType="peer", queueId=queue_id("email"),
              subject="RE: RE: Replacement router not delivered")]
    s1_id = uid(cust_key + "/1", "session")
    return conversation(key, "inbound", [
        participant(cust_key, "customer", [
            session(cust_key + "/1", "email", "inbound", s1, connected_metrics(s1), **email_fields(address, **routed("tomas"))),
            session(cust_key + "/2", "email", "outbound", s2, connected_metrics(s2), **email_fields(address, outbound=True)),
            session(cust_key + "/3", "email", "inbound", s3, connected_metrics(s3),
                    **email_fields(address, **routed("tomas", ("Last", "Standard"), "Last"))),
        ], name=name),
        email_flow_participant(key + "/flow1", t0 + 5, t0 + 420, address, name, s1_id),
        participant(key + "/acd1", "acd", [session(
            key + "/acd1", "email", "inbound", q1, queue_metrics(q1), flowInType="workflow", peerId=s1_id, remote=name,
            remoteNameDisplayable=queue_name("email"), **email_fields(address, **routed("tomas")))], name=queue_name("email")),
        participant(key + "/agent", "agent", [
            session(key + "/agent/1", "email", "inbound", a1, work_metrics(a1, answered=bounds(q1[0])[1] - bounds(q1[0])[0]),
                    peerId=s1_id, remote=name, **email_fields(address, **routed("tomas"))),
            session(key + "/agent/2", "email", "inbound", a2, work_metrics(a2, answered=bounds(q2[0])[1] - bounds(q2[0])[0]),
                    peerId=uid(cust_key + "/3", "session"), remote=name,
                    **email_fields(address, **routed("tomas", ("Last", "Standard"), "Last"))),
        ], user="tomas"),
        participant(key + "/user", "user", [session(
            key + "/user", "email", "outbound", user_segments,
            work_metrics(user_segments, extra=[metric("nOutbound", 1, r0)]),
            peerId=uid(cust_key + "/2", "session"), remote=name, **email_fields(address, outbound=True))], user="tomas"),
        email_flow_participant(key + "/flow2", c0 + 5, c0 + 415, address, name, uid(cust_key + "/3", "session")),
        participant(key + "/acd2", "acd", [session(
            key + "/acd2", "email", "inbound", q2, queue_metrics(q2), flowInType="workflow",
            peerId=uid(cust_key + "/3", "session"), remote=name, remoteNameDisplayable=queue_name("email"),
            **email_fields(address, **routed("tomas", ("Last", "Standard"), "Last")))], name=queue_name("email")),
    ])



# ---------------------------------------------------------------------------------------------
# Callbacks and voicemail

def voice_front(key, t0, caller, ani, target, ivr_ms, flow_name="Main Menu IVR", transfer_type="ACD"):
    """The start every inbound call shares: the caller's system segment, the IVR, and the moment
    the call enters the queue (the acd delay segment). Returns the caller's session id, the
    moment the caller's interact starts, the IVR participant and the queue entry."""
    caller_id = uid(key + "/customer", "session")
    interact_start = t0 + 212
    ivr_system = t0 + 47
    ivr_start = ivr_system + 11
    ivr_end = ivr_start + ivr_ms
    ivr = ivr_participant(key, caller, caller_id, ivr_system, ivr_start, ivr_end, target, ani, transfer_type, flow_name)
    return caller_id, interact_start, ivr, ivr_end + 66


def caller_participant(key, t0, interact_start, end, caller, ani, target, disconnect, **fields):
    segments = [seg("system", t0, interact_start),
                seg("interact", interact_start, end, disconnectType=disconnect, queueId=queue_id(target),
                    **({"q850ResponseCodes": [16]} if disconnect == "endpoint" else {}))]
    return participant(key + "/customer", "customer", [session(
        key + "/customer", "voice", "inbound", segments, connected_metrics(segments), recording=True,
        remoteNameDisplayable=caller, **voice_fields(key + "/customer", ani, MAIN_NUMBER), **fields)],
        name=caller, externalContactId=uid(key, "external-contact"))


def acd_voice(key, caller, caller_id, ani, target, delay_start, interact_end, disconnect, outcomes=(), agent=None,
              flow=None, flow_in="ivr", **fields):
    segments = [seg("delay", delay_start, delay_start + 15, queueId=queue_id(target)),
                seg("interact", delay_start + 15, interact_end, disconnectType=disconnect, queueId=queue_id(target),
                    **({"sipResponseCodes": [410]} if disconnect == "transfer" else {}))]
    more = routed(agent) if agent else {"requestedRoutings": ["Standard"]}
    if flow_in:
        more["flowInType"] = flow_in
    more.update(fields)
    return participant(key, "acd", [session(
        key, "voice", "inbound", segments, queue_metrics(segments, *outcomes), peerId=caller_id,
        remote=caller, remoteNameDisplayable=queue_name(target), flow=flow or inqueue_flow(),
        destinationAddresses=[f"sip:{queue_id(target)}@localhost"],
        **voice_fields(key, ani, MAIN_NUMBER), **more)], name=queue_name(target))


def agent_voice(key, user, caller, caller_id, ani, segments, answered=None, not_responding=False, extra=(),
                direction="inbound", **fields):
    more = dict(fields)
    return participant(key, "agent", [session(
        key, "voice", direction, segments, work_metrics(segments, answered, not_responding, extra),
        peerId=caller_id, remote=caller, **voice_fields(key, ani, MAIN_NUMBER), **more)], user=user)


@shape("voice-callback-added-to-call")
def callback_added(key):
    # A caller waiting in queue accepts the in-queue flow's callback offer: the flow creates a
    # callback in the same conversation and disconnects the call (the voice visit flows out), the
    # callback waits in the queue without a caller on the line, then an agent answers it and
    # dials the customer back (agent callback session + outbound voice session with dialing).
    t0 = ms("2024-09-17T15:02:11.406Z")
    caller, ani, number = "Daniel Okonkwo", "tel:+13175550187", "+13175550187"
    caller_id, talk_start, ivr, q_start = voice_front(key, t0, caller, ani, "tech", 38_240)
    q_end = q_start + 15 + 6 * MINUTE + 40_118
    callback_created = q_end - 6_502
    cb_answer = callback_created + 9 * MINUTE + 12_330
    alert_start = cb_answer - 6_208
    dial_start = cb_answer + 4_109
    connected = dial_start + 6_815
    customer_hangup = connected + 4 * MINUTE + 51_264
    agent_cb_end = customer_hangup + 1_207
    cb_agent, _ = chain(alert_start, [
        ("alert", cb_answer - alert_start), ("interact", agent_cb_end - cb_answer, {"disconnectType": "client"}),
        ("wrapup", 41_093, {"disconnectType": "client", "wrapUpCode": WRAPUP_RESOLVED})], queueId=queue_id("tech"))
    voice_agent, _ = chain(dial_start, [
        ("dialing", connected - dial_start), ("interact", customer_hangup + 2 - connected, {"disconnectType": "peer"})],
        queueId=queue_id("tech"))
    cb_queue = [seg("interact", callback_created + 2, cb_answer, disconnectType="transfer", queueId=queue_id("tech"))]
    cb_customer = [seg("interact", callback_created, agent_cb_end, disconnectType="peer", queueId=queue_id("tech"))]
    back_customer = [seg("interact", connected, customer_hangup, disconnectType="endpoint", q850ResponseCodes=[16],
                         queueId=queue_id("tech"))]
    customer = caller_participant(key, t0, talk_start, q_end + 3, caller, ani, "tech", "peer", **routed("grace"))
    customer["sessions"] += [
        session(key + "/customer/callback", "callback", "outbound", cb_customer, connected_metrics(cb_customer),
                **callback_fields(number, caller, **routed("grace"))),
        session(key + "/customer/voice-back", "voice", "outbound", back_customer, connected_metrics(back_customer),
                recording=True, remoteNameDisplayable=caller,
                **voice_fields(key + "/customer/voice-back", "sip:" + USERS["grace"][1] + "@localhost", ani)),
    ]
    cb_key = key + "/agent"
    agent = participant(cb_key, "agent", [
        session(cb_key + "/callback", "callback", "outbound", cb_agent,
                work_metrics(cb_agent, answered=cb_answer - bounds(cb_queue[0])[0]), remote=caller,
                peerId=uid(key + "/customer/callback", "session"), **callback_fields(number, caller, **routed("grace"))),
        session(cb_key + "/voice", "voice", "outbound", voice_agent, [metric("nOutbound", 1, dial_start)],
                remote=caller, peerId=uid(key + "/customer/voice-back", "session"),
                **voice_fields(cb_key + "/voice", "sip:" + USERS["grace"][1] + "@localhost", ani)),
    ], user="grace")
    return conversation(key, "inbound", [
        customer, ivr,
        acd_voice(key + "/acd-voice", caller, caller_id, ani, "tech", q_start, q_end, "client", outcomes=("tFlowOut",),
                  flow=inqueue_flow(exitReason="DISCONNECT", issuedCallback=True)),
        participant(key + "/acd-callback", "acd", [session(
            key + "/acd-callback", "callback", "outbound", cb_queue, queue_metrics(cb_queue), remote=caller,
            peerId=uid(key + "/customer/callback", "session"),
            **callback_fields(number, caller, **routed("grace")))], name=queue_name("tech")),
        agent,
    ], mediaStatsMinConversationMos=4.612085, mediaStatsMinConversationRFactor=86.9032)


@shape("callback-created-through-api")
def api_callback(key):
    # A callback created through the API for a later time: a new conversation whose customer
    # callback session starts with a scheduled segment and then interacts; at the scheduled time
    # the callback enters the queue, an agent answers it and dials the number.
    t0 = ms("2025-02-24T10:05:33.870Z")
    scheduled = ms("2025-02-24T13:30:00.000Z")
    name, number = "Priya Raman", "+16145550163"
    q_start = scheduled + 212
    answer = q_start + 2 * MINUTE + 44_071
    alert_start = answer - 8_330
    dial_start = answer + 3_542
    connected = dial_start + 9_906
    hangup = connected + 7 * MINUTE + 3_818
    agent_end = hangup + 960
    cb_agent, _ = chain(alert_start, [
        ("alert", answer - alert_start), ("interact", agent_end - answer, {"disconnectType": "client"}),
        ("wrapup", 27_455, {"disconnectType": "client", "wrapUpCode": WRAPUP_RESOLVED})], queueId=queue_id("billing"))
    voice_agent, _ = chain(dial_start, [
        ("dialing", connected - dial_start), ("interact", hangup + 3 - connected, {"disconnectType": "peer"})],
        queueId=queue_id("billing"))
    cb_queue = [seg("interact", q_start, answer, disconnectType="transfer", queueId=queue_id("billing"))]
    cb_customer = [seg("scheduled", t0, q_start), seg("interact", q_start, agent_end, disconnectType="peer",
                                                      queueId=queue_id("billing"))]
    back = [seg("interact", connected, hangup, disconnectType="endpoint", q850ResponseCodes=[16], queueId=queue_id("billing"))]
    fields = callback_fields(number, name, callbackScheduledTime=ts(scheduled), **routed("samuel"))
    cust_key = key + "/customer"
    agent_ani = "sip:" + USERS["samuel"][1] + "@localhost"
    return conversation(key, "outbound", [
        participant(cust_key, "customer", [
            session(cust_key + "/callback", "callback", "outbound", cb_customer, connected_metrics(cb_customer), **fields),
            session(cust_key + "/voice", "voice", "outbound", back, connected_metrics(back), recording=True,
                    remoteNameDisplayable=name, **voice_fields(cust_key + "/voice", agent_ani, "tel:" + number)),
        ], name=name),
        participant(key + "/acd", "acd", [session(
            key + "/acd", "callback", "outbound", cb_queue, queue_metrics(cb_queue), remote=name,
            peerId=uid(cust_key + "/callback", "session"), **fields)], name=queue_name("billing")),
        participant(key + "/agent", "agent", [
            session(key + "/agent/callback", "callback", "outbound", cb_agent,
                    work_metrics(cb_agent, answered=answer - q_start), remote=name,
                    peerId=uid(cust_key + "/callback", "session"), **fields),
            session(key + "/agent/voice", "voice", "outbound", voice_agent, [metric("nOutbound", 1, dial_start)],
                    remote=name, peerId=uid(cust_key + "/voice", "session"),
                    **voice_fields(key + "/agent/voice", agent_ani, "tel:" + number)),
        ], user="samuel"),
    ], mediaStatsMinConversationMos=4.882301, mediaStatsMinConversationRFactor=92.4412)


@shape("voicemail-through-queue")
def voicemail_in_queue(key):
    # A caller waiting in queue chooses the in-queue flow's voicemail option: the voice visit
    # flows out to the queue's voicemail (voicemail participant, tVoicemail = its interact); the
    # message then waits in the queue as a callback (uploading, then interact) until an agent
    # answers it, listens and calls back.
    t0 = ms("2024-11-06T17:41:09.552Z")
    caller, ani, number = "Helen Marsh", "tel:+15025550118", "+15025550118"
    caller_id, talk_start, ivr, q_start = voice_front(key, t0, caller, ani, "billing", 22_907)
    q_end = q_start + 15 + 3 * MINUTE + 5_260
    vm_system = q_end + 6
    vm_start = vm_system + 46
    vm_end = vm_start + 41_733
    upload_end = vm_end + 4_026
    answer = upload_end + 22 * MINUTE + 18_504
    alert_start = answer - 3_117
    dial_start = answer + 48_260
    connected = dial_start + 7_402
    hangup = connected + 3 * MINUTE + 12_907
    agent_end = hangup + 1_530
    cb_agent, _ = chain(alert_start, [
        ("alert", answer - alert_start), ("interact", agent_end - answer, {"disconnectType": "client"}),
        ("wrapup", 33_806, {"disconnectType": "client", "wrapUpCode": WRAPUP_RESOLVED})], queueId=queue_id("billing"))
    voice_agent, _ = chain(dial_start, [
        ("dialing", connected - dial_start), ("interact", hangup + 2 - connected, {"disconnectType": "peer"})],
        queueId=queue_id("billing"))
    vm_segments = [seg("system", vm_system, vm_start, queueId=queue_id("billing")),
                   seg("interact", vm_start, vm_end + 4, disconnectType="peer", queueId=queue_id("billing"))]
    cb_customer = [seg("uploading", vm_system + 26, upload_end, queueId=queue_id("billing")),
                   seg("interact", upload_end, agent_end, disconnectType="peer", queueId=queue_id("billing"))]
    cb_queue = [seg("uploading", vm_system + 27, upload_end + 1, queueId=queue_id("billing")),
                seg("interact", upload_end + 1, answer, disconnectType="transfer", queueId=queue_id("billing"))]
    back = [seg("interact", connected, hangup, disconnectType="endpoint", q850ResponseCodes=[16], queueId=queue_id("billing"))]
    agent_ani = "sip:" + USERS["kenji"][1] + "@localhost"
    customer = caller_participant(key, t0, talk_start, vm_end, caller, ani, "billing", "endpoint")
    customer["sessions"] += [
        session(key + "/customer/callback", "callback", "outbound", cb_customer, connected_metrics(cb_customer),
                **callback_fields(number, caller, **routed("kenji"))),
        session(key + "/customer/voice-back", "voice", "outbound", back, connected_metrics(back), recording=True,
                remoteNameDisplayable=caller, **voice_fields(key + "/customer/voice-back", agent_ani, ani)),
    ]
    vm_start_end = bounds(vm_segments[1])
    return conversation(key, "inbound", [
        customer, ivr,
        acd_voice(key + "/acd-voice", caller, caller_id, ani, "billing", q_start, q_end, "transfer", outcomes=("tFlowOut",),
                  flow=inqueue_flow(exitReason="TRANSFER", transferTargetAddress=queue_id("billing"),
                                    transferTargetName=queue_name("billing"), transferType="ACD_VOICEMAIL")),
        participant(key + "/voicemail", "voicemail", [session(
            key + "/voicemail", "voice", "inbound", vm_segments,
            [metric("tVoicemail", vm_start_end[1] - vm_start_end[0], vm_start_end[1])], peerId=caller_id, remote=caller,
            remoteNameDisplayable=queue_id("billing"),
            **voice_fields(key + "/voicemail", ani, MAIN_NUMBER,
                           sessionDnis=f"sip:{queue_id('billing')}@127.0.0.1;language=en-US;user=voicemail"))],
            name=queue_id("billing")),
        participant(key + "/acd-callback", "acd", [session(
            key + "/acd-callback", "callback", "outbound", cb_queue, queue_metrics(cb_queue), flowInType="voicemail",
            remote=caller, peerId=uid(key + "/customer/callback", "session"),
            **callback_fields(number, caller, **routed("kenji")))], name=queue_name("billing")),
        participant(key + "/agent", "agent", [
            session(key + "/agent/callback", "callback", "outbound", cb_agent,
                    work_metrics(cb_agent, answered=answer - bounds(cb_queue[1])[0]), remote=caller,
                    peerId=uid(key + "/customer/callback", "session"), **callback_fields(number, caller, **routed("kenji"))),
            session(key + "/agent/voice", "voice", "outbound", voice_agent, [metric("nOutbound", 1, dial_start)],
                    remote=caller, peerId=uid(key + "/customer/voice-back", "session"),
                    **voice_fields(key + "/agent/voice", agent_ani, ani)),
        ], user="kenji"),
    ], mediaStatsMinConversationMos=4.390117, mediaStatsMinConversationRFactor=84.1178)


# ---------------------------------------------------------------------------------------------
# Voice: transfers, conferences, outbound, internal

@shape("voice-consult-transfer")
def consult_transfer(key):
    # Agent A answers, consults user B (the caller is held during the consult), then completes
    # the transfer: A carries nConsult, nConsultTransferred and nTransferred and ends with
    # transfer (segment and wrap-up); B, reached directly rather than through the queue, talks
    # to the caller until the caller hangs up, with no Answered.
    t0 = ms("2024-07-23T14:05:31.274Z")
    caller, ani = "Owen Gallagher", "tel:+16175550129"
    caller_id, talk_start, ivr, q_start = voice_front(key, t0, caller, ani, "tech", 41_250)
    answer = q_start + 15 + 58_402
    a_segments, _ = chain(answer - 5_911, [
        ("alert", 5_911), ("interact", 4 * MINUTE + 2_760),
        ("hold", 1 * MINUTE + 35_118, {"disconnectType": "transfer"}),
        ("wrapup", 38_650, {"disconnectType": "transfer", "wrapUpCode": WRAPUP_FOLLOW_UP})], queueId=queue_id("tech"))
    consult_start, transferred = bounds(a_segments[2])
    b_alert = consult_start + 312
    b_answer = b_alert + 4_406
    hangup = transferred + 6 * MINUTE + 44_015
    b_segments, _ = chain(b_alert, [("alert", b_answer - b_alert), ("interact", hangup + 3 - b_answer,
                                                                   {"disconnectType": "peer"})])
    b_ani = "sip:" + USERS["grace"][1] + "@localhost"
    return conversation(key, "inbound", [
        caller_participant(key, t0, talk_start, hangup, caller, ani, "tech", "endpoint", **routed("tomas")),
        ivr,
        acd_voice(key + "/acd", caller, caller_id, ani, "tech", q_start, answer, "transfer", agent="tomas"),
        agent_voice(key + "/agent-a", "tomas", caller, caller_id, ani, a_segments, answered=answer - q_start - 15,
                    extra=[metric("nConsult", 1, consult_start), metric("nConsultTransferred", 1, transferred),
                           metric("nTransferred", 1, transferred)], recording=True, **routed("tomas")),
        participant(key + "/user-b", "user", [session(
            key + "/user-b", "voice", "inbound", b_segments, work_metrics(b_segments), peerId=caller_id, remote=caller,
            **voice_fields(key + "/user-b", b_ani, "sip:" + USERS["grace"][1] + "@localhost"))], user="grace"),
    ], mediaStatsMinConversationMos=4.701532, mediaStatsMinConversationRFactor=88.5521)


@shape("voice-conference-agent-leaves")
def conference(key):
    # Agent A holds the caller, dials an external number and joins the three parties in a
    # conference (conference = true from conferenceStart), then leaves (client); the caller and
    # the external party stay connected until the caller hangs up.
    t0 = ms("2025-01-28T16:20:07.918Z")
    caller, ani = "Rosa Delgado", "tel:+17135550176"
    caller_id, talk_start, ivr, q_start = voice_front(key, t0, caller, ani, "billing", 29_644)
    answer = q_start + 15 + 2 * MINUTE + 11_230
    a_segments, _ = chain(answer - 4_082, [
        ("alert", 4_082), ("interact", 6 * MINUTE + 3_377), ("hold", 48_512),
        ("interact", 3 * MINUTE + 10_966, {"conference": True, "disconnectType": "client"}),
        ("wrapup", 52_118, {"conference": True, "disconnectType": "client", "wrapUpCode": WRAPUP_RESOLVED})],
        queueId=queue_id("billing"))
    hold_start, conference_start = bounds(a_segments[2])
    dial_start = hold_start + 3_215
    ext_answer = dial_start + 11_804
    hangup = bounds(a_segments[3])[1] + 7 * MINUTE + 25_330
    ext_segments = [seg("dialing", dial_start, ext_answer),
                    seg("interact", ext_answer, hangup + 4, conference=True, disconnectType="peer")]
    customer = caller_participant(key, t0, talk_start, hangup, caller, ani, "billing", "endpoint", **routed("amara"))
    customer["sessions"][0]["segments"][1]["conference"] = True
    pharmacy = "tel:+17135550100"
    return conversation(key, "inbound", [
        customer, ivr,
        acd_voice(key + "/acd", caller, caller_id, ani, "billing", q_start, answer, "transfer", agent="amara"),
        agent_voice(key + "/agent", "amara", caller, caller_id, ani, a_segments, answered=answer - q_start - 15,
                    recording=True, **routed("amara")),
        participant(key + "/external", "external", [session(
            key + "/external", "voice", "outbound", ext_segments, connected_metrics(ext_segments), recording=True,
            remoteNameDisplayable="Houston TX", peerId=caller_id,
            **voice_fields(key + "/external", "sip:" + USERS["amara"][1] + "@localhost", pharmacy))],
            name="Houston TX"),
    ], conferenceStart=ts(conference_start),
        mediaStatsMinConversationMos=4.498214, mediaStatsMinConversationRFactor=81.9920)


@shape("voice-outbound-user-call")
def outbound_user_call(key):
    # A user places an outbound call: contacting, dialing, then talk with a hold in the middle;
    # tContacting and tDialing are part of tHandle. No queue, no wrap-up.
    t0 = ms("2024-10-02T15:48:19.063Z")
    number = "tel:+13125550134"
    u_segments, _ = chain(t0, [("contacting", 1_204), ("dialing", 5_871), ("interact", 2 * MINUTE + 8_412),
                               ("hold", 40_226), ("interact", 1 * MINUTE + 15_093, {"disconnectType": "client"})])
    connected = bounds(u_segments[2])[0]
    c_segments = [seg("dialing", bounds(u_segments[1])[0] - 41, connected - 8),
                  seg("interact", connected - 8, bounds(u_segments[4])[1] + 2, disconnectType="peer")]
    user_ani = "sip:" + USERS["lucia"][1] + "@localhost"
    return conversation(key, "outbound", [
        participant(key + "/user", "user", [session(
            key + "/user", "voice", "outbound", u_segments, work_metrics(u_segments), remote="Chicago IL",
            **voice_fields(key + "/user", user_ani, number))], user="lucia"),
        participant(key + "/customer", "customer", [session(
            key + "/customer", "voice", "outbound", c_segments, connected_metrics(c_segments), recording=True,
            remoteNameDisplayable="Chicago IL", **voice_fields(key + "/customer", user_ani, number))],
            name="Chicago IL", externalContactId=uid(key, "external-contact")),
    ], mediaStatsMinConversationMos=4.874303, mediaStatsMinConversationRFactor=92.1187)


CAMPAIGN = uid("org", "campaign", "collections-spring-2025")
CONTACT_LIST = uid("org", "contact-list", "collections-spring-2025")


def campaign_fields(contact):
    return {"outboundCampaignId": CAMPAIGN, "outboundContactId": uuid.uuid5(uuid.NAMESPACE_URL, contact).hex,
            "outboundContactListId": CONTACT_LIST}


@shape("dialer-campaign-call-connected")
def campaign_connected(key):
    # A predictive campaign call: the dialer dials the contact (dialing on the customer), the
    # contact answers and the call is connected to an agent of the campaign's queue (alert,
    # interact, wrap-up with the agent's code). Campaign fields on every session.
    t0 = ms("2025-04-15T14:12:40.227Z")
    number, name = "tel:+14045550191", "Atlanta GA"
    answered = t0 + 14_208
    alert = answered + 902
    connect = alert + 1_611
    hangup = connect + 5 * MINUTE + 47_502
    c_segments = [seg("dialing", t0, answered),
                  seg("interact", answered, hangup, disconnectType="endpoint", q850ResponseCodes=[16],
                      queueId=queue_id("collections"))]
    a_segments, _ = chain(alert, [("alert", connect - alert), ("interact", hangup + 2 - connect, {"disconnectType": "peer"}),
                                  ("wrapup", 1 * MINUTE + 4_300, {"disconnectType": "peer", "wrapUpCode": WRAPUP_SALE})],
                          queueId=queue_id("collections"))
    fields = campaign_fields(key)
    dialer_ani = "tel:+18005550142"
    return conversation(key, "outbound", [
        participant(key + "/customer", "customer", [session(
            key + "/customer", "voice", "outbound", c_segments, connected_metrics(c_segments), recording=True,
            remoteNameDisplayable=name, **voice_fields(key + "/customer", dialer_ani, number), **fields)], name=name),
        participant(key + "/agent", "agent", [session(
            key + "/agent", "voice", "outbound", a_segments, work_metrics(a_segments), remote=name,
            peerId=uid(key + "/customer", "session"), scriptId=uid("org", "script", "collections"),
            **voice_fields(key + "/agent", dialer_ani, number), **fields)], user="samuel"),
    ], mediaStatsMinConversationMos=4.550362, mediaStatsMinConversationRFactor=83.4570)


@shape("dialer-campaign-call-uncallable")
def campaign_uncallable(key):
    # A campaign attempt the dialer could not connect: the number answers with a special
    # information tone, the dialing segment ends uncallable and the dialer assigns its system
    # wrap-up code; no agent is involved and nobody connects, so the record has no metrics.
    t0 = ms("2025-04-15T14:13:02.915Z")
    number = "tel:+14045550107"
    c_segments = [seg("dialing", t0, t0 + 3_877, disconnectType="uncallable", wrapUpCode="ININ-OUTBOUND-SIT-UNCALLABLE")]
    return conversation(key, "outbound", [
        participant(key + "/customer", "customer", [session(
            key + "/customer", "voice", "outbound", c_segments,
            **voice_fields(key + "/customer", "tel:+18005550142", number), **campaign_fields(key))], name="Atlanta GA"),
    ])


@shape("dialer-campaign-call-no-answer")
def campaign_no_answer(key):
    # A campaign attempt nobody answered: dialing ends with a (dialing) timeout after 30 s and
    # the dialer's system wrap-up code ININ-OUTBOUND-NO-ANSWER; no agent, no metrics.
    t0 = ms("2025-04-15T14:13:41.380Z")
    number = "tel:+17705550152"
    c_segments = [seg("dialing", t0, t0 + 30_004, disconnectType="timeout", wrapUpCode="ININ-OUTBOUND-NO-ANSWER")]
    return conversation(key, "outbound", [
        participant(key + "/customer", "customer", [session(
            key + "/customer", "voice", "outbound", c_segments,
            **voice_fields(key + "/customer", "tel:+18005550142", number), **campaign_fields(key))], name="Marietta GA"),
    ])


@shape("voice-internal-user-to-user")
def internal_call(key):
    # A direct call from one user to another: no queue, no acd participant, no Answered; the
    # caller's contacting and dialing count in its handle time.
    t0 = ms("2024-08-14T10:31:55.740Z")
    caller_segments, _ = chain(t0, [("contacting", 986), ("dialing", 3_622),
                                    ("interact", 3 * MINUTE + 40_418, {"disconnectType": "client"})])
    ring_start = bounds(caller_segments[1])[0] + 180
    answer = bounds(caller_segments[2])[0]
    callee_segments, _ = chain(ring_start, [("alert", answer - ring_start),
                                            ("interact", bounds(caller_segments[2])[1] + 4 - answer, {"disconnectType": "peer"})])
    a_address = "sip:" + USERS["kenji"][1] + "@localhost"
    b_address = "sip:" + USERS["lucia"][1] + "@localhost"
    return conversation(key, "outbound", [
        participant(key + "/caller", "user", [session(
            key + "/caller", "voice", "outbound", caller_segments, work_metrics(caller_segments), remote=USERS["lucia"][0],
            **voice_fields(key + "/caller", a_address, b_address))], user="kenji"),
        participant(key + "/callee", "user", [session(
            key + "/callee", "voice", "inbound", callee_segments, work_metrics(callee_segments), remote=USERS["kenji"][0],
            peerId=uid(key + "/caller", "session"), **voice_fields(key + "/callee", a_address, b_address))], user="lucia"),
    ], mediaStatsMinConversationMos=4.901126, mediaStatsMinConversationRFactor=93.0318)


# ---------------------------------------------------------------------------------------------
# Web messaging and chat

def message_flow_participant(key, start, end, customer_key, customer_id, target, disconnect="transfer"):
    segments = [seg("interact", start, end, **({"disconnectType": disconnect} if end is not None else {}))]
    flow = {"endingLanguage": "en-us", "entryReason": MESSENGER_DEPLOYMENT, "entryType": "direct", "exitReason": "TRANSFER",
            "flowId": uid("org", "flow", "Web Messaging Inbound"), "flowName": "Web Messaging Inbound",
            "flowType": "INBOUNDSHORTMESSAGE", "flowVersion": "44.0", "startingLanguage": "en-us",
            "transferTargetAddress": queue_id(target), "transferTargetName": queue_name(target), "transferType": "ACD"}
    more = {} if end is None else {"flow": flow}
    return participant(key, "workflow", [session(
        key, "message", "inbound", segments, flow_metrics(segments, "workflow"), peerId=customer_id, remote="Guest",
        **message_fields(customer_key, addressFrom=MESSENGER_DEPLOYMENT, addressTo=uid(customer_key, "messenger-guest")),
        **more)], name="Web Messaging Inbound")


def message_queue(key, start, end, customer_key, customer_id, target, flow_in="workflow", agent=None, exit_to=None):
    segments = [seg("interact", start, end, disconnectType="transfer", queueId=queue_id(target))]
    flow = {"flowId": uid("org", "flow", "Messaging In-Queue"), "flowName": "Messaging In-Queue",
            "flowType": "INQUEUESHORTMESSAGE", "flowVersion": "7.0", "startingLanguage": "en-us"}
    if exit_to:
        flow.update({"exitReason": "TRANSFER", "transferTargetAddress": queue_id(exit_to),
                     "transferTargetName": queue_name(exit_to), "transferType": "ACD"})
    more = routed(agent) if agent else {"requestedRoutings": ["Standard"]}
    if flow_in:
        more["flowInType"] = flow_in
    return participant(key, "acd", [session(
        key, "message", "inbound", segments, queue_metrics(segments), peerId=customer_id,
        remote="Guest", flow=flow,
        **message_fields(customer_key, addressFrom=MESSENGER_DEPLOYMENT, addressTo=uid(customer_key, "messenger-guest")),
        **more)], name=queue_name(target))


def message_agent(key, user, segments, customer_key, customer_id, answered, extra=()):
    return participant(key, "agent", [session(
        key, "message", "inbound", segments, work_metrics(segments, answered, extra=extra), peerId=customer_id,
        remote="Guest", agentAssistantId=uid("org", "assistant"),
        **message_fields(customer_key, addressFrom=MESSENGER_DEPLOYMENT, addressTo=uid(customer_key, "messenger-guest")),
        **routed(user))], user=user)


def message_customer(key, segments, agent=None, **more):
    fields = message_fields(key, journeyCustomerId=uid(key, "journey-customer"), journeyCustomerIdType="cookie",
                            journeyCustomerSessionId=uid(key, "journey-session"), journeyCustomerSessionIdType="web")
    fields.update(routed(agent) if agent else {"requestedRoutings": ["Standard"]})
    fields.update(more)
    return participant(key, "customer", [session(key, "message", "inbound", segments, connected_metrics(segments),
                                                 **fields)], externalContactId=uid(key, "external-contact"))


@shape("webmessaging-visit-without-outcome")
def messaging_no_outcome(key):
    # A web-messaging visit that leaves its queue with neither answer nor abandon: the in-queue
    # message flow transfers the waiting conversation to another queue after five minutes (no
    # tAnswered, tAbandon or tFlowOut on the first visit); an agent of the second queue answers
    # it (auto-answer: no alert).
    t0 = ms("2025-03-05T11:22:48.016Z")
    cust = key + "/customer"
    cust_id = uid(cust, "session")
    q1_start = t0 + 472
    q1_end = q1_start + 5 * MINUTE + 1_204
    q2_start = q1_end + 37
    answer = q2_start + 1 * MINUTE + 52_660
    a_segments, _ = chain(answer, [("interact", 2 * MINUTE + 14_025), ("hold", 1 * MINUTE + 49_310),
                                   ("interact", 3 * MINUTE + 2_871, {"disconnectType": "client"}),
                                   ("wrapup", 24_518, {"disconnectType": "client", "wrapUpCode": WRAPUP_RESOLVED})],
                           queueId=queue_id("wm-support"))
    c_segments = [seg("interact", t0, bounds(a_segments[2])[1] + 1_046, disconnectType="peer", queueId=queue_id("wm-sales"))]
    return conversation(key, "inbound", [
        message_customer(cust, c_segments, agent="amara"),
        message_flow_participant(key + "/flow", t0 + 4, t0 + 431, cust, cust_id, "wm-sales"),
        message_queue(key + "/acd1", q1_start, q1_end, cust, cust_id, "wm-sales", exit_to="wm-support"),
        message_queue(key + "/acd2", q2_start, answer, cust, cust_id, "wm-support", flow_in=None, agent="amara"),
        message_agent(key + "/agent", "amara", a_segments, cust, cust_id, answered=answer - q2_start,
                      extra=[metric("tAgentResponseTime", 19_402, bounds(a_segments[0])[1])]),
    ], initiator="customer")


@shape("webmessaging-bot-then-agent")
def messaging_bot(key):
    # A bot flow answers first: the inbound message flow calls a digital bot (purpose botflow,
    # message session, flow with flowType BOT and exitReason FLOW_EXIT); when the bot exits, the
    # inbound flow transfers the conversation to a queue, where an agent answers it.
    t0 = ms("2025-07-22T08:51:30.442Z")
    cust = key + "/customer"
    cust_id = uid(cust, "session")
    bot_start = t0 + 388
    bot_end = bot_start + 1 * MINUTE + 57_305
    flow_end = bot_end + 214
    q_start = flow_end + 33
    answer = q_start + 48_117
    a_segments, _ = chain(answer - 5_330, [
        ("alert", 5_330), ("interact", 4 * MINUTE + 31_809), ("hold", 2 * MINUTE + 2_650),
        ("interact", 1 * MINUTE + 40_233, {"disconnectType": "client"}),
        ("wrapup", 18_744, {"disconnectType": "client", "wrapUpCode": WRAPUP_RESOLVED})], queueId=queue_id("wm-support"))
    c_segments = [seg("interact", t0, bounds(a_segments[3])[1] + 702, disconnectType="peer", queueId=queue_id("wm-support"))]
    bot_segments = [seg("interact", bot_start, bot_end, disconnectType="transfer")]
    return conversation(key, "inbound", [
        message_customer(cust, c_segments, agent="lucia"),
        message_flow_participant(key + "/flow", t0 + 5, flow_end, cust, cust_id, "wm-support"),
        participant(key + "/bot", "botflow", [session(
            key + "/bot", "message", "inbound", bot_segments, flow_metrics(bot_segments, "botflow"), peerId=cust_id,
            remote="Guest",
            flow={"endingLanguage": "en-us", "entryReason": MESSENGER_DEPLOYMENT, "entryType": "direct",
                  "exitReason": "FLOW_EXIT", "flowId": uid("org", "flow", "Support Bot"), "flowName": "Support Bot",
                  "flowType": "BOT", "flowVersion": "18.0", "startingLanguage": "en-us"},
            **message_fields(cust, addressFrom=MESSENGER_DEPLOYMENT, addressTo=uid(cust, "messenger-guest")))],
            name="Support Bot"),
        message_queue(key + "/acd", q_start, answer, cust, cust_id, "wm-support", agent="lucia"),
        message_agent(key + "/agent", "lucia", a_segments, cust, cust_id, answered=answer - q_start),
    ], initiator="customer")


@shape("webmessaging-open-at-export")
def messaging_open(key):
    # A web-messaging conversation exported while still open (inactivity handling off): the
    # customer's and the agent's segments have no segmentEnd, there is no conversationEnd, and
    # the metrics that complete later (tTalkComplete, tHandle) are not there yet.
    t0 = ms("2025-11-18T20:04:12.337Z")
    cust = key + "/customer"
    cust_id = uid(cust, "session")
    q_start = t0 + 455
    answer = q_start + 3 * MINUTE + 6_227
    a_segments, _ = chain(answer - 7_102, [("alert", 7_102), ("interact", 6 * MINUTE + 51_440), ("hold", None)],
                          queueId=queue_id("wm-support"))
    c_segments = [seg("interact", t0, None, queueId=queue_id("wm-support"))]
    return conversation(key, "inbound", [
        message_customer(cust, c_segments, agent="tomas"),
        message_flow_participant(key + "/flow", t0 + 4, t0 + 421, cust, cust_id, "wm-support"),
        message_queue(key + "/acd", q_start, answer, cust, cust_id, "wm-support", agent="tomas"),
        message_agent(key + "/agent", "tomas", a_segments, cust, cust_id, answered=answer - q_start),
    ], initiator="customer", ended=False)


@shape("webmessaging-open-in-bot")
def messaging_open_bot(key):
    # A web-messaging conversation exported while the customer is still talking to a bot: the
    # botflow session is open and, as Genesys users observed, has no flow block until the bot
    # flow ends; the calling inbound flow is open too.
    t0 = ms("2025-12-02T07:15:40.918Z")
    cust = key + "/customer"
    cust_id = uid(cust, "session")
    bot_segments = [seg("interact", t0 + 402, None)]
    return conversation(key, "inbound", [
        message_customer(cust, [seg("interact", t0, None)]),
        message_flow_participant(key + "/flow", t0 + 5, None, cust, cust_id, "wm-support"),
        participant(key + "/bot", "botflow", [session(
            key + "/bot", "message", "inbound", bot_segments, flow_metrics(bot_segments, "botflow"), peerId=cust_id,
            remote="Guest",
            **message_fields(cust, addressFrom=MESSENGER_DEPLOYMENT, addressTo=uid(cust, "messenger-guest")))],
            name="Support Bot"),
    ], initiator="customer", ended=False)


@shape("webmessaging-inactivity-disconnect")
def messaging_inactivity(key):
    # Inactivity handling on (2025+): the customer stops answering and the messaging inactivity
    # timer disconnects the conversation; the agent's last segment and its wrap-up, and the
    # customer's leg, carry disconnectType inactivity.
    t0 = ms("2025-09-09T12:37:21.560Z")
    cust = key + "/customer"
    cust_id = uid(cust, "session")
    q_start = t0 + 463
    answer = q_start + 1 * MINUTE + 20_806
    a_segments, _ = chain(answer - 3_905, [
        ("alert", 3_905), ("interact", 3 * MINUTE + 12_090), ("hold", 58_411),
        ("interact", 30 * MINUTE + 2_377, {"disconnectType": "inactivity"}),
        ("wrapup", 12_640, {"disconnectType": "inactivity", "wrapUpCode": WRAPUP_FOLLOW_UP})],
        queueId=queue_id("wm-sales"))
    timeout = bounds(a_segments[3])[1]
    c_segments = [seg("interact", t0, timeout + 1, disconnectType="inactivity", queueId=queue_id("wm-sales"))]
    return conversation(key, "inbound", [
        message_customer(cust, c_segments, agent="samuel"),
        message_flow_participant(key + "/flow", t0 + 4, t0 + 440, cust, cust_id, "wm-sales"),
        message_queue(key + "/acd", q_start, answer, cust, cust_id, "wm-sales", agent="samuel"),
        message_agent(key + "/agent", "samuel", a_segments, cust, cust_id, answered=answer - q_start),
    ], initiator="customer", inactivityTimeout=ts(timeout + 1))


@shape("chat-hold-without-hold-action")
def chat_hold(key):
    # A web chat whose agent works other interactions meanwhile: in chat that time counts as hold,
    # so the agent's session alternates interact and hold segments though nobody pressed hold.
    t0 = ms("2024-05-14T09:02:37.291Z")
    name = "Jonas Becker"
    cust = key + "/customer"
    cust_id = uid(cust, "session")
    q_start = t0 + 3
    answer = q_start + 47_215
    a_segments, _ = chain(answer - 6_814, [
        ("alert", 6_814), ("interact", 2 * MINUTE + 41_002), ("hold", 1 * MINUTE + 18_350), ("interact", 55_713),
        ("hold", 2 * MINUTE + 3_981), ("interact", 1 * MINUTE + 36_470, {"disconnectType": "client"}),
        ("wrapup", 29_102, {"disconnectType": "client", "wrapUpCode": WRAPUP_RESOLVED})], queueId=queue_id("chat"))
    c_segments = [seg("interact", t0, bounds(a_segments[5])[1], disconnectType="peer", queueId=queue_id("chat"))]
    chat = {"provider": "Webchat Provider"}
    return conversation(key, "inbound", [
        participant(cust, "customer", [session(cust, "chat", "inbound", c_segments, connected_metrics(c_segments),
                                               **chat, **routed("grace"))], name=name),
        participant(key + "/acd", "acd", [session(
            key + "/acd", "chat", "inbound", [seg("interact", q_start, answer, disconnectType="transfer",
                                                  queueId=queue_id("chat"))],
            queue_metrics([seg("interact", q_start, answer)]), remote=name, peerId=cust_id, **chat,
            requestedRoutings=["Standard"], selectedAgentId=USERS["grace"][1])], name=queue_name("chat")),
        participant(key + "/agent", "agent", [session(
            key + "/agent", "chat", "inbound", a_segments, work_metrics(a_segments, answered=answer - q_start),
            remote=name, peerId=cust_id, **chat, **routed("grace"))], user="grace"),
    ])


# ---------------------------------------------------------------------------------------------
# Voice outcomes

@shape("voice-abandon-while-agent-rings")
def abandon_ringing(key):
    # The caller hangs up while an agent's phone rings: the visit is an abandon (tAbandon on the
    # acd session, queue leg ended peer), the agent's alert ends peer and the agent carries
    # tAlert but no tNotResponding.
    t0 = ms("2025-01-09T18:44:02.775Z")
    caller, ani = "Wireless Caller", "tel:+12165550133"
    caller_id, talk_start, ivr, q_start = voice_front(key, t0, caller, ani, "tech", 17_311)
    hangup = q_start + 15 + 2 * MINUTE + 26_840
    alert = [seg("alert", hangup - 6_318, hangup + 1, disconnectType="peer", queueId=queue_id("tech"))]
    return conversation(key, "inbound", [
        caller_participant(key, t0, talk_start, hangup, caller, ani, "tech", "endpoint", requestedRoutings=["Standard"]),
        ivr,
        acd_voice(key + "/acd", caller, caller_id, ani, "tech", q_start, hangup + 2, "peer", outcomes=("tAbandon",)),
        agent_voice(key + "/agent", "kenji", caller, caller_id, ani, alert, requestedRoutings=["Standard"]),
    ], mediaStatsMinConversationMos=4.811090, mediaStatsMinConversationRFactor=90.6604)


@shape("voice-short-abandon")
def short_abandon(key):
    # The caller hangs up four seconds after entering the queue: an abandon within the
    # short-abandon threshold, so the acd session carries tAbandon and tShortAbandon (equal).
    t0 = ms("2024-06-11T12:09:44.130Z")
    caller, ani = "Unknown Caller", "tel:+14125550198"
    caller_id, talk_start, ivr, q_start = voice_front(key, t0, caller, ani, "billing", 12_087)
    hangup = q_start + 15 + 4_116
    return conversation(key, "inbound", [
        caller_participant(key, t0, talk_start, hangup, caller, ani, "billing", "endpoint", requestedRoutings=["Standard"]),
        ivr,
        acd_voice(key + "/acd", caller, caller_id, ani, "billing", q_start, hangup + 3, "peer",
                  outcomes=("tAbandon", "tShortAbandon")),
    ], mediaStatsMinConversationMos=4.880117, mediaStatsMinConversationRFactor=92.3001)


@shape("voice-flow-out-to-another-queue")
def flow_out(key):
    # The first queue's in-queue flow transfers the waiting call to another queue: the first visit
    # is a flow-out (tFlowOut, queue leg ended transfer), the second queue's agent answers (tAnswered
    # = the second visit's tAcd). The caller's leg keeps the first queue's id, as real transfers show.
    t0 = ms("2025-02-12T13:26:50.381Z")
    caller, ani = "Grant Whitaker", "tel:+15135550124"
    caller_id, talk_start, ivr, q1_start = voice_front(key, t0, caller, ani, "billing", 24_476)
    q1_end = q1_start + 15 + 4 * MINUTE + 3_558
    q2_start = q1_end + 71
    answer = q2_start + 15 + 1 * MINUTE + 40_932
    a_segments, _ = chain(answer - 7_448, [
        ("alert", 7_448), ("interact", 8 * MINUTE + 12_604, {"disconnectType": "peer"}),
        ("wrapup", 44_191, {"disconnectType": "peer", "wrapUpCode": WRAPUP_RESOLVED})], queueId=queue_id("tech"))
    hangup = bounds(a_segments[1])[1] - 3
    return conversation(key, "inbound", [
        caller_participant(key, t0, talk_start, hangup, caller, ani, "billing", "endpoint", **routed("lucia")),
        ivr,
        acd_voice(key + "/acd1", caller, caller_id, ani, "billing", q1_start, q1_end, "transfer", outcomes=("tFlowOut",),
                  flow=inqueue_flow("Billing In-Queue", exitReason="TRANSFER", transferTargetAddress=queue_id("tech"),
                                    transferTargetName=queue_name("tech"), transferType="ACD")),
        acd_voice(key + "/acd2", caller, caller_id, ani, "tech", q2_start, answer, "transfer", agent="lucia",
                  flow_in=None),
        agent_voice(key + "/agent", "lucia", caller, caller_id, ani, a_segments, answered=answer - q2_start - 15,
                    recording=True, **routed("lucia")),
    ], mediaStatsMinConversationMos=4.655013, mediaStatsMinConversationRFactor=87.2208)


@shape("voice-flow-out-back-to-ivr")
def flow_out_to_ivr(key):
    # The caller opts out of the queue from the in-queue flow's menu and returns to the IVR: the
    # visit is a flow-out (tFlowOut, queue leg ended transfer, in-queue flow exited TRANSFER to
    # the call flow), a second IVR leg starts (entryType flow) and the caller hangs up there
    # (ivr segment ended peer, flow exitReason DISCONNECT).
    t0 = ms("2024-12-03T19:55:14.602Z")
    caller, ani = "Marcus Reid", "tel:+19015550146"
    caller_id, talk_start, ivr, q_start = voice_front(key, t0, caller, ani, "billing", 15_820)
    q_end = q_start + 15 + 2 * MINUTE + 48_904
    ivr2_system = q_end + 55
    ivr2_start = ivr2_system + 10
    hangup = ivr2_start + 36_771
    ivr2_segments = [seg("system", ivr2_system, ivr2_start), seg("ivr", ivr2_start, hangup + 3, disconnectType="peer")]
    ivr2_len = hangup + 3 - ivr2_start
    main_menu = uid("org", "flow", "Main Menu IVR")
    in_queue = inqueue_flow("Billing In-Queue", exitReason="TRANSFER", transferTargetAddress=main_menu,
                            transferTargetName="Main Menu IVR")
    return conversation(key, "inbound", [
        caller_participant(key, t0, talk_start, hangup, caller, ani, "billing", "endpoint", requestedRoutings=["Standard"]),
        ivr,
        acd_voice(key + "/acd", caller, caller_id, ani, "billing", q_start, q_end, "transfer", outcomes=("tFlowOut",),
                  flow=in_queue),
        participant(key + "/ivr2", "ivr", [session(
            key + "/ivr2", "voice", "inbound", ivr2_segments,
            ordered([metric("nFlow", 1, ivr2_system + 204), metric("tIvr", ivr2_len, hangup + 3),
                     metric("tFlow", ivr2_len - 181, hangup + 3), metric("tFlowDisconnect", ivr2_len - 181, hangup + 3)]),
            peerId=caller_id, remote=caller, remoteNameDisplayable="Internal",
            flow={"endingLanguage": "en-us", "entryReason": in_queue["flowId"], "entryType": "flow",
                  "exitReason": "DISCONNECT", "flowId": main_menu, "flowName": "Main Menu IVR", "flowType": "INBOUNDCALL",
                  "flowVersion": "31.0", "startingLanguage": "en-us"},
            **voice_fields(key + "/ivr2", ani, MAIN_NUMBER))], name="Main Menu IVR"),
    ], mediaStatsMinConversationMos=4.702991, mediaStatsMinConversationRFactor=88.1350)


@shape("voice-not-responding-then-answered")
def not_responding(key):
    # The first agent does not respond: the alert ends client (session inactive), a wrap-up with
    # a code follows (errorCode error.ininedgecontrol.session.inactive, as in the real 2024 call),
    # tAlert = tNotResponding, tAcw = tHandle, nError; the call goes back to the queue and a second
    # agent answers (tAnswered = the visit's tAcd, which runs until that answer).
    t0 = ms("2026-01-20T16:10:27.604Z")
    caller, ani = "Laura Chen", "tel:+12065550171"
    caller_id, talk_start, ivr, q_start = voice_front(key, t0, caller, ani, "tech", 33_905)
    first_alert = q_start + 15 + 41_220
    first_end = first_alert + 15_002
    missed = [seg("alert", first_alert, first_end, disconnectType="client", queueId=queue_id("tech")),
              seg("wrapup", first_end + 249, first_end + 249 + 45_000, disconnectType="client",
                  errorCode="error.ininedgecontrol.session.inactive", queueId=queue_id("tech"), wrapUpCode=WRAPUP_FOLLOW_UP)]
    answer = first_end + 19_733
    a_segments, _ = chain(answer - 3_406, [
        ("alert", 3_406), ("interact", 5 * MINUTE + 37_215, {"disconnectType": "peer"}),
        ("wrapup", 31_377, {"disconnectType": "peer", "wrapUpCode": WRAPUP_RESOLVED})], queueId=queue_id("tech"))
    hangup = bounds(a_segments[1])[1] - 2
    return conversation(key, "inbound", [
        caller_participant(key, t0, talk_start, hangup, caller, ani, "tech", "endpoint", **routed("samuel")),
        ivr,
        acd_voice(key + "/acd", caller, caller_id, ani, "tech", q_start, answer, "transfer", agent="samuel"),
        agent_voice(key + "/agent-missed", "tomas", caller, caller_id, ani, missed, not_responding=True,
                    extra=[metric("nError", 1, first_end)], requestedRoutings=["Standard"], selectedAgentId=USERS["samuel"][1]),
        agent_voice(key + "/agent", "samuel", caller, caller_id, ani, a_segments, answered=answer - q_start - 15,
                    recording=True, **routed("samuel")),
    ], mediaStatsMinConversationMos=4.723880, mediaStatsMinConversationRFactor=88.9051)


# ---------------------------------------------------------------------------------------------

def main():
    lines = []
    for key, build in SHAPES:
        record = build(key)
        lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True))
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as handle:
        handle.write("\n".join(lines) + "\n")
    print(f"wrote {len(lines)} conversations to {os.path.basename(OUTPUT)}")
    for number, (key, _) in enumerate(SHAPES, 1):
        print(f"  {number:2d} {key}")


if __name__ == "__main__":
    main()
