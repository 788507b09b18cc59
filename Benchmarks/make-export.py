#!/usr/bin/env python3
"""Synthesizes a realistic Genesys Cloud conversation-details export for benchmarks.

Every conversation is built from scratch in the analytics conversation-detail shape
(conversation -> participants -> sessions -> segments and metrics, keys in the API's order),
following the habits of real exports described in ../shared/genesys/semantics.md and the
bundled examples: inbound voice through an IVR into a queue and to an agent, not-responding
agents (alerts that end unanswered), blind transfers to another queue (a second queue
visit) and consult transfers to another user, holds and parks, abandons in queue and short
abandons, callers sent to voicemail (a flow-out), IVR self-service, scheduled callbacks,
agent-dialled and campaign outbound calls (with unreachable numbers), web chat with
co-browse, web messaging and SMS (auto-answered or not, some escalated to video), e-mail
(including spam), screen sharing, and a share of conversations still in progress (no
conversationEnd, open segments, only the metrics emitted so far). Metrics agree with the
segments (tAlert, tAnswered = tAcd, tTalk/tTalkComplete, tHeld/tHeldComplete, tAcw,
tHandle, tAbandon, tShortAbandon, tFlowOut, nOffered, ...), so a clean conversation
should give no finding at all, even with the quirks real exports have and rules must tolerate
(a first segment a few milliseconds before conversationStart, a wrap-up that overlaps the
talk or starts after a short gap, tAcw a few seconds short of the wrap-up, the disconnect
type repeated on the wrap-up, a not-responding agent's 'client' alert). A configurable share of the conversations carries one of
the defects the rules look for (see DEFECTS), so rules fire at a realistic rate; the
in-progress ones are reported by GDQ502 (info) by design.

The mix (MIX) is that of a centre taking calls, chats, messages and e-mail and running a
predictive campaign. A conversation averages about 3.6 KB of compact JSON: an answered call
through IVR and queue is 5-6 KB, an unreachable campaign number under 1 KB (the real samples
in ../shared/samples are 2.6-3.4 KB).

Output is deterministic for a seed and size: a query response ({"conversations": [...],
"totalHits": N}), a jobs results page ({"conversations": [...], "cursor": ...,
"dataAvailabilityDate": ...}) or NDJSON, compact (as the API sends it) or pretty-printed,
optionally gzip-compressed. --manifest writes what was planted, for checking the linter's
findings against it. Standard library only.

    python3 Benchmarks/make-export.py 300 Benchmarks/data/export-300mb.json
    python3 Benchmarks/make-export.py 100 /tmp/dump.ndjson --ndjson --gzip
    python3 Benchmarks/make-export.py 5 /tmp/page.json --shape jobs --pretty --manifest /tmp/page.manifest.json
"""
import argparse
import collections
import datetime
import gzip
import io
import json
import os
import random
import sys

# The building blocks of conversations are shared with the examples' generator.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "Examples"))
from analytics_shapes import DAY_MS, EPOCH, UTC, iso, metric, ordered, parse_iso, seg  # noqa: E402

# ---------------------------------------------------------------------------
# The contact centre: queues, agents, wrap-up codes, flows, campaigns. Fictional throughout:
# phone numbers in the +1 555 range, addresses at example.com.

FIRST_NAMES = ["Maria", "James", "Aisha", "Robert", "Linda", "Michael", "Sofia", "Daniel",
               "Fatima", "Kevin", "Yuki", "Carlos", "Emily", "Noah", "Grace", "Lucas", "Chloe",
               "Ethan", "Zara", "Owen", "Rosa", "Victor", "Nina", "Peter", "Priya", "Marcus",
               "Elena", "David", "Hannah", "Tomas", "Samuel", "Olivia", "Kenji", "Rachel", "Andre"]
LAST_NAMES = ["Garcia", "Thompson", "Khan", "Nguyen", "Johansson", "Brown", "Rossi", "Murphy",
              "Haddad", "O'Brien", "Tanaka", "Mendes", "Clarke", "Fischer", "Mensah", "Martin",
              "Dupont", "Walker", "Ali", "Price", "Delgado", "Ivanov", "Patel", "Kowalski",
              "Raman", "Bell", "Sokolova", "Okafor", "Liu", "Rivera", "Whitfield", "Adeyemi"]
EMAIL_SUBJECTS = ["Question about my last invoice", "Re: Order 48213 not delivered",
                  "Cannot reset my password", "Change of billing address", "Refund request",
                  "Fwd: contract renewal", "Complaint about delivery", "Update my payment card"]
VOICE_QUEUES = [("billing", "Billing"), ("support", "Technical Support"), ("sales", "Sales"),
                ("accounts", "Account Services"), ("retention", "Retention"),
                ("claims", "Claims")]
MAIN_NUMBERS = ["tel:+13175550100", "tel:+13175550101", "tel:+18005550102"]
CALLBACK_ANI = "tel:+13175550199"
NOT_RESPONDING_ERROR = "error.ininedgecontrol.session.inactive"
MESSAGE_CHANNELS = [("webmessaging", "WebChat"), ("webmessaging", "WebChat"), ("sms", "SMS"),
                    ("whatsapp", "WhatsApp"), ("facebook", "FacebookMessenger")]


class Org:
    def __init__(self, rng):
        def uid():
            return uuid4(rng)

        self.divisions = [uid(), uid()]
        self.edges = [uid() for _ in range(4)]
        self.voice_queues = [{"id": uid(), "name": name, "key": key} for key, name in VOICE_QUEUES]
        self.chat_queue = {"id": uid(), "name": "Web Chat Support"}
        self.message_queues = [{"id": uid(), "name": "Messaging Support"},
                               {"id": uid(), "name": "Messaging Sales"}]
        self.email_queues = [{"id": uid(), "name": "Email Support"},
                             {"id": uid(), "name": "Email Billing"}]
        self.agents = []
        teams = [uid() for _ in range(6)]
        for index in range(96):
            name = "%s %s" % (FIRST_NAMES[index % len(FIRST_NAMES)],
                              LAST_NAMES[(index * 7) % len(LAST_NAMES)])
            self.agents.append({"userId": uid(), "name": name, "teamId": teams[index % len(teams)]})
        self.wrap_up_codes = [uid() for _ in range(24)]
        self.ivr_flows = [{"flowId": uid(), "flowName": "Main Menu IVR", "flowVersion": "31.0"},
                          {"flowId": uid(), "flowName": "Claims IVR", "flowVersion": "12.0"}]
        self.messaging_flow = {"flowId": uid(), "flowName": "Messaging Inbound", "flowVersion": "14.0"}
        self.campaigns = [{"id": uid(), "contactList": uid(), "queue": self.voice_queues[i]}
                          for i in (2, 4)]


def uuid4(rng):
    h = "%032x" % rng.getrandbits(128)
    return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], "89ab"[int(h[16], 16) & 3], h[17:20], h[20:])


# ---------------------------------------------------------------------------
# Conversation builders. Each returns one ended conversation; `Builder.snapshot` turns one
# into an in-progress conversation as an export taken during it would show it.

class Builder:
    def __init__(self, rng, org, with_attributes):
        self.rng = rng
        self.org = org
        self.with_attributes = with_attributes   # jobs results carry participant attributes

    # -- small helpers ----------------------------------------------------------------------

    def uid(self):
        return uuid4(self.rng)

    def phone(self):
        return "+1555%07d" % self.rng.randint(0, 9_999_999)

    def person(self):
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def caller_name(self, first, last):
        style = self.rng.random()
        if style < 0.35:
            return "Mobile Number, United States"
        if style < 0.5:
            return "WIRELESS CALLER"
        return ("%s %s" % (last, first)).upper().replace("'", "")

    def wrap_up(self):
        # most agents pick a code; some let wrap-up time out to the system code
        if self.rng.random() < 0.08:
            return "ININ-WRAP-UP-TIMEOUT"
        return self.rng.choice(self.org.wrap_up_codes)

    def participant(self, purpose, sessions, name=None, agent=None, attributes=None, external_contact=False):
        p = {"participantId": self.uid()}
        if name:
            p["participantName"] = name
        if agent:
            p["participantName"] = agent["name"]
            p["userId"] = agent["userId"]
        if external_contact:
            p["externalContactId"] = self.uid()
        p["purpose"] = purpose
        if agent:
            p["teamId"] = agent["teamId"]
        if attributes is not None and self.with_attributes:
            p["attributes"] = attributes
        p["sessions"] = [ordered(s) for s in sessions]
        return p

    def conversation(self, participants, direction, initiator=None, mos=None, self_served=None,
                     early_first_segment=False):
        """The conversation around its participants. early_first_segment: let the first
        segment start a few milliseconds before conversationStart, as real voice exports do."""
        start = end = None
        for p in participants:
            for s in p["sessions"]:
                for g in s["segments"]:
                    if start is None or g["segmentStart"] < start:
                        start = g["segmentStart"]
                    if end is None or g["segmentEnd"] > end:
                        end = g["segmentEnd"]
        if early_first_segment:
            start = iso(parse_iso(start) + self.rng.randint(5, 20))
        c = {"conversationId": self.uid(), "conversationStart": start, "conversationEnd": end}
        if initiator:
            c["conversationInitiator"] = initiator
        if mos:
            c["mediaStatsMinConversationMos"] = mos[0]
            c["mediaStatsMinConversationRFactor"] = mos[1]
        c["originatingDirection"] = direction
        c["divisionIds"] = [self.org.divisions[0] if self.rng.random() < 0.8 else self.org.divisions[1]]
        if self_served is not None:
            c["selfServed"] = self_served
        c["participants"] = participants
        return c

    def talk_pieces(self, holds, first=(20_000, 420_000), later=(15_000, 300_000), hold=(10_000, 150_000),
                    parked=False):
        pieces = [("interact", self.rng.randint(*first))]
        for _ in range(holds):
            pieces.append(("hold", self.rng.randint(*hold)))
            pieces.append(("interact", self.rng.randint(*later)))
        if parked:
            pieces.append(("parked", self.rng.randint(*hold)))
            pieces.append(("interact", self.rng.randint(*later)))
        return pieces

    def agent_leg(self, queue_id, alert_start, answer, t_acd, pieces, disconnect, acw,
                  alert=True, transfer=None):
        """Segments and metrics of an agent session that answered a queue visit:
        alert -> interact (-> hold|parked -> interact)* -> wrapup. tAnswered is the visit's
        tAcd; tHandle = tTalkComplete + tHeldComplete + tAcw. `transfer` adds the counters of
        a blind ('blind') or consult ('consult') transfer. Returns (segments, metrics, end of
        the live part, start of the first hold)."""
        segments, metrics = [], []
        if alert:
            segments.append(seg(alert_start, answer, "alert", queue_id))
            metrics.append(metric("tAlert", answer - alert_start, answer))
        if t_acd is not None:
            metrics.append(metric("tAnswered", t_acd, answer))
        t = answer
        talk = held = parked = 0
        held_end = parked_end = None
        first_hold = None
        last = len(pieces) - 1
        for index, (kind, duration) in enumerate(pieces):
            end = t + duration
            segments.append(seg(t, end, kind, queue_id, disconnect if index == last else None))
            if kind == "interact":
                talk += duration
                metrics.append(metric("tTalk", duration, end))
                if index == last:
                    metrics.append(metric("tTalkComplete", talk, end))
            elif kind == "hold":
                if first_hold is None:
                    first_hold = t
                held += duration
                metrics.append(metric("tHeld", duration, end))
                held_end = (len(metrics), end)
            else:
                parked += duration
                metrics.append(metric("tPark", duration, end))
                parked_end = (len(metrics), end)
            t = end
        # each total follows the last entry of its kind, emitted with it; insert the later one first
        totals = [(where[0], metric(name, total, where[1]))
                  for where, name, total in ((held_end, "tHeldComplete", held), (parked_end, "tParkComplete", parked))
                  if where]
        for position, entry in sorted(totals, key=lambda item: item[0], reverse=True):
            metrics.insert(position, entry)
        if transfer == "blind":
            metrics.append(metric("nTransferred", 1, t))
            metrics.append(metric("nBlindTransferred", 1, t))
        elif transfer == "consult":
            metrics.append(metric("nConsultTransferred", 1, t))
        live_end = t
        # As in real exports, the wrap-up now and then starts a few hundred milliseconds before
        # the talk ends or up to a second after it, and tAcw can fall a few seconds short of
        # the wrap-up segment, emitted that much before its end (an after-call-work timeout).
        roll = self.rng.random()
        wrap_start = t - self.rng.randint(5, 283) if roll < 0.03 else t + self.rng.randint(3, 1_006) if roll < 0.06 else t
        wrap_end = wrap_start + acw
        t_acw = acw - self.rng.randint(1_000, 4_500) if self.rng.random() < 0.02 else acw
        acw_emit = wrap_end - (acw - t_acw)
        segments.append(seg(wrap_start, wrap_end, "wrapup", queue_id, disconnect, wrap_up=self.wrap_up()))
        metrics.append(metric("tAcw", t_acw, acw_emit))
        metrics.append(metric("tHandle", talk + held + t_acw, acw_emit))
        return segments, metrics, live_end, first_hold

    def not_responding_leg(self, session, queue_id, start, wrap=False, spelling="client"):
        """An agent offered the interaction who declined it or let the alert time out: a
        single alert ending 'client' (tAlert = tNotResponding); the interaction goes back to
        the queue. Some such agents still get after-call work."""
        rng = self.rng
        length = (rng.choice([8_000, 10_000, 15_000, 30_000]) + rng.randint(0, 45)
                  if rng.random() < 0.6 else rng.randint(2_500, 7_600))
        end = start + length
        error = NOT_RESPONDING_ERROR if rng.random() < 0.3 else None
        session["segments"] = [seg(start, end, "alert", queue_id, spelling, error_code=error)]
        session["metrics"] = [metric("tAlert", length, end), metric("tNotResponding", length, end)]
        if error:
            session["metrics"].append(metric("nError", 1, end))
        if wrap:
            gap = rng.randint(40, 400)
            acw = rng.randint(3_000, 60_000)
            session["segments"].append(seg(end + gap, end + gap + acw, "wrapup", queue_id, spelling,
                                           wrap_up=self.wrap_up()))
            session["metrics"] += [metric("tAcw", acw, end + gap + acw), metric("tHandle", acw, end + gap + acw)]
        return end

    # -- inbound voice ----------------------------------------------------------------------

    def voice(self, t0, outcome="answered", *, holds=0, not_responding=0, nr_wrap=False,
              nr_spelling="client", transfer=None, agent_ends=True, parked=False, screenshare=False,
              flow_disconnect=False):
        """customer -> IVR -> queue -> agent. outcome: answered, abandon, short-abandon,
        voicemail (flow-out), self-service (IVR only). transfer: None, 'queue' (blind, a
        second queue visit and agent) or 'consult' (to another user, direct)."""
        rng, org = self.rng, self.org
        queue = rng.choice(org.voice_queues)
        flow = org.ivr_flows[1] if queue["key"] == "claims" else org.ivr_flows[0]
        dnis = rng.choice(MAIN_NUMBERS)
        first, last = self.person()
        name = self.caller_name(first, last)
        ani = "tel:" + self.phone()
        edge = rng.choice(org.edges)
        customer_sid = self.uid()
        recorded = rng.random() < 0.7

        def voice_session(role="agent"):
            """A session peered with the caller's; agents see the caller's name, the IVR the
            number dialled."""
            s = {"mediaType": "voice", "sessionId": self.uid(), "direction": "inbound", "ani": ani, "dnis": dnis}
            if role == "ivr":
                s["sessionDnis"] = dnis
            s["edgeId"] = edge
            s["provider"] = "Edge"
            s["peerId"] = customer_sid
            if role == "agent":
                s["remote"] = name
            return s

        connect = t0 + rng.randint(150, 650)
        ivr_start = connect + rng.randint(300, 900)
        ivr_end = ivr_start + rng.randint(12_000, 95_000)
        ivr = voice_session("ivr")
        ivr_flow = {"endingLanguage": "en-us", "entryType": "dnis",
                    "flowId": flow["flowId"], "flowName": flow["flowName"], "flowType": "INBOUNDCALL",
                    "flowVersion": flow["flowVersion"], "startingLanguage": "en-us"}
        ivr["flow"] = ivr_flow
        ivr["metrics"] = [metric("nFlow", 1, connect)]
        participants = [None, None]     # the customer and the IVR, filled in once their segments are known
        attributes = {"ivr.language": "en-us", "ivr.menuSelection": queue["name"]}

        if outcome == "self-service":
            # the caller is served by the IVR and hangs up there
            ivr_flow["exitReason"] = "DISCONNECT"
            ivr["segments"] = [seg(connect, ivr_start, "system"), seg(ivr_start, ivr_end, "ivr", disconnect="peer")]
            ivr["metrics"] += [metric("tFlow", ivr_end - connect, ivr_end),
                               metric("tFlowDisconnect", ivr_end - connect, ivr_end),
                               metric("tIvr", ivr_end - ivr_start, ivr_end)]
            participants[1] = self.participant("ivr", [ivr], name=flow["flowName"])
            customer_end = ivr_end - rng.randint(0, 3)
            customer_segments = [seg(t0, connect, "system"),
                                 seg(connect, customer_end, "interact", disconnect="endpoint")]
            return self._voice_customer(participants, customer_sid, ani, dnis, edge, name, attributes,
                                        customer_segments, connect, customer_end, None, self_served=True)

        ivr_flow.update({"exitReason": "TRANSFER", "transferTargetAddress": queue["id"],
                         "transferTargetName": queue["name"], "transferType": "ACD"})
        ivr["segments"] = [seg(connect, ivr_start, "system"), seg(ivr_start, ivr_end, "ivr", disconnect="transfer")]
        ivr["metrics"] += [metric("tFlow", ivr_end - connect, ivr_end),
                           metric("tFlowExit", ivr_end - connect, ivr_end),
                           metric("tIvr", ivr_end - ivr_start, ivr_end)]
        participants[1] = self.participant("ivr", [ivr], name=flow["flowName"])

        agents = rng.sample(org.agents, 2 + not_responding)
        acd = voice_session("acd")
        acd["requestedRoutings"] = ["Standard"]
        q_start = ivr_end + rng.randint(8, 24)      # a short 'delay' segment precedes the queue
        splits = []            # (time, queue id) where the customer's interact changes queue
        selected = None
        customer_extra = []    # the customer's side of a screen share

        if outcome in ("abandon", "short-abandon"):
            wait = rng.randint(1_500, 9_500) if outcome == "short-abandon" else rng.randint(12_000, 420_000)
            q_end = q_start + wait
            acd["segments"] = [seg(ivr_end, q_start, "delay"),
                               seg(q_start, q_end, "interact", queue["id"], "client" if flow_disconnect else "peer")]
            acd["metrics"] = [metric("nOffered", 1, q_start), metric("tAcd", wait, q_end),
                              metric("tAbandon", wait, q_end)]
            if outcome == "short-abandon":
                acd["metrics"].append(metric("tShortAbandon", wait, q_end))
            participants.append(self.participant("acd", [acd], name=queue["name"]))
            if outcome == "abandon" and rng.random() < 0.25 and wait > 10_000:
                # the caller hung up while an agent's phone was ringing
                ringing = rng.randint(1_500, 8_000)
                s = voice_session()
                s["segments"] = [seg(q_end - ringing, q_end, "alert", queue["id"], "peer")]
                s["metrics"] = [metric("tAlert", ringing, q_end)]
                participants.append(self.participant("agent", [s], agent=agents[0]))
            if flow_disconnect:     # the in-queue flow ended the call
                customer_end, customer_disconnect = q_end + rng.randint(0, 3), "peer"
            else:                   # the caller hung up while queued
                customer_end, customer_disconnect = q_end - rng.randint(0, 3), "endpoint"
        elif outcome == "voicemail":
            # after waiting, the caller takes the in-queue option to leave a voicemail: a flow-out
            wait = rng.randint(60_000, 600_000)
            q_end = q_start + wait
            acd["segments"] = [seg(ivr_end, q_start, "delay"), seg(q_start, q_end, "interact", queue["id"], "transfer")]
            acd["metrics"] = [metric("nOffered", 1, q_start), metric("tAcd", wait, q_end),
                              metric("tFlowOut", wait, q_end)]
            participants.append(self.participant("acd", [acd], name=queue["name"]))
            message_end = q_end + rng.randint(8_000, 90_000)
            vm = voice_session("voicemail")
            vm["segments"] = [seg(q_end, message_end, "voicemail", queue["id"], "peer")]
            vm["metrics"] = [metric("tVoicemail", message_end - q_end, message_end)]
            participants.append(self.participant("voicemail", [vm], name=queue["name"] + " Voicemail"))
            customer_end, customer_disconnect = message_end - rng.randint(0, 3), "endpoint"
        else:
            t = q_start + rng.randint(1_000, 120_000)
            agent_parts = []
            for index in range(not_responding):
                s = voice_session()
                t = self.not_responding_leg(s, queue["id"], t, wrap=nr_wrap, spelling=nr_spelling)
                agent_parts.append(self.participant("agent", [s], agent=agents[2 + index]))
                t += rng.randint(1_200, 20_000)
            answer = t + rng.randint(1_800, 12_500)
            acd["usedRouting"] = "Standard"
            acd["selectedAgentId"] = agents[0]["userId"]
            acd["segments"] = [seg(ivr_end, q_start, "delay"), seg(q_start, answer, "interact", queue["id"], "transfer")]
            acd["metrics"] = [metric("nOffered", 1, q_start), metric("tAcd", answer - q_start, answer)]
            participants.append(self.participant("acd", [acd], name=queue["name"]))
            participants.extend(agent_parts)

            pieces = self.talk_pieces(holds, parked=parked)
            if transfer == "consult":
                # talk, hold the caller while consulting a colleague, a short three-way, then drop
                pieces = [pieces[0], ("hold", rng.randint(20_000, 120_000)), ("interact", rng.randint(5_000, 40_000))]
            final = {"queue": "transfer", "consult": "consultTransfer"}.get(transfer, "client" if agent_ends else "peer")
            agent = voice_session()
            agent["recording"] = recorded
            agent["requestedRoutings"] = ["Standard"]
            agent["usedRouting"] = "Standard"
            agent["segments"], agent["metrics"], live_end, hold_start = self.agent_leg(
                queue["id"], t, answer, answer - q_start, pieces, final, rng.randint(5_000, 120_000),
                transfer={"queue": "blind", "consult": "consult"}.get(transfer))
            if transfer == "consult":
                agent["metrics"].insert(0, metric("nConsult", 1, hold_start))
            participants.append(self.participant("agent", [agent], agent=agents[0]))
            selected = agents[0]["userId"]

            if screenshare and transfer is None:
                # the agent shares a screen with the caller for a while during the first talk
                talk_start = answer
                share_start = talk_start + rng.randint(2_000, max(2_001, pieces[0][1] // 2))
                share_end = min(share_start + rng.randint(30_000, 240_000), answer + pieces[0][1])
                room = self.uid()
                agent_share = {"mediaType": "screenshare", "sessionId": self.uid(), "direction": "outbound",
                               "peerId": customer_sid, "screenShareRoomId": room, "sharingScreen": True,
                               "segments": [seg(share_start, share_end, "interact", disconnect="client")]}
                participants[-1]["sessions"].append(ordered(agent_share))
                customer_share = {"mediaType": "screenshare", "sessionId": self.uid(), "direction": "outbound",
                                  "screenShareRoomId": room, "sharingScreen": False,
                                  "segments": [seg(share_start, share_end, "interact", disconnect="peer")]}
                customer_extra.append(customer_share)

            if transfer == "queue":
                # blind transfer to another queue: a second queue visit, answered by another agent
                queue2 = rng.choice([q for q in org.voice_queues if q is not queue])
                transferred_at = live_end
                acd2 = voice_session("acd")
                acd2["requestedRoutings"] = ["Standard"]
                q2_start = live_end + rng.randint(8, 24)
                answer2 = q2_start + rng.randint(4_000, 90_000)
                acd2["usedRouting"] = "Standard"
                acd2["selectedAgentId"] = agents[1]["userId"]
                acd2["segments"] = [seg(live_end, q2_start, "delay"),
                                    seg(q2_start, answer2, "interact", queue2["id"], "transfer")]
                acd2["metrics"] = [metric("nOffered", 1, q2_start), metric("tAcd", answer2 - q2_start, answer2)]
                participants.append(self.participant("acd", [acd2], name=queue2["name"]))
                agent2 = voice_session()
                agent2["recording"] = recorded
                agent2["requestedRoutings"] = ["Standard"]
                agent2["usedRouting"] = "Standard"
                alert2 = answer2 - rng.randint(1_800, min(9_000, answer2 - q2_start))
                agent2["segments"], agent2["metrics"], live_end, _ = self.agent_leg(
                    queue2["id"], alert2, answer2, answer2 - q2_start, self.talk_pieces(rng.random() < 0.3),
                    "client" if agent_ends else "peer", rng.randint(5_000, 120_000))
                participants.append(self.participant("agent", [agent2], agent=agents[1]))
                splits.append((transferred_at, queue2["id"]))
                selected = agents[1]["userId"]
            elif transfer == "consult":
                # the consulted colleague is called directly (no queue) while the caller is on hold
                colleague = voice_session()
                colleague["recording"] = recorded
                c_alert = hold_start + rng.randint(500, 3_000)
                c_answer = c_alert + rng.randint(2_000, 9_000)
                c_end = live_end + rng.randint(60_000, 600_000)
                acw = rng.randint(5_000, 90_000)
                disconnect = "client" if agent_ends else "peer"
                colleague["segments"] = [seg(c_alert, c_answer, "alert"),
                                         seg(c_answer, c_end, "interact", disconnect=disconnect),
                                         seg(c_end, c_end + acw, "wrapup", disconnect=disconnect, wrap_up=self.wrap_up())]
                colleague["metrics"] = [metric("tAlert", c_answer - c_alert, c_answer),
                                        metric("tTalk", c_end - c_answer, c_end),
                                        metric("tTalkComplete", c_end - c_answer, c_end),
                                        metric("tAcw", acw, c_end + acw),
                                        metric("tHandle", c_end - c_answer + acw, c_end + acw)]
                participants.append(self.participant("user", [colleague], agent=agents[1]))
                live_end = c_end

            if agent_ends:
                customer_end, customer_disconnect = live_end + rng.randint(0, 3), "peer"
            else:
                customer_end, customer_disconnect = live_end - rng.randint(0, 3), "endpoint"

        # the customer, built last because its segments follow the queue visits
        customer_segments = [seg(t0, connect, "system")]
        boundary = connect
        current_queue = queue["id"]
        for split, next_queue in splits:
            customer_segments.append(seg(boundary, split, "interact", current_queue))
            boundary, current_queue = split, next_queue
        customer_segments.append(seg(boundary, customer_end, "interact", current_queue, customer_disconnect))
        return self._voice_customer(participants, customer_sid, ani, dnis, edge, name, attributes,
                                    customer_segments, connect, customer_end, selected, extra_sessions=customer_extra)

    def _voice_customer(self, participants, sid, ani, dnis, edge, name, attributes, segments, connect, end,
                        selected, self_served=None, extra_sessions=()):
        rng = self.rng
        customer = {"mediaType": "voice", "sessionId": sid, "direction": "inbound", "ani": ani, "dnis": dnis,
                    "sessionDnis": dnis, "edgeId": edge, "provider": "Edge"}
        if selected:
            customer["requestedRoutings"] = ["Standard"]
            customer["usedRouting"] = "Standard"
            customer["selectedAgentId"] = selected
        customer["segments"] = segments
        customer["metrics"] = [metric("nConnected", 1, connect), metric("tConnected", end - connect, end)]
        mos = round(rng.uniform(3.6, 4.93), 6)
        r_factor = round(70 + (mos - 4.0) * 25 + rng.uniform(-1.5, 1.5), 4)
        if rng.random() < 0.35:     # endpoint statistics come from some edges and phones only
            customer["mediaEndpointStats"] = [{
                "codecs": ["audio/opus" if rng.random() < 0.6 else "audio/PCMU"], "minMos": mos,
                "minRFactor": r_factor, "maxLatencyMs": rng.randint(18, 70),
                "receivedPackets": (end - connect) // 20, "eventTime": iso(end)}]
        sessions = [customer, *extra_sessions]
        participants[0] = self.participant("customer", sessions, name=name, attributes=attributes)
        return self.conversation(participants, "inbound", "customer", (mos, r_factor), self_served=self_served,
                                 early_first_segment=rng.random() < 0.03)

    # -- web chat, optionally with co-browse -----------------------------------------------

    def chat(self, t0, *, customer_timeout=True, holds=0, cobrowse=False):
        rng, org = self.rng, self.org
        queue = org.chat_queue
        first, last = self.person()
        name = "%s %s" % (first, last)
        agent = rng.choice(org.agents)
        customer_sid = self.uid()

        def chat_session(peer=True):
            s = {"mediaType": "chat", "sessionId": self.uid(), "direction": "inbound"}
            if peer:
                s["peerId"] = customer_sid
                s["remote"] = name
            s["provider"] = "Webchat Provider"
            s["requestedRoutings"] = ["Standard"]
            return s

        q_start = t0 + rng.randint(2, 6)
        alert_start = q_start + rng.randint(120, 90_000)
        answer = alert_start + rng.randint(2_000, 14_000)
        acd = chat_session()
        acd["selectedAgentId"] = agent["userId"]
        acd["segments"] = [seg(q_start, answer, "interact", queue["id"], "transfer")]
        acd["metrics"] = [metric("nOffered", 1, q_start), metric("tAcd", answer - q_start, answer)]
        # a chat customer that goes idle is disconnected with 'timeout'; the agent then sees 'peer'
        s = chat_session()
        s["usedRouting"] = "Standard"
        s["segments"], s["metrics"], live_end, _ = self.agent_leg(
            queue["id"], alert_start, answer, answer - q_start,
            self.talk_pieces(holds, first=(90_000, 900_000), later=(60_000, 400_000), hold=(20_000, 180_000)),
            "peer" if customer_timeout else "client", rng.randint(5_000, 60_000))
        if customer_timeout:
            customer_end, customer_disconnect = live_end - rng.randint(0, 3), "timeout"
        else:
            customer_end, customer_disconnect = live_end + rng.randint(0, 3), "peer"
        customer = chat_session(peer=False)
        customer["usedRouting"] = "Standard"
        customer["selectedAgentId"] = agent["userId"]
        customer["segments"] = [seg(t0, customer_end, "interact", queue["id"], customer_disconnect)]
        customer["metrics"] = [metric("nConnected", 1, t0), metric("tConnected", customer_end - t0, customer_end)]
        customer_sessions, agent_sessions = [customer], [s]
        if cobrowse:
            # the agent invites the customer to a co-browse session and ends it before the chat ends
            room = self.uid()
            start = answer + rng.randint(20_000, 60_000)
            end = min(start + rng.randint(30_000, 300_000), live_end - 1_000)
            if end > start:
                customer_sessions.append({"mediaType": "cobrowse", "sessionId": self.uid(), "direction": "inbound",
                                          "cobrowseRole": "sharer", "cobrowseRoomId": room,
                                          "segments": [seg(start, end, "interact", queue["id"], "peer")]})
                agent_sessions.append({"mediaType": "cobrowse", "sessionId": self.uid(), "direction": "inbound",
                                       "peerId": customer_sid, "cobrowseRole": "viewer", "cobrowseRoomId": room,
                                       "segments": [seg(start, end, "interact", queue["id"], "client")],
                                       "metrics": [metric("nCobrowseSessions", 1, start)]})
        participants = [self.participant("customer", customer_sessions, name=name,
                                         attributes={"context.firstName": first, "context.lastName": last}),
                        self.participant("acd", [acd], name=queue["name"]),
                        self.participant("agent", agent_sessions, agent=agent)]
        return self.conversation(participants, "inbound", "customer")

    # -- web messaging, SMS and other messaging channels, optionally escalated to video ---

    def messaging(self, t0, *, auto_answer=False, transfer=False, video=False, media_type="message"):
        rng, org = self.rng, self.org
        queue = rng.choice(org.message_queues)
        message_type, source = rng.choice(MESSAGE_CHANNELS)
        first, last = self.person()
        name = "%s %s" % (first, last)
        agents = rng.sample(org.agents, 2)
        customer_sid = self.uid()

        def message_session(peer=True):
            s = {"mediaType": media_type, "sessionId": self.uid(), "direction": "inbound", "messageType": message_type}
            if peer:
                s["peerId"] = customer_sid
                s["remote"] = name
            s["provider"] = "PureCloud Messaging"
            return s

        flow_start = t0 + rng.randint(20, 90)
        flow_end = flow_start + rng.randint(900, 45_000)
        workflow = message_session()
        workflow["flow"] = {"endingLanguage": "en-us", "entryType": "direct", "exitReason": "TRANSFER",
                            "flowId": org.messaging_flow["flowId"], "flowName": org.messaging_flow["flowName"],
                            "flowType": "INBOUNDSHORTMESSAGE", "flowVersion": org.messaging_flow["flowVersion"],
                            "startingLanguage": "en-us", "transferTargetAddress": queue["id"],
                            "transferTargetName": queue["name"], "transferType": "ACD"}
        workflow["segments"] = [seg(flow_start, flow_end, "interact", disconnect="transfer")]
        workflow["metrics"] = [metric("nFlow", 1, flow_start), metric("tFlow", flow_end - flow_start, flow_end),
                               metric("tFlowExit", flow_end - flow_start, flow_end)]
        participants = [None, self.participant("workflow", [workflow], name=org.messaging_flow["flowName"])]

        def visit(q, q_start, agent, transfer_out):
            alert_start = q_start + rng.randint(5_000, 300_000)
            answer = alert_start if auto_answer else alert_start + rng.randint(2_000, 11_000)
            acd = message_session()
            acd["requestedRoutings"] = ["Standard"]
            acd["usedRouting"] = "Standard"
            acd["selectedAgentId"] = agent["userId"]
            acd["segments"] = [seg(q_start, answer, "interact", q["id"], "transfer")]
            acd["metrics"] = [metric("nOffered", 1, q_start), metric("tAcd", answer - q_start, answer)]
            participants.append(self.participant("acd", [acd], name=q["name"]))
            s = message_session()
            s["requestedRoutings"] = ["Standard"]
            s["usedRouting"] = "Standard"
            s["segments"], s["metrics"], live_end, _ = self.agent_leg(
                q["id"], alert_start, answer, answer - q_start, self.talk_pieces(0, first=(120_000, 1_800_000)),
                "transfer" if transfer_out else "client", rng.randint(6_000, 70_000), alert=not auto_answer,
                transfer="blind" if transfer_out else None)
            s["metrics"].insert(-2, metric("oMessageTurn", rng.randint(2, 30), live_end))
            participants.append(self.participant("agent", [s], agent=agent))
            return answer, live_end, s

        answer, live_end, agent_session = visit(queue, flow_end, agents[0], transfer)
        customer_segments_queue = [(flow_end, queue["id"])]
        if transfer:
            queue2 = org.message_queues[1] if queue is org.message_queues[0] else org.message_queues[0]
            customer_segments_queue.append((live_end, queue2["id"]))
            answer, live_end, agent_session = visit(queue2, live_end, agents[1], False)
        customer_end = live_end + rng.randint(0, 3)
        customer = message_session(peer=False)
        customer["requestedRoutings"] = ["Standard"]
        customer["usedRouting"] = "Standard"
        customer["selectedAgentId"] = agents[1 if transfer else 0]["userId"]
        segments, boundary = [], t0
        current = queue["id"]
        for split, next_queue in customer_segments_queue[1:]:
            segments.append(seg(boundary, split, "interact", current))
            boundary, current = split, next_queue
        segments.append(seg(boundary, customer_end, "interact", current, "peer"))
        customer["segments"] = segments
        customer["metrics"] = [metric("nConnected", 1, t0), metric("tConnected", customer_end - t0, customer_end)]
        customer_sessions = [customer]
        if video and not transfer:
            # the agent escalates the conversation to a video call for a while
            room = self.uid()
            start = answer + rng.randint(30_000, 90_000)
            end = min(start + rng.randint(60_000, 600_000), live_end - 1_000)
            if end > start:
                customer_sessions.append({"mediaType": "video", "sessionId": self.uid(), "direction": "inbound",
                                          "videoRoomId": room,
                                          "segments": [seg(start, end, "interact", queue["id"], "peer")]})
                participants[-1]["sessions"].append(ordered({
                    "mediaType": "video", "sessionId": self.uid(), "direction": "inbound", "peerId": customer_sid,
                    "videoRoomId": room, "segments": [seg(start, end, "interact", queue["id"], "client")],
                    "metrics": [metric("tAgentVideoConnected", end - start, end)]}))
        participants[0] = self.participant("customer", customer_sessions, name=name,
                                           attributes={"context.firstName": first, "context.lastName": last,
                                                       "context.channel": source})
        return self.conversation(participants, "inbound", "customer")

    # -- inbound e-mail, and spam ---------------------------------------------------------

    def email(self, t0, *, spam=False):
        rng, org = self.rng, self.org
        queue = rng.choice(org.email_queues)
        first, last = self.person()
        name = "%s %s" % (first, last)
        address = "%s.%s@example.com" % (first.lower(), last.lower().replace("'", ""))
        subject = rng.choice(EMAIL_SUBJECTS)
        agent = rng.choice(org.agents)
        customer_sid = self.uid()

        def email_session(peer=True):
            s = {"mediaType": "email", "sessionId": self.uid(), "direction": "inbound",
                 "addressFrom": address, "addressTo": "support@example.com"}
            if peer:
                s["peerId"] = customer_sid
                s["remote"] = name
            return s

        if spam:
            # filtered as spam on arrival, never routed
            customer = email_session(peer=False)
            end = t0 + rng.randint(200, 3_000)
            customer["segments"] = [seg(t0, end, "interact", disconnect="spam", subject=subject)]
            return self.conversation([self.participant("customer", [customer], name=name)], "inbound", "customer")

        q_start = t0 + rng.randint(3, 9)
        alert_start = q_start + rng.randint(300_000, 14_400_000)
        answer = alert_start + rng.randint(3_000, 20_000)
        acd = email_session()
        acd["requestedRoutings"] = ["Standard"]
        acd["usedRouting"] = "Standard"
        acd["selectedAgentId"] = agent["userId"]
        acd["segments"] = [seg(q_start, answer, "interact", queue["id"], "transfer")]
        acd["metrics"] = [metric("nOffered", 1, q_start), metric("tAcd", answer - q_start, answer)]
        s = email_session()
        s["requestedRoutings"] = ["Standard"]
        s["usedRouting"] = "Standard"
        s["segments"], s["metrics"], live_end, _ = self.agent_leg(
            queue["id"], alert_start, answer, answer - q_start, self.talk_pieces(0, first=(60_000, 1_200_000)),
            "client", rng.randint(10_000, 180_000))
        customer_end = live_end + rng.randint(0, 3)
        customer = email_session(peer=False)
        customer["requestedRoutings"] = ["Standard"]
        customer["usedRouting"] = "Standard"
        customer["selectedAgentId"] = agent["userId"]
        customer["segments"] = [seg(t0, customer_end, "interact", queue["id"], "peer", subject=subject)]
        customer["metrics"] = [metric("nConnected", 1, t0), metric("tConnected", customer_end - t0, customer_end)]
        participants = [self.participant("customer", [customer], name=name, external_contact=rng.random() < 0.4),
                        self.participant("acd", [acd], name=queue["name"]),
                        self.participant("agent", [s], agent=agent)]
        return self.conversation(participants, "inbound", "customer")

    # -- scheduled callback ---------------------------------------------------------------

    def callback(self, t0):
        """A callback requested on the web waits in a voice queue; the agent accepts it,
        dials the customer on a voice session, talks, ends the callback and wraps up."""
        rng, org = self.rng, self.org
        queue = rng.choice(org.voice_queues)
        first, last = self.person()
        name = "%s %s" % (first, last)
        number = self.phone()
        agent = rng.choice(org.agents)
        edge = rng.choice(org.edges)
        callback_sid, voice_sid = self.uid(), self.uid()

        def callback_session(peer=True):
            s = {"mediaType": "callback", "sessionId": self.uid(), "direction": "outbound"}
            if peer:
                s["peerId"] = callback_sid
                s["remote"] = name
            s["callbackNumbers"] = [number]
            s["callbackUserName"] = name
            s["requestedRoutings"] = ["Standard"]
            s["usedRouting"] = "Standard"
            return s

        def voice_session(session_id, peer):
            s = {"mediaType": "voice", "sessionId": session_id, "direction": "outbound", "ani": CALLBACK_ANI,
                 "dnis": "tel:" + number, "edgeId": edge, "provider": "Edge"}
            if peer:
                s["peerId"] = voice_sid
                s["remote"] = name
            return s

        q_start = t0 + rng.randint(2, 6)
        alert_start = q_start + rng.randint(20_000, 1_800_000)
        answer = alert_start + rng.randint(2_000, 9_000)
        dial = answer + rng.randint(800, 4_000)
        connect = dial + rng.randint(6_000, 22_000)
        hangup = connect + rng.randint(30_000, 480_000)
        voice_end = hangup + rng.randint(0, 3)
        callback_end = voice_end + rng.randint(1_500, 6_000)

        acd = callback_session()
        acd["selectedAgentId"] = agent["userId"]
        acd["segments"] = [seg(q_start, answer, "interact", queue["id"], "transfer")]
        acd["metrics"] = [metric("nOffered", 1, q_start), metric("tAcd", answer - q_start, answer)]
        agent_callback = callback_session()
        agent_callback["segments"], agent_callback["metrics"], _, _ = self.agent_leg(
            queue["id"], alert_start, answer, answer - q_start, [("interact", callback_end - answer)],
            "client", rng.randint(10_000, 90_000))
        agent_voice = voice_session(self.uid(), True)
        agent_voice["segments"] = [seg(dial, connect, "dialing", queue["id"]),
                                   seg(connect, voice_end, "interact", queue["id"], "peer")]
        agent_voice["metrics"] = [metric("nOutbound", 1, dial)]
        customer_callback = callback_session(peer=False)
        customer_callback["callbackScheduledTime"] = iso(t0 - t0 % 60_000)
        customer_callback["selectedAgentId"] = agent["userId"]
        customer_callback["segments"] = [seg(t0, callback_end + rng.randint(0, 3), "interact", queue["id"], "peer")]
        customer_voice = voice_session(voice_sid, False)
        customer_voice["segments"] = [seg(connect, hangup, "interact", queue["id"], "endpoint")]
        customer_voice["metrics"] = [metric("nConnected", 1, connect), metric("tConnected", hangup - connect, hangup)]
        participants = [self.participant("customer", [customer_callback, customer_voice], name=name),
                        self.participant("acd", [acd], name=queue["name"]),
                        self.participant("agent", [agent_callback, agent_voice], agent=agent)]
        return self.conversation(participants, "outbound")

    # -- outbound voice: dialled by a user, or by a campaign ------------------------------

    def outbound_manual(self, t0):
        """A user dials a customer on behalf of a queue; the customer answers."""
        rng, org = self.rng, self.org
        queue = rng.choice(org.voice_queues)
        agent = rng.choice(org.agents)
        first, last = self.person()
        number = "tel:" + self.phone()
        edge = rng.choice(org.edges)
        user_sid = self.uid()
        dial_end = t0 + rng.randint(4_000, 25_000)
        talk = rng.randint(20_000, 600_000)
        end = dial_end + talk
        acw = rng.randint(5_000, 90_000)
        disconnect = "client" if rng.random() < 0.6 else "peer"
        user = {"mediaType": "voice", "sessionId": user_sid, "direction": "outbound", "ani": rng.choice(MAIN_NUMBERS),
                "dnis": number, "edgeId": edge, "provider": "Edge", "remote": "%s %s" % (first, last),
                "recording": True,
                "segments": [seg(t0, dial_end, "dialing", queue["id"]),
                             seg(dial_end, end, "interact", queue["id"], disconnect),
                             seg(end, end + acw, "wrapup", queue["id"], disconnect, wrap_up=self.wrap_up())],
                "metrics": [metric("nOutbound", 1, t0), metric("tDialing", dial_end - t0, dial_end),
                            metric("tTalk", talk, end), metric("tTalkComplete", talk, end),
                            metric("tAcw", acw, end + acw),
                            metric("tHandle", (dial_end - t0) + talk + acw, end + acw)]}
        customer_end = end + (rng.randint(0, 3) if disconnect == "client" else -rng.randint(0, 3))
        customer = {"mediaType": "voice", "sessionId": self.uid(), "direction": "outbound",
                    "ani": user["ani"], "dnis": number, "edgeId": edge, "provider": "Edge", "peerId": user_sid,
                    "segments": [seg(dial_end, customer_end, "interact", queue["id"],
                                     "peer" if disconnect == "client" else "endpoint")],
                    "metrics": [metric("nConnected", 1, dial_end),
                                metric("tConnected", customer_end - dial_end, customer_end)]}
        participants = [self.participant("user", [user], agent=agent),
                        self.participant("customer", [customer], name="%s %s" % (first, last))]
        return self.conversation(participants, "outbound", "user")

    def outbound_campaign(self, t0):
        """A predictive campaign dials a contact: unreachable numbers end in the dialing
        segment; answered calls are queued to the campaign's queue and taken by an agent."""
        rng, org = self.rng, self.org
        campaign = rng.choice(org.campaigns)
        queue = campaign["queue"]
        first, last = self.person()
        number = "tel:" + self.phone()
        edge = rng.choice(org.edges)
        customer_sid = self.uid()
        customer = {"mediaType": "voice", "sessionId": customer_sid, "direction": "outbound", "ani": CALLBACK_ANI,
                    "dnis": number, "edgeId": edge, "provider": "Edge", "outboundCampaignId": campaign["id"],
                    "outboundContactId": self.uid(), "outboundContactListId": campaign["contactList"]}
        connect = t0 + rng.randint(4_000, 30_000)
        roll = rng.random()
        if roll < 0.7:
            # most predictive attempts reach nobody: no answer (the dialer gives up: 'timeout')
            # or a number that cannot be called
            reason = "timeout" if roll < 0.56 else "uncallable"
            customer["segments"] = [seg(t0, connect, "dialing", queue["id"], reason)]
            participants = [self.participant("customer", [customer], name="%s %s" % (first, last))]
            return self.conversation(participants, "outbound", "campaign")
        agent = rng.choice(org.agents)
        q_start = connect + rng.randint(5, 30)
        answer = q_start + rng.randint(300, 1_800)
        acd = {"mediaType": "voice", "sessionId": self.uid(), "direction": "outbound", "ani": CALLBACK_ANI,
               "dnis": number, "edgeId": edge, "provider": "Edge", "peerId": customer_sid,
               "outboundCampaignId": campaign["id"], "requestedRoutings": ["Standard"], "usedRouting": "Standard",
               "selectedAgentId": agent["userId"],
               "segments": [seg(connect, q_start, "delay"), seg(q_start, answer, "interact", queue["id"], "transfer")],
               "metrics": [metric("nOffered", 1, q_start), metric("tAcd", answer - q_start, answer)]}
        session = {"mediaType": "voice", "sessionId": self.uid(), "direction": "outbound", "ani": CALLBACK_ANI,
                   "dnis": number, "edgeId": edge, "provider": "Edge", "peerId": customer_sid,
                   "remote": "%s %s" % (first, last), "outboundCampaignId": campaign["id"], "recording": True}
        agent_ends = rng.random() < 0.5
        alert_start = answer - rng.randint(200, answer - q_start)
        session["segments"], session["metrics"], live_end, _ = self.agent_leg(
            queue["id"], alert_start, answer, answer - q_start, self.talk_pieces(rng.random() < 0.2),
            "client" if agent_ends else "peer", rng.randint(5_000, 60_000))
        customer_end = live_end + rng.randint(0, 3) if agent_ends else live_end - rng.randint(0, 3)
        customer["segments"] = [seg(t0, connect, "dialing", queue["id"]),
                                seg(connect, customer_end, "interact", queue["id"], "peer" if agent_ends else "endpoint")]
        customer["metrics"] = [metric("nConnected", 1, connect), metric("tConnected", customer_end - connect, customer_end)]
        participants = [self.participant("customer", [customer], name="%s %s" % (first, last)),
                        self.participant("acd", [acd], name=queue["name"]),
                        self.participant("agent", [session], agent=agent)]
        return self.conversation(participants, "outbound", "campaign")

    # -- the mix ------------------------------------------------------------------------------

    def ordinary(self, t0):
        """One clean conversation drawn from a contact centre's usual mix (shares in MIX)."""
        rng = self.rng
        roll = rng.random()
        for share, build in MIX:
            if roll < share:
                return build(self, rng, t0)
            roll -= share
        return MIX[0][1](self, rng, t0)

    # -- in-progress conversations ----------------------------------------------------------

    @staticmethod
    def snapshot(conversation, at):
        """The conversation as an export taken at `at` shows it: no conversationEnd, the
        segment running at that moment open (no segmentEnd, no disconnect yet), later segments
        and sessions absent, and only the metrics already emitted."""
        stamp = iso(at)
        del conversation["conversationEnd"]
        conversation.pop("selfServed", None)
        conversation.pop("mediaStatsMinConversationMos", None)
        conversation.pop("mediaStatsMinConversationRFactor", None)
        participants = []
        for p in conversation["participants"]:
            sessions = []
            for s in p["sessions"]:
                segments = []
                for g in s["segments"]:
                    if g["segmentStart"] > stamp:
                        break
                    if g["segmentEnd"] > stamp:
                        for key in ("segmentEnd", "disconnectType", "wrapUpCode", "errorCode"):
                            g.pop(key, None)
                        segments.append(g)
                        if "flow" in s:
                            for key in ("endingLanguage", "exitReason", "transferTargetAddress",
                                        "transferTargetName", "transferType"):
                                s["flow"].pop(key, None)
                        break
                    segments.append(g)
                if not segments:
                    continue
                s["segments"] = segments
                if "metrics" in s:
                    s["metrics"] = [m for m in s["metrics"] if m["emitDate"] <= stamp]
                    if not s["metrics"]:
                        del s["metrics"]
                if "mediaEndpointStats" in s:
                    del s["mediaEndpointStats"]
                sessions.append(s)
            if sessions:
                p["sessions"] = sessions
                participants.append(p)
        conversation["participants"] = participants
        return conversation


# The usual mix of a contact centre that takes calls, chats, messages and e-mail and runs an
# outbound campaign: (share of conversations, builder). The shares add up to 1.
MIX = [
    (0.17, lambda b, rng, t0: b.voice(
        t0, holds=rng.choice((0, 0, 0, 1, 1, 2)),
        not_responding=0 if rng.random() < 0.88 else (1 if rng.random() < 0.8 else 2),
        nr_wrap=rng.random() < 0.2, agent_ends=rng.random() < 0.55, parked=rng.random() < 0.02,
        screenshare=rng.random() < 0.02)),
    (0.03, lambda b, rng, t0: b.voice(t0, transfer="queue", holds=rng.choice((0, 1)), agent_ends=rng.random() < 0.5)),
    (0.01, lambda b, rng, t0: b.voice(t0, transfer="consult", agent_ends=rng.random() < 0.5)),
    (0.16, lambda b, rng, t0: b.voice(t0, "self-service")),
    (0.06, lambda b, rng, t0: b.voice(t0, "abandon")),
    (0.015, lambda b, rng, t0: b.voice(t0, "short-abandon")),
    (0.01, lambda b, rng, t0: b.voice(t0, "voicemail")),
    (0.045, lambda b, rng, t0: b.chat(t0, customer_timeout=rng.random() < 0.5, holds=rng.choice((0, 0, 1)),
                                     cobrowse=rng.random() < 0.06)),
    (0.09, lambda b, rng, t0: b.messaging(t0, auto_answer=rng.random() < 0.4, transfer=rng.random() < 0.06,
                                          video=rng.random() < 0.03)),
    (0.04, lambda b, rng, t0: b.email(t0, spam=rng.random() < 0.04)),
    (0.015, lambda b, rng, t0: b.callback(t0)),
    (0.05, lambda b, rng, t0: b.outbound_manual(t0)),
    (0.305, lambda b, rng, t0: b.outbound_campaign(t0)),
]


# ---------------------------------------------------------------------------
# Planted defects: each makes one conversation break the rule(s) named, and nothing else.

def _sessions(c, purpose):
    return [s for p in c["participants"] if p["purpose"] == purpose for s in p["sessions"]]


def _metric(session, name):
    return next(m for m in session["metrics"] if m["name"] == name)


def _answering_agent(c):
    return next(s for s in _sessions(c, "agent") if any(m["name"] == "tAnswered" for m in s.get("metrics", ())))


def defect_abandon_client(b, t0):
    # an abandon whose queue leg the in-queue flow ended ('client' on the acd segment)
    return b.voice(t0, "abandon", flow_disconnect=True)


def defect_spam_on_voice(b, t0):
    c = b.voice(t0)
    _sessions(c, "customer")[0]["segments"][-1]["disconnectType"] = "spam"
    return c


def defect_segment_end_before_start(b, t0):
    c = b.voice(t0)
    g = _sessions(c, "ivr")[0]["segments"][0]    # the IVR's short set-up segment, swapped
    g["segmentStart"], g["segmentEnd"] = g["segmentEnd"], g["segmentStart"]
    return c


def defect_conversation_end_before_start(b, t0):
    c = b.voice(t0)
    # the end written in US Eastern time with a 'Z'
    c["conversationEnd"] = iso(parse_iso(c["conversationEnd"]) - 5 * 3_600_000)
    return c


def defect_dotted_disconnect(b, t0):
    # the not-responding agent's alert spelt as the Conversations API spells it
    return b.voice(t0, not_responding=1, nr_spelling="transfer.noanswer")


def defect_sms_media_type(b, t0):
    return b.messaging(t0, media_type="sms")


def defect_metric_as_string(b, t0):
    c = b.voice(t0)
    m = _metric(_answering_agent(c), "tAlert")
    m["value"] = str(m["value"])
    return c


def defect_answer_differs_from_queue_time(b, t0):
    c = b.voice(t0)
    _metric(_answering_agent(c), "tAnswered")["value"] += b.rng.randint(2_000, 9_000)
    return c


def defect_open_segment(b, t0):
    c = b.voice(t0)
    del _sessions(c, "customer")[0]["segments"][-1]["segmentEnd"]
    return c


def defect_unknown_metric(b, t0):
    c = b.voice(t0)
    acd = _sessions(c, "acd")[0]
    t_acd = _metric(acd, "tAcd")
    acd["metrics"].append({"name": "tWait", "value": t_acd["value"], "emitDate": t_acd["emitDate"]})
    return c


def defect_short_abandon_without_abandon(b, t0):
    c = b.voice(t0, "short-abandon")
    acd = _sessions(c, "acd")[0]
    acd["metrics"] = [m for m in acd["metrics"] if m["name"] != "tAbandon"]
    return c


def defect_negative_duration(b, t0):
    c = b.voice(t0)
    _metric(_sessions(c, "customer")[0], "tConnected")["value"] *= -1
    return c


def defect_agent_without_user_id(b, t0):
    c = b.voice(t0)
    agent = next(p for p in c["participants"] if p["purpose"] == "agent")
    del agent["userId"]
    return c


def defect_not_responding_differs_from_alert(b, t0):
    c = b.voice(t0, not_responding=1)
    nr = next(s for s in _sessions(c, "agent") if any(m["name"] == "tNotResponding" for m in s["metrics"]))
    _metric(nr, "tNotResponding")["value"] += b.rng.randint(2_000, 6_000)
    return c


def defect_abandoned_and_answered(b, t0):
    c = b.voice(t0)
    acd = _sessions(c, "acd")[0]
    t_acd = _metric(acd, "tAcd")
    acd["metrics"].append({"name": "tAbandon", "value": t_acd["value"], "emitDate": t_acd["emitDate"]})
    return c


# kind -> (builder, rules expected to fire on that conversation)
DEFECTS = {
    "abandoned-client-disconnect": (defect_abandon_client, ["GDQ201"]),
    "spam-on-voice": (defect_spam_on_voice, ["GDQ301"]),
    "segment-ends-before-start": (defect_segment_end_before_start, ["GDQ401"]),
    "conversation-ends-before-start": (defect_conversation_end_before_start, ["GDQ402"]),
    "duplicate-conversation-id": (None, ["GDQ501"]),
    "other-api-disconnect-spelling": (defect_dotted_disconnect, ["GDQ106"]),
    "unknown-media-type": (defect_sms_media_type, ["GDQ103"]),
    "metric-value-not-integer": (defect_metric_as_string, ["GDQ002"]),
    "answer-time-differs-from-queue-time": (defect_answer_differs_from_queue_time, ["GDQ206"]),
    "open-segment-in-ended-conversation": (defect_open_segment, ["GDQ403"]),
    "unknown-metric-name": (defect_unknown_metric, ["GDQ606"]),
    "short-abandon-without-abandon": (defect_short_abandon_without_abandon, ["GDQ210"]),
    "negative-duration": (defect_negative_duration, ["GDQ409"]),
    "agent-without-user-id": (defect_agent_without_user_id, ["GDQ119"]),
    "not-responding-differs-from-alert": (defect_not_responding_differs_from_alert, ["GDQ209"]),
    "abandoned-and-answered": (defect_abandoned_and_answered, ["GDQ202"]),
}
IN_PROGRESS_RULES = ["GDQ502"]


# ---------------------------------------------------------------------------
# Writing.

class Output:
    """The export's envelope around a stream of conversation texts."""

    def __init__(self, handle, shape, pretty):
        self.handle = handle
        self.shape = shape
        self.pretty = pretty
        self.count = 0
        self.bytes = 0
        if shape != "ndjson":
            self._write('{\n  "conversations": [\n' if pretty else '{"conversations":[')

    def _write(self, text):
        self.handle.write(text)
        self.bytes += len(text)

    def encode(self, conversation):
        if self.pretty and self.shape != "ndjson":
            return "    " + json.dumps(conversation, indent=2).replace("\n", "\n    ")
        return json.dumps(conversation, separators=(",", ":"))

    def add(self, text):
        if self.shape == "ndjson":
            self._write(text + "\n")
        else:
            self._write(("," + ("\n" if self.pretty else "") if self.count else "") + text)
        self.count += 1

    def finish(self, cursor, data_availability):
        if self.shape == "ndjson":
            return
        if self.shape == "query":
            tail = {"totalHits": self.count}
        else:
            tail = {"cursor": cursor, "dataAvailabilityDate": data_availability}
        if self.pretty:
            fields = ",\n".join("  %s: %s" % (json.dumps(k), json.dumps(v)) for k, v in tail.items())
            self._write("\n  ],\n%s\n}\n" % fields)
        else:
            fields = ",".join("%s:%s" % (json.dumps(k), json.dumps(v)) for k, v in tail.items())
            self._write("],%s}\n" % fields)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     epilog="Sizes are in decimal megabytes (10^6 bytes) of uncompressed output.")
    parser.add_argument("megabytes", type=float, help="approximate size of the output, uncompressed")
    parser.add_argument("output", help="file to write")
    parser.add_argument("--shape", choices=("query", "jobs", "ndjson"), default="query",
                        help="query response (default), async jobs results page, or NDJSON; jobs pages "
                             "and NDJSON carry participant attributes, as jobs results do")
    parser.add_argument("--ndjson", action="store_const", const="ndjson", dest="shape",
                        help="same as --shape ndjson: one compact conversation per line")
    parser.add_argument("--pretty", action="store_true",
                        help="indent the query response or jobs page (slower to write; NDJSON stays compact)")
    parser.add_argument("--gzip", action="store_true", help="compress the output with gzip")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument("--defect-rate", type=float, default=0.02,
                        help="share of conversations with a planted defect (default 0.02)")
    parser.add_argument("--in-progress-rate", type=float, default=0.01,
                        help="share of conversations still in progress (default 0.01)")
    parser.add_argument("--start", default="2026-10-05",
                        help="UTC date of the first conversation (default 2026-10-05: older than the 48-hour "
                             "reprocessing window and newer than every enumeration value used)")
    parser.add_argument("--manifest", metavar="FILE",
                        help="write what was planted (JSON: conversation ids by defect kind and expected rules)")
    arguments = parser.parse_args()

    rng = random.Random(arguments.seed)
    org = Org(random.Random(arguments.seed * 7919 + 1))
    with_attributes = arguments.shape != "query"    # jobs results (and dumps of them) carry attributes
    builder = Builder(rng, org, with_attributes)
    start = datetime.datetime.strptime(arguments.start, "%Y-%m-%d").replace(tzinfo=UTC)
    clock = int((start - EPOCH).total_seconds()) * 1000
    target = int(arguments.megabytes * 1_000_000)
    kinds = sorted(DEFECTS)

    if arguments.gzip:
        raw = open(arguments.output, "wb")
        handle = gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=5, mtime=0)
        text_handle = io.TextIOWrapper(handle, encoding="ascii", newline="\n")
    else:
        raw = None
        text_handle = open(arguments.output, "w", encoding="ascii", newline="\n", buffering=1 << 20)
    out = Output(text_handle, arguments.shape, arguments.pretty)

    recent = collections.deque(maxlen=500)     # (id, text) of recent conversations, for duplicates
    planted = {kind: [] for kind in kinds}
    in_progress = []
    latest_activity = clock
    while out.bytes < target:
        # arrivals of a busy contact centre: about one every two seconds
        clock += int(rng.expovariate(1 / 2_000)) + 1
        kind = rng.choice(kinds) if rng.random() < arguments.defect_rate else None
        if kind == "duplicate-conversation-id" and recent:
            # an earlier conversation again, as overlapping pages or jobs return it
            conversation_id, text = rng.choice(recent)
            planted[kind].append({"index": out.count, "conversationId": conversation_id})
            out.add(text)
            continue
        if kind and kind != "duplicate-conversation-id":
            conversation = DEFECTS[kind][0](builder, clock)
            planted[kind].append({"index": out.count, "conversationId": conversation["conversationId"]})
            latest_activity = max(latest_activity, parse_iso(conversation["conversationEnd"]))
        else:
            conversation = builder.ordinary(clock)
            latest_activity = max(latest_activity, parse_iso(conversation["conversationEnd"]))
            if rng.random() < arguments.in_progress_rate:
                begin = parse_iso(conversation["conversationStart"])
                end = parse_iso(conversation["conversationEnd"])
                Builder.snapshot(conversation, begin + int((end - begin) * rng.uniform(0.15, 0.95)))
                in_progress.append({"index": out.count, "conversationId": conversation["conversationId"]})
        text = out.encode(conversation)
        out.add(text)
        if kind is None and "conversationEnd" in conversation:
            recent.append((conversation["conversationId"], text))

    # the page's data-availability date is the moment of the export, after every activity in it
    latest_activity = max(latest_activity, clock) + 3_600_000
    out.finish(cursor="%032x" % rng.getrandbits(128), data_availability=iso(latest_activity - latest_activity % 1000))
    text_handle.close()
    if raw:
        raw.close()

    if arguments.manifest:
        manifest = {
            "shape": arguments.shape, "seed": arguments.seed, "conversations": out.count,
            "defects": {kind: {"rules": DEFECTS[kind][1], "conversations": planted[kind]}
                        for kind in kinds if planted[kind]},
            "inProgress": {"rules": IN_PROGRESS_RULES, "conversations": in_progress},
        }
        with open(arguments.manifest, "w", encoding="utf-8") as handle:
            json.dump(manifest, handle, indent=1)
            handle.write("\n")
    defects = sum(len(v) for v in planted.values())
    print("wrote %s: %d conversations, %.1f MB, %d with a planted defect, %d in progress"
          % (arguments.output, out.count, out.bytes / 1e6, defects, len(in_progress)), file=sys.stderr)


if __name__ == "__main__":
    main()
