#!/usr/bin/env python3
"""Generate the example exports bundled with genesys-lint.

    python3 Examples/generate.py

writes, byte for byte the same on every run (fixed seeds, standard library only):

  Examples/clean/query-response-2026-03-02.json
      A details *query response* envelope ({"conversations": [...], "totalHits": N}),
      pretty-printed, 30 conversations with no data-quality problem.
  Examples/problems/jobs-results-2026-03-03.ndjson
      NDJSON, one compact conversation per line (a dump of async details-job
      results), 20 lines, with known problems planted in single conversations.
  Examples/problems/EXPECTED.md
      The list of planted problems: line, conversationId, JSON pointers, what is wrong.

Every conversation is synthetic: ids are random UUIDs from a seeded generator, phone
numbers use the fictional +1 555 range, e-mail addresses use example.com. The shapes and
habits (segment sequences, metric carriers, emit dates, disconnect types repeated on
wrap-up, a not-responding agent's `client` alert, ...) copy the real samples described in
shared/genesys/semantics.md and shared/genesys/schema.md section 5.

Before writing anything the script checks its own output (see `check_conversation`):
the clean export and the clean lines of the NDJSON file must pass every check, and each
planted problem must be seen by the check that matches it. Enumerations come from
Rules/vocabulary.json.
"""

import copy
import datetime
import json
import os
import random
import sys
import uuid

from analytics_shapes import EPOCH, UTC, iso, metric, ordered, parse_iso, seg

HERE = os.path.dirname(os.path.abspath(__file__))
VOCABULARY = os.path.join(HERE, os.pardir, "Rules", "vocabulary.json")

CLEAN_PATH = os.path.join(HERE, "exports", "clean", "query-response-2026-03-02.json")
PROBLEMS_PATH = os.path.join(HERE, "exports", "problems", "jobs-results-2026-03-03.ndjson")
EXPECTED_MD = os.path.join(HERE, "exports", "problems", "EXPECTED.md")

ORG_SEED = 7_2026
CLEAN_SEED = 2026_03_02
PROBLEMS_SEED = 2026_03_03



# ---------------------------------------------------------------------------
# Time helpers: every time is an integer of milliseconds since 1970 (UTC); the building blocks
# (iso, parse_iso, seg, metric, ordered) are in analytics_shapes.py.

def ms_at(year, month, day, hour=0, minute=0, second=0):
    moment = datetime.datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    return int((moment - EPOCH).total_seconds()) * 1000


QUEUES = [
    # key, name, media
    ("billing", "Billing", "voice"),
    ("support", "Technical Support", "voice"),
    ("sales", "Sales", "voice"),
    ("accounts", "Account Services", "voice"),
    ("chat", "Web Chat Support", "chat"),
    ("messaging", "Messaging Support", "message"),
    ("email", "Email Support", "email"),
]

AGENT_NAMES = [
    "Priya Raman", "Marcus Bell", "Elena Sokolova", "David Okafor", "Hannah Liu",
    "Tomas Rivera", "Grace Whitfield", "Samuel Adeyemi", "Olivia Brandt",
    "Kenji Watanabe", "Rachel Stein", "Andre Dubois",
]

PEOPLE = [
    ("Maria", "Garcia"), ("James", "Thompson"), ("Aisha", "Khan"), ("Robert", "Nguyen"),
    ("Linda", "Johansson"), ("Michael", "Brown"), ("Sofia", "Rossi"), ("Daniel", "Murphy"),
    ("Fatima", "Haddad"), ("Kevin", "O'Brien"), ("Yuki", "Tanaka"), ("Carlos", "Mendes"),
    ("Emily", "Clarke"), ("Noah", "Fischer"), ("Grace", "Mensah"), ("Lucas", "Martin"),
    ("Chloe", "Dupont"), ("Ethan", "Walker"), ("Zara", "Ali"), ("Owen", "Price"),
    ("Rosa", "Delgado"), ("Victor", "Ivanov"), ("Nina", "Patel"), ("Peter", "Kowalski"),
]

EMAIL_SUBJECTS = [
    "Question about my last invoice",
    "Re: Order 48213 not delivered",
    "Cannot reset my password",
    "Change of billing address",
]

CONTACT_NUMBER = "tel:+13175550100"   # the org's main number (fictional 555-01xx range)
CALLBACK_ANI = "tel:+13175550199"


class Org:
    """The contact centre: queues, agents, wrap-up codes, flows. Same in both files."""

    def __init__(self, seed):
        rng = random.Random(seed)

        def uid():
            return str(uuid.UUID(int=rng.getrandbits(128), version=4))

        self.division = uid()
        self.edges = [uid(), uid()]
        self.queues = {key: {"id": uid(), "name": name, "media": media} for key, name, media in QUEUES}
        self.agents = [{"userId": uid(), "name": name} for name in AGENT_NAMES]
        self.wrap_up_codes = [uid() for _ in range(8)]
        self.ivr_flow = {"flowId": uid(), "flowName": "Main Menu IVR", "flowVersion": "27.0"}
        self.messaging_flow = {"flowId": uid(), "flowName": "Web Messaging Inbound", "flowVersion": "9.0"}


# ---------------------------------------------------------------------------
# Conversation builders.

class Builder:
    def __init__(self, org, seed, jobs_results=False):
        self.org = org
        self.rng = random.Random(seed)
        self.jobs_results = jobs_results   # job results carry participant attributes

    # -- small random helpers -------------------------------------------------

    def uid(self):
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def phone(self):
        return "+1555%07d" % self.rng.randint(0, 9_999_999)

    def person(self):
        return self.rng.choice(PEOPLE)

    def caller_name(self, first, last):
        style = self.rng.random()
        if style < 0.35:
            return "Mobile Number, United States"
        if style < 0.5:
            return "WIRELESS CALLER"
        return ("%s %s" % (last, first)).upper().replace("'", "")

    def agents(self, count):
        return self.rng.sample(self.org.agents, count)

    def wrap_up(self):
        return self.rng.choice(self.org.wrap_up_codes)

    def talk_pieces(self, holds, first=(25_000, 420_000), later=(15_000, 300_000), hold=(12_000, 150_000)):
        pieces = [("interact", self.rng.randint(*first))]
        for _ in range(holds):
            pieces.append(("hold", self.rng.randint(*hold)))
            pieces.append(("interact", self.rng.randint(*later)))
        return pieces

    # -- shared pieces ----------------------------------------------------------

    def agent_leg(self, queue_id, alert_start, answer, t_acd, pieces, disconnect, acw,
                  alert=True, blind_transfer=False):
        """Segments and metrics of an agent session that answered a queue visit.

        alert -> interact (-> hold -> interact)* -> wrapup; tAnswered = tAcd of the visit;
        tHandle = tTalkComplete + tHeldComplete + tAcw.
        """
        segments, metrics = [], []
        if alert:
            segments.append(seg(alert_start, answer, "alert", queue_id))
            metrics.append(metric("tAlert", answer - alert_start, answer))
        metrics.append(metric("tAnswered", t_acd, answer))
        t = answer
        talk = held = 0
        last_hold = None
        for index, (kind, duration) in enumerate(pieces):
            end = t + duration
            last = index == len(pieces) - 1
            segments.append(seg(t, end, kind, queue_id, disconnect if last else None))
            if kind == "interact":
                talk += duration
                metrics.append(metric("tTalk", duration, end))
                if last:
                    metrics.append(metric("tTalkComplete", talk, end))
            else:
                held += duration
                metrics.append(metric("tHeld", duration, end))
                last_hold = len(metrics) - 1
            t = end
        if last_hold is not None:
            metrics.insert(last_hold + 1, metric("tHeldComplete", held, parse_iso(metrics[last_hold]["emitDate"])))
        if blind_transfer:
            metrics.append(metric("nTransferred", 1, t))
            metrics.append(metric("nBlindTransferred", 1, t))
        live_end = t
        segments.append(seg(t, t + acw, "wrapup", queue_id, disconnect, wrap_up=self.wrap_up()))
        metrics.append(metric("tAcw", acw, t + acw))
        metrics.append(metric("tHandle", talk + held + acw, t + acw))
        return segments, metrics, live_end

    def participant(self, purpose, sessions, name=None, user_id=None, attributes=None):
        p = {"participantId": self.uid()}
        if name:
            p["participantName"] = name
        if user_id:
            p["userId"] = user_id
        p["purpose"] = purpose
        if attributes and self.jobs_results:
            p["attributes"] = attributes
        p["sessions"] = sessions
        return p

    def conversation(self, conversation_id, participants, direction, initiator=None, mos=None):
        starts, ends = [], []
        for p in participants:
            p["sessions"] = [ordered(s) for s in p["sessions"]]
            for s in p["sessions"]:
                for g in s["segments"]:
                    starts.append(parse_iso(g["segmentStart"]))
                    ends.append(parse_iso(g["segmentEnd"]))
        c = {
            "conversationId": conversation_id,
            "conversationStart": iso(min(starts)),
            "conversationEnd": iso(max(ends)),
        }
        if initiator:
            c["conversationInitiator"] = initiator
        if mos:
            c["mediaStatsMinConversationMos"] = mos[0]
            c["mediaStatsMinConversationRFactor"] = mos[1]
        c["originatingDirection"] = direction
        c["divisionIds"] = [self.org.division]
        c["participants"] = participants
        return c

    # -- inbound voice ----------------------------------------------------------

    def voice(self, t0, queue_key, *, abandon=False, flow_disconnect=False, alerting_on_abandon=False,
              not_responding=None, holds=0, agent_disconnect="client", transfer_to=None, alert_len=None):
        """customer -> ivr -> acd (-> agent), optionally a not-responding agent first,
        optionally a blind transfer to a second queue (a second acd participant)."""
        rng, org = self.rng, self.org
        queue = org.queues[queue_key]
        first, last = self.person()
        name = self.caller_name(first, last)
        ani = "tel:" + self.phone()
        edge = rng.choice(org.edges)
        conversation_id = self.uid()
        cust_sid = self.uid()

        def voice_session(direction="inbound", peer=True):
            s = {"mediaType": "voice", "sessionId": self.uid(), "direction": direction,
                 "ani": ani, "dnis": CONTACT_NUMBER, "sessionDnis": CONTACT_NUMBER,
                 "edgeId": edge, "provider": "Edge"}
            if peer:
                s["peerId"] = cust_sid
                s["remote"] = name
            return s

        # customer call setup, then the IVR
        connect = t0 + rng.randint(150, 650)
        ivr_segment_start = connect + rng.randint(300, 900)
        ivr_end = ivr_segment_start + rng.randint(18_000, 95_000)
        ivr_session = voice_session()
        ivr_session["flow"] = {
            "endingLanguage": "en-us", "entryReason": CONTACT_NUMBER, "entryType": "dnis",
            "exitReason": "TRANSFER", "flowId": org.ivr_flow["flowId"],
            "flowName": org.ivr_flow["flowName"], "flowType": "INBOUNDCALL",
            "flowVersion": org.ivr_flow["flowVersion"], "startingLanguage": "en-us",
            "transferTargetAddress": queue["id"], "transferTargetName": queue["name"],
            "transferType": "ACD",
        }
        ivr_session["segments"] = [seg(connect, ivr_segment_start, "system"),
                                   seg(ivr_segment_start, ivr_end, "ivr", disconnect="transfer")]
        ivr_session["metrics"] = [metric("nFlow", 1, connect),
                                  metric("tFlow", ivr_end - connect, ivr_end),
                                  metric("tFlowExit", ivr_end - connect, ivr_end),
                                  metric("tIvr", ivr_end - ivr_segment_start, ivr_end)]
        participants = [None, self.participant("ivr", [ivr_session], name=org.ivr_flow["flowName"])]

        routed = []          # (queue, acd session) in order, for the customer's segments
        selected_agent = None
        used = self.agents(3)

        def queue_visit(q, visit_start):
            delay_end = visit_start + rng.randint(8, 24)
            s = voice_session()
            s["requestedRoutings"] = ["Standard"]
            routed.append((q, s))
            return s, delay_end

        # ---- first queue visit
        acd, q_start = queue_visit(queue, ivr_end)
        if abandon:
            q_end = q_start + rng.randint(9_000, 240_000)
            acd["segments"] = [seg(ivr_end, q_start, "delay"),
                               seg(q_start, q_end, "interact", queue["id"],
                                   "client" if flow_disconnect else "peer")]
            acd["metrics"] = [metric("nOffered", 1, q_start), metric("tAcd", q_end - q_start, q_end),
                              metric("tAbandon", q_end - q_start, q_end)]
            participants.append(self.participant("acd", [acd], name=queue["name"]))
            if alerting_on_abandon:
                a_len = rng.randint(2_000, 7_000)
                s = voice_session()
                s["segments"] = [seg(q_end - a_len, q_end, "alert", queue["id"], "peer")]
                s["metrics"] = [metric("tAlert", a_len, q_end)]
                participants.append(self.participant("agent", [s], name=used[0]["name"], user_id=used[0]["userId"]))
            if flow_disconnect:
                cust_end, cust_disconnect = q_end + rng.randint(0, 3), "peer"
            else:
                cust_end, cust_disconnect = q_end - rng.randint(0, 3), "endpoint"
        else:
            t = q_start + rng.randint(1_500, 90_000)
            agent_parts = []
            if not_responding:
                # alert times out (or is declined): client disconnect on the alert, tNotResponding = tAlert
                nr = (rng.choice([8_000, 10_000, 15_000]) + rng.randint(0, 45)
                      if not_responding == "timeout" else rng.randint(3_000, 7_600))
                s = voice_session()
                s["segments"] = [seg(t, t + nr, "alert", queue["id"], "client")]
                s["metrics"] = [metric("tAlert", nr, t + nr), metric("tNotResponding", nr, t + nr)]
                agent_parts.append(self.participant("agent", [s], name=used[2]["name"], user_id=used[2]["userId"]))
                t += nr + rng.randint(1_200, 20_000)
            length = alert_len or rng.randint(1_800, 12_500)
            answer = t + length
            acd["segments"] = [seg(ivr_end, q_start, "delay"),
                               seg(q_start, answer, "interact", queue["id"], "transfer")]
            acd["metrics"] = [metric("nOffered", 1, q_start), metric("tAcd", answer - q_start, answer)]
            acd["usedRouting"] = "Standard"
            acd["selectedAgentId"] = used[0]["userId"]
            participants.append(self.participant("acd", [acd], name=queue["name"]))
            participants.extend(agent_parts)
            agent = voice_session()
            agent["requestedRoutings"] = ["Standard"]
            agent["usedRouting"] = "Standard"
            pieces = self.talk_pieces(holds)
            segments, metrics, live_end = self.agent_leg(
                queue["id"], t, answer, answer - q_start, pieces,
                "transfer" if transfer_to else agent_disconnect, rng.randint(8_000, 95_000),
                blind_transfer=bool(transfer_to))
            agent["segments"], agent["metrics"] = segments, metrics
            participants.append(self.participant("agent", [agent], name=used[0]["name"], user_id=used[0]["userId"]))
            selected_agent = used[0]["userId"]

            if transfer_to:
                # blind transfer to a second queue: a new acd participant, a second agent answers
                q2 = org.queues[transfer_to]
                acd2, q2_start = queue_visit(q2, live_end)
                t2 = q2_start + rng.randint(2_000, 60_000)
                answer2 = t2 + rng.randint(1_800, 9_000)
                acd2["segments"] = [seg(live_end, q2_start, "delay"),
                                    seg(q2_start, answer2, "interact", q2["id"], "transfer")]
                acd2["metrics"] = [metric("nOffered", 1, q2_start),
                                   metric("tAcd", answer2 - q2_start, answer2)]
                acd2["usedRouting"] = "Standard"
                acd2["selectedAgentId"] = used[1]["userId"]
                participants.append(self.participant("acd", [acd2], name=q2["name"]))
                agent2 = voice_session()
                agent2["requestedRoutings"] = ["Standard"]
                agent2["usedRouting"] = "Standard"
                segments, metrics, live_end = self.agent_leg(
                    q2["id"], t2, answer2, answer2 - q2_start, self.talk_pieces(0),
                    agent_disconnect, rng.randint(8_000, 95_000))
                agent2["segments"], agent2["metrics"] = segments, metrics
                participants.append(self.participant("agent", [agent2], name=used[1]["name"], user_id=used[1]["userId"]))
                selected_agent = used[1]["userId"]

            if agent_disconnect == "client":       # agent ended the call
                cust_end, cust_disconnect = live_end + rng.randint(0, 3), "peer"
            else:                                   # the caller hung up
                cust_end, cust_disconnect = live_end - rng.randint(0, 3), "endpoint"

        # ---- the customer, built last because its segments follow the queue visits
        customer = {"mediaType": "voice", "sessionId": cust_sid, "direction": "inbound",
                    "ani": ani, "dnis": CONTACT_NUMBER, "sessionDnis": CONTACT_NUMBER,
                    "edgeId": edge, "provider": "Edge", "requestedRoutings": ["Standard"]}
        if selected_agent:
            customer["usedRouting"] = "Standard"
            customer["selectedAgentId"] = selected_agent
        segments = [seg(t0, connect, "system")]
        if len(routed) == 2:
            split = parse_iso(routed[1][1]["segments"][0]["segmentStart"])
            segments.append(seg(connect, split, "interact", routed[0][0]["id"]))
            segments.append(seg(split, cust_end, "interact", routed[1][0]["id"], cust_disconnect))
        else:
            segments.append(seg(connect, cust_end, "interact", queue["id"], cust_disconnect))
        customer["segments"] = segments
        customer["metrics"] = [metric("nConnected", 1, connect), metric("tConnected", cust_end - connect, cust_end)]
        mos = round(rng.uniform(4.05, 4.93), 6)
        r_factor = round(70 + (mos - 4.0) * 25 + rng.uniform(-1.5, 1.5), 4)
        customer["mediaEndpointStats"] = [{
            "codecs": ["audio/opus"], "minMos": mos, "minRFactor": r_factor,
            "maxLatencyMs": rng.randint(18, 70),
            "receivedPackets": (cust_end - connect) // 20, "eventTime": iso(cust_end)}]
        participants[0] = self.participant(
            "customer", [customer], name=name,
            attributes={"ivr.language": "en-us", "ivr.menuSelection": queue["name"]})
        return self.conversation(conversation_id, participants, "inbound", "customer", (mos, r_factor))

    # -- web chat ---------------------------------------------------------------

    def chat(self, t0, *, customer_timeout=True, holds=0):
        rng, org = self.rng, self.org
        queue = org.queues["chat"]
        first, last = self.person()
        name = "%s %s" % (first, last)
        agent = self.agents(1)[0]
        conversation_id, cust_sid = self.uid(), self.uid()

        def chat_session(peer=True):
            s = {"mediaType": "chat", "sessionId": self.uid(), "direction": "inbound"}
            if peer:
                s["peerId"] = cust_sid
            s["provider"] = "Webchat Provider"
            if peer:
                s["remote"] = name
            s["requestedRoutings"] = ["Standard"]
            return s

        q_start = t0 + rng.randint(2, 6)
        alert_start = q_start + rng.randint(120, 45_000)
        answer = alert_start + rng.randint(3_000, 14_000)
        acd = chat_session()
        acd["segments"] = [seg(q_start, answer, "interact", queue["id"], "transfer")]
        acd["metrics"] = [metric("nOffered", 1, q_start), metric("tAcd", answer - q_start, answer)]
        acd["selectedAgentId"] = agent["userId"]
        # a chat customer that goes idle is disconnected with 'timeout'; the agent then sees 'peer'
        agent_disconnect = "peer" if customer_timeout else "client"
        s = chat_session()
        s["usedRouting"] = "Standard"
        segments, metrics, live_end = self.agent_leg(
            queue["id"], alert_start, answer, answer - q_start,
            self.talk_pieces(holds, first=(90_000, 900_000), later=(60_000, 400_000), hold=(20_000, 180_000)),
            agent_disconnect, rng.randint(5_000, 60_000))
        s["segments"], s["metrics"] = segments, metrics
        if customer_timeout:
            cust_end, cust_disconnect = live_end - rng.randint(0, 3), "timeout"
        else:
            cust_end, cust_disconnect = live_end + rng.randint(0, 3), "peer"
        customer = chat_session(peer=False)
        customer["usedRouting"] = "Standard"
        customer["selectedAgentId"] = agent["userId"]
        customer["segments"] = [seg(t0, cust_end, "interact", queue["id"], cust_disconnect)]
        customer["metrics"] = [metric("nConnected", 1, t0), metric("tConnected", cust_end - t0, cust_end)]
        participants = [self.participant("customer", [customer], name=name),
                        self.participant("acd", [acd], name=queue["name"]),
                        self.participant("agent", [s], name=agent["name"], user_id=agent["userId"])]
        return self.conversation(conversation_id, participants, "inbound", "customer")

    # -- web messaging ------------------------------------------------------------

    def messaging(self, t0, *, auto_answer=False, media_type="message", message_type="webmessaging"):
        rng, org = self.rng, self.org
        queue = org.queues["messaging"]
        first, last = self.person()
        name = "%s %s" % (first, last)
        agent = self.agents(1)[0]
        conversation_id, cust_sid = self.uid(), self.uid()

        def message_session(peer=True):
            s = {"mediaType": media_type, "sessionId": self.uid(), "direction": "inbound",
                 "messageType": message_type}
            if peer:
                s["peerId"] = cust_sid
            s["provider"] = "PureCloud Messaging"
            if peer:
                s["remote"] = name
            return s

        flow_start = t0 + rng.randint(20, 90)
        flow_end = flow_start + rng.randint(900, 4_000)
        workflow = message_session()
        workflow["flow"] = {
            "endingLanguage": "en-us", "entryType": "direct", "exitReason": "TRANSFER",
            "flowId": org.messaging_flow["flowId"], "flowName": org.messaging_flow["flowName"],
            "flowType": "INBOUNDSHORTMESSAGE", "flowVersion": org.messaging_flow["flowVersion"],
            "startingLanguage": "en-us", "transferTargetAddress": queue["id"],
            "transferTargetName": queue["name"], "transferType": "ACD"}
        workflow["segments"] = [seg(flow_start, flow_end, "interact", disconnect="transfer")]
        workflow["metrics"] = [metric("nFlow", 1, flow_start),
                               metric("tFlow", flow_end - flow_start, flow_end),
                               metric("tFlowExit", flow_end - flow_start, flow_end)]
        q_start = flow_end
        alert_start = q_start + rng.randint(5_000, 240_000)
        answer = alert_start if auto_answer else alert_start + rng.randint(2_000, 11_000)
        acd = message_session()
        acd["requestedRoutings"] = ["Standard"]
        acd["usedRouting"] = "Standard"
        acd["selectedAgentId"] = agent["userId"]
        acd["segments"] = [seg(q_start, answer, "interact", queue["id"], "transfer")]
        acd["metrics"] = [metric("nOffered", 1, q_start), metric("tAcd", answer - q_start, answer)]
        s = message_session()
        s["requestedRoutings"] = ["Standard"]
        s["usedRouting"] = "Standard"
        segments, metrics, live_end = self.agent_leg(
            queue["id"], alert_start, answer, answer - q_start,
            self.talk_pieces(0, first=(240_000, 1_500_000)), "client", rng.randint(6_000, 70_000),
            alert=not auto_answer)
        s["segments"], s["metrics"] = segments, metrics
        cust_end = live_end + rng.randint(0, 3)
        customer = message_session(peer=False)
        customer["requestedRoutings"] = ["Standard"]
        customer["usedRouting"] = "Standard"
        customer["selectedAgentId"] = agent["userId"]
        customer["segments"] = [seg(t0, cust_end, "interact", queue["id"], "peer")]
        customer["metrics"] = [metric("nConnected", 1, t0), metric("tConnected", cust_end - t0, cust_end)]
        participants = [
            self.participant("customer", [customer], name=name,
                             attributes={"context.firstName": first, "context.lastName": last}),
            self.participant("workflow", [workflow], name=org.messaging_flow["flowName"]),
            self.participant("acd", [acd], name=queue["name"]),
            self.participant("agent", [s], name=agent["name"], user_id=agent["userId"])]
        return self.conversation(conversation_id, participants, "inbound", "customer")

    # -- inbound e-mail -----------------------------------------------------------

    def email(self, t0):
        rng, org = self.rng, self.org
        queue = org.queues["email"]
        first, last = self.person()
        name = "%s %s" % (first, last)
        address = "%s.%s@example.com" % (first.lower(), last.lower().replace("'", ""))
        subject = rng.choice(EMAIL_SUBJECTS)
        agent = self.agents(1)[0]
        conversation_id, cust_sid = self.uid(), self.uid()

        def email_session(peer=True):
            s = {"mediaType": "email", "sessionId": self.uid(), "direction": "inbound",
                 "addressFrom": address, "addressTo": "support@example.com"}
            if peer:
                s["peerId"] = cust_sid
                s["remote"] = name
            s["requestedRoutings"] = ["Standard"]
            return s

        q_start = t0 + rng.randint(3, 9)
        alert_start = q_start + rng.randint(600_000, 5_400_000)
        answer = alert_start + rng.randint(3_000, 20_000)
        acd = email_session()
        acd["usedRouting"] = "Standard"
        acd["selectedAgentId"] = agent["userId"]
        acd["segments"] = [seg(q_start, answer, "interact", queue["id"], "transfer")]
        acd["metrics"] = [metric("nOffered", 1, q_start), metric("tAcd", answer - q_start, answer)]
        s = email_session()
        s["usedRouting"] = "Standard"
        segments, metrics, live_end = self.agent_leg(
            queue["id"], alert_start, answer, answer - q_start,
            self.talk_pieces(0, first=(180_000, 900_000)), "client", rng.randint(20_000, 180_000))
        s["segments"], s["metrics"] = segments, metrics
        cust_end = live_end + rng.randint(0, 3)
        customer = email_session(peer=False)
        customer["usedRouting"] = "Standard"
        customer["selectedAgentId"] = agent["userId"]
        customer["segments"] = [seg(t0, cust_end, "interact", queue["id"], "peer", subject=subject)]
        customer["metrics"] = [metric("nConnected", 1, t0), metric("tConnected", cust_end - t0, cust_end)]
        participants = [self.participant("customer", [customer], name=name),
                        self.participant("acd", [acd], name=queue["name"]),
                        self.participant("agent", [s], name=agent["name"], user_id=agent["userId"])]
        return self.conversation(conversation_id, participants, "inbound", "customer")

    # -- outbound callback ----------------------------------------------------------

    def callback(self, t0):
        """A callback waiting in the Sales queue: the agent accepts it, dials the customer
        on a voice session, talks, then ends the callback and wraps up."""
        rng, org = self.rng, self.org
        queue = org.queues["sales"]
        first, last = self.person()
        name = "%s %s" % (first, last)
        number = self.phone()
        agent = self.agents(1)[0]
        edge = rng.choice(org.edges)
        conversation_id, cust_cb_sid, cust_voice_sid = self.uid(), self.uid(), self.uid()

        def callback_session(peer=True):
            s = {"mediaType": "callback", "sessionId": self.uid(), "direction": "outbound"}
            if peer:
                s["peerId"] = cust_cb_sid
                s["remote"] = name
            s["callbackNumbers"] = [number]
            s["callbackUserName"] = name
            s["requestedRoutings"] = ["Standard"]
            return s

        def voice_session(session_id, peer):
            s = {"mediaType": "voice", "sessionId": session_id, "direction": "outbound",
                 "ani": CALLBACK_ANI, "dnis": "tel:" + number, "edgeId": edge, "provider": "Edge"}
            if peer:
                s["peerId"] = cust_voice_sid
                s["remote"] = name
            return s

        q_start = t0 + rng.randint(2, 6)
        alert_start = q_start + rng.randint(20_000, 600_000)
        answer = alert_start + rng.randint(2_000, 9_000)
        dial = answer + rng.randint(800, 4_000)
        connect = dial + rng.randint(6_000, 22_000)
        cust_hangup = connect + rng.randint(60_000, 480_000)
        voice_end = cust_hangup + rng.randint(0, 3)
        callback_end = voice_end + rng.randint(1_500, 6_000)
        acw = rng.randint(10_000, 90_000)

        acd = callback_session()
        acd["usedRouting"] = "Standard"
        acd["selectedAgentId"] = agent["userId"]
        acd["segments"] = [seg(q_start, answer, "interact", queue["id"], "transfer")]
        acd["metrics"] = [metric("nOffered", 1, q_start), metric("tAcd", answer - q_start, answer)]

        agent_cb = callback_session()
        agent_cb["usedRouting"] = "Standard"
        segments, metrics, _ = self.agent_leg(
            queue["id"], alert_start, answer, answer - q_start,
            [("interact", callback_end - answer)], "client", acw)
        agent_cb["segments"], agent_cb["metrics"] = segments, metrics
        agent_voice = voice_session(self.uid(), True)
        agent_voice["segments"] = [seg(dial, connect, "dialing", queue["id"]),
                                   seg(connect, voice_end, "interact", queue["id"], "peer")]
        agent_voice["metrics"] = [metric("nOutbound", 1, dial)]

        cust_cb = callback_session(peer=False)
        cust_cb["usedRouting"] = "Standard"
        cust_cb["selectedAgentId"] = agent["userId"]
        cust_cb["segments"] = [seg(t0, callback_end + rng.randint(0, 3), "interact", queue["id"], "peer")]
        cust_voice = voice_session(cust_voice_sid, False)
        cust_voice["segments"] = [seg(connect, cust_hangup, "interact", queue["id"], "endpoint")]
        cust_voice["metrics"] = [metric("nConnected", 1, connect),
                                 metric("tConnected", cust_hangup - connect, cust_hangup)]
        participants = [self.participant("customer", [cust_cb, cust_voice], name=name),
                        self.participant("acd", [acd], name=queue["name"]),
                        self.participant("agent", [agent_cb, agent_voice], name=agent["name"], user_id=agent["userId"])]
        return self.conversation(conversation_id, participants, "outbound")


# ---------------------------------------------------------------------------
# The self-check. It is deliberately stricter than the default rules: a clean
# example must not even come close to a finding.

TRANSFER_FAMILY = {"transfer", "conferenceTransfer", "consultTransfer", "forwardTransfer",
                   "noAnswerTransfer", "notAvailableTransfer", "dndTransfer"}
SINGLE_METRICS = {"nOffered", "tAnswered", "tHandle", "tAcw", "tAbandon", "tAcd", "tAlert",
                  "tNotResponding", "tTalkComplete", "tHeldComplete", "nConnected", "tConnected"}
PYTHON_TYPES = {"string": str, "array": list, "object": dict, "boolean": bool}


def check_conversation(c, vocab):
    """Return a list of (tag, message) problems found in one conversation."""
    problems = []

    def bad(tag, message):
        problems.append((tag, message))

    enums = vocab["enumerations"]

    def known(enum, value, where):
        entry = enums[enum]
        if value not in entry["known"] and value not in entry.get("deprecated", {}):
            bad("enum", "%s: unknown %s %r" % (where, enum, value))

    def typed(level, obj, where):
        fields = vocab["fields"][level]
        for key, value in obj.items():
            if key not in fields:
                bad("field", "%s: undocumented %s field %r" % (where, level, key))
                continue
            kind = fields[key]
            if kind == "timestamp":
                if parse_iso(value) is None:
                    bad("timestamp", "%s/%s: not a timestamp: %r" % (where, key, value))
            elif kind == "integer":
                if not isinstance(value, int) or isinstance(value, bool):
                    bad("type", "%s/%s: not an integer: %r" % (where, key, value))
            elif kind == "number":
                if not isinstance(value, (int, float)) or isinstance(value, bool):
                    bad("type", "%s/%s: not a number: %r" % (where, key, value))
            elif not isinstance(value, PYTHON_TYPES[kind]):
                bad("type", "%s/%s: not a %s: %r" % (where, key, kind, value))

    typed("conversation", c, "")
    cid = c.get("conversationId")
    c_start, c_end = parse_iso(c.get("conversationStart")), parse_iso(c.get("conversationEnd"))
    if c_start is None or c_end is None:
        bad("timestamp", "conversationStart/End missing or invalid")
        return problems
    if c_end < c_start:
        bad("conversation-order", "conversationEnd %s before conversationStart %s" % (c["conversationEnd"], c["conversationStart"]))
    known("originatingDirection", c["originatingDirection"], "")
    if "conversationInitiator" in c:
        known("conversationInitiator", c["conversationInitiator"], "")

    ids = set()
    all_starts, all_ends = [], []
    visits = []    # acd sessions: dict(queue, start, end, outcome data)
    answers = []   # (queueId, answer time, tAnswered, pointer)
    for pi, p in enumerate(c["participants"]):
        pw = "/participants/%d" % pi
        typed("participant", p, pw)
        known("purpose", p["purpose"], pw)
        if p["participantId"] in ids:
            bad("id", "%s: duplicate participantId" % pw)
        ids.add(p["participantId"])
        if p["purpose"] in ("agent", "user") and not p.get("userId"):
            bad("agent", "%s: agent without userId" % pw)
        for si, s in enumerate(p["sessions"]):
            sw = "%s/sessions/%d" % (pw, si)
            typed("session", s, sw)
            known("mediaType", s["mediaType"], sw)
            known("direction", s["direction"], sw)
            for routing in s.get("requestedRoutings", []):
                known("usedRouting", routing, sw)
            if "usedRouting" in s:
                known("usedRouting", s["usedRouting"], sw)
            if s["sessionId"] in ids:
                bad("id", "%s: duplicate sessionId" % sw)
            ids.add(s["sessionId"])
            for stat in s.get("mediaEndpointStats", []):
                if parse_iso(stat.get("eventTime")) is None:
                    bad("timestamp", "%s: mediaEndpointStats eventTime" % sw)
            segments = s["segments"]
            boundaries = set()
            previous_end = None
            durations = {}
            live = [g for g in segments if g.get("segmentType") != "wrapup"]
            for gi, g in enumerate(segments):
                gw = "%s/segments/%d" % (sw, gi)
                typed("segment", g, gw)
                known("segmentType", g["segmentType"], gw)
                start, end = parse_iso(g.get("segmentStart")), parse_iso(g.get("segmentEnd"))
                if "disconnectType" in g:
                    known("disconnectType", g["disconnectType"], gw)
                if start is None or end is None:
                    continue
                boundaries.update((start, end))
                all_starts.append(start)
                all_ends.append(end)
                if end < start:
                    bad("segment-order", "%s: segmentEnd before segmentStart" % gw)
                if previous_end is not None and start != previous_end:
                    bad("contiguity", "%s: starts %d ms after the previous segment ended" % (gw, start - previous_end))
                previous_end = end
                durations.setdefault(g["segmentType"], []).append(end - start)
                disconnect = g.get("disconnectType")
                terminal = g is live[-1] if live else False
                if g["segmentType"] == "wrapup":
                    if gi != len(segments) - 1 or not live or disconnect != live[-1].get("disconnectType"):
                        bad("wrapup", "%s: wrap-up disconnectType differs from the terminal segment" % gw)
                elif terminal and not disconnect:
                    bad("disconnect", "%s: terminal segment without disconnectType" % gw)
                elif disconnect and not terminal:
                    bad("disconnect", "%s: disconnectType on a non-terminal segment" % gw)
                if disconnect == "spam" and s["mediaType"] != "email":
                    bad("spam", "%s: spam disconnect on %s" % (gw, s["mediaType"]))
                if p["purpose"] == "customer" and (disconnect in TRANSFER_FAMILY or disconnect == "client"):
                    bad("disconnect", "%s: %s on a customer" % (gw, disconnect))
            metrics = {}
            for mi, m in enumerate(s.get("metrics", [])):
                mw = "%s/metrics/%d" % (sw, mi)
                typed("metric", m, mw)
                known("metricName", m["name"], mw)
                value = m.get("value")
                if not isinstance(value, int) or isinstance(value, bool):
                    continue
                metrics.setdefault(m["name"], []).append(value)
                emit = parse_iso(m.get("emitDate"))
                if emit is not None and emit not in boundaries:
                    bad("emit", "%s: emitDate %s is not a segment boundary" % (mw, m["emitDate"]))
                if emit is not None and not (c_start <= emit <= c_end):
                    bad("emit", "%s: emitDate outside the conversation" % mw)
            for name, values in metrics.items():
                if name in SINGLE_METRICS and len(values) > 1:
                    bad("metric", "%s: %s repeated" % (sw, name))

            def one(name):
                return metrics[name][0] if name in metrics else None

            def expect(name, value):
                if name in metrics and one(name) != value:
                    bad("metric", "%s: %s = %r, expected %r" % (sw, name, one(name), value))

            interacts = durations.get("interact", [])
            expect("tAlert", sum(durations.get("alert", [])))
            expect("tTalkComplete", sum(interacts))
            expect("tHeldComplete", sum(durations.get("hold", [])))
            expect("tAcw", sum(durations.get("wrapup", [])))
            expect("tIvr", sum(durations.get("ivr", [])))
            if "tTalk" in metrics and metrics["tTalk"] != interacts:
                bad("metric", "%s: tTalk values differ from interact durations" % sw)
            if "tHeld" in metrics and metrics["tHeld"] != durations.get("hold", []):
                bad("metric", "%s: tHeld values differ from hold durations" % sw)
            if "tHandle" in metrics:
                expect("tHandle", (one("tTalkComplete") or 0) + (one("tHeldComplete") or 0) + (one("tAcw") or 0))
            if "tNotResponding" in metrics:
                expect("tNotResponding", one("tAlert"))
                if interacts:
                    bad("metric", "%s: tNotResponding with an interact segment" % sw)
            if p["purpose"] == "customer" and "tConnected" in metrics:
                expect("tConnected", sum(interacts))
            if p["purpose"] == "acd":
                acd_interact = [g for g in segments if g["segmentType"] == "interact"]
                if len(acd_interact) != 1:
                    bad("acd", "%s: acd session without exactly one interact" % sw)
                    continue
                g = acd_interact[0]
                start, end = parse_iso(g["segmentStart"]), parse_iso(g["segmentEnd"])
                expect("tAcd", (end - start) if start is not None and end is not None else None)
                visits.append({"queue": g.get("queueId"), "start": start, "end": end, "where": sw,
                               "abandon": "tAbandon" in metrics, "tAcd": one("tAcd"),
                               "disconnect": g.get("disconnectType"), "answered": False})
                if "tAbandon" in metrics:
                    expect("tAbandon", one("tAcd"))
            if "tAnswered" in metrics:
                first_live = next(g for g in segments if g["segmentType"] in ("alert", "interact"))
                answer = parse_iso((first_live if first_live["segmentType"] == "interact"
                                    else segments[1])["segmentStart"])
                answers.append((first_live.get("queueId"), answer, one("tAnswered"), sw))
            if p["purpose"] in ("agent", "user") and "tAnswered" not in metrics and interacts \
                    and s["mediaType"] not in ("voice",):
                bad("agent", "%s: agent connected without tAnswered" % sw)

    if all_starts:
        if min(all_starts) != c_start:
            bad("conversation-bounds", "conversationStart is not the first segmentStart")
        if max(all_ends) != c_end:
            bad("conversation-bounds", "conversationEnd is not the last segmentEnd")

    for queue_id, answer, t_answered, where in answers:
        matches = [v for v in visits if v["queue"] == queue_id and v["end"] == answer]
        if len(matches) != 1:
            bad("outcome", "%s: tAnswered matches no queue visit" % where)
            continue
        visit = matches[0]
        visit["answered"] = True
        if t_answered != visit["tAcd"]:
            bad("outcome", "%s: tAnswered %r differs from tAcd %r" % (where, t_answered, visit["tAcd"]))
    for visit in visits:
        if visit["abandon"]:
            if visit["answered"]:
                bad("outcome", "%s: abandoned and answered" % visit["where"])
            if visit["disconnect"] != "peer":
                bad("abandon-disconnect", "%s: abandoned visit ended with %r, not 'peer'"
                    % (visit["where"], visit["disconnect"]))
        elif visit["answered"]:
            if visit["disconnect"] != "transfer":
                bad("outcome", "%s: answered visit ended with %r" % (visit["where"], visit["disconnect"]))
        else:
            bad("outcome", "%s: queue visit with no outcome" % visit["where"])
    return problems


def check_export(conversations, vocab, label):
    seen = set()
    for c in conversations:
        problems = check_conversation(c, vocab)
        if c["conversationId"] in seen:
            problems.append(("duplicate", "duplicate conversationId"))
        seen.add(c["conversationId"])
        if problems:
            raise AssertionError("%s: conversation %s is not clean:\n  %s" % (
                label, c["conversationId"], "\n  ".join("[%s] %s" % item for item in problems)))


# ---------------------------------------------------------------------------
# The clean export.

def start_times(rng, day, count, first_hour, last_hour):
    lo, hi = ms_at(*day, first_hour), ms_at(*day, last_hour)
    times = set()
    while len(times) < count:
        times.add(rng.randint(lo, hi))
    return sorted(times)


def clean_export(org):
    b = Builder(org, CLEAN_SEED)
    plan = (
        [lambda t, q=q, h=h, d=d: b.voice(t, q, holds=h, agent_disconnect=d) for q, h, d in [
            ("billing", 0, "client"), ("support", 1, "peer"), ("sales", 0, "peer"),
            ("billing", 2, "client"), ("support", 0, "client"), ("billing", 0, "peer"),
            ("sales", 1, "client"), ("support", 0, "peer"), ("billing", 1, "client"),
            ("support", 0, "client"), ("sales", 0, "client"), ("billing", 0, "client"),
            ("support", 2, "peer"), ("accounts", 0, "client")]]
        + [lambda t: b.voice(t, "support", not_responding="timeout", holds=1, agent_disconnect="client"),
           lambda t: b.voice(t, "billing", not_responding="declined", agent_disconnect="peer")]
        + [lambda t: b.voice(t, "billing", abandon=True),
           lambda t: b.voice(t, "support", abandon=True, alerting_on_abandon=True),
           lambda t: b.voice(t, "sales", abandon=True),
           lambda t: b.voice(t, "support", abandon=True)]
        + [lambda t: b.chat(t, customer_timeout=True),
           lambda t: b.chat(t, customer_timeout=False, holds=1),
           lambda t: b.chat(t, customer_timeout=True)]
        + [lambda t: b.messaging(t), lambda t: b.messaging(t, auto_answer=True), lambda t: b.messaging(t)]
        + [lambda t: b.email(t), lambda t: b.callback(t)]
        + [lambda t: b.voice(t, "billing", transfer_to="accounts", agent_disconnect="client"),
           lambda t: b.voice(t, "sales", transfer_to="support", holds=1, agent_disconnect="peer")]
    )
    order = list(range(len(plan)))
    b.rng.shuffle(order)
    times = start_times(b.rng, (2026, 3, 2), len(plan), 13, 22)
    conversations = [plan[i](t) for i, t in zip(order, times)]
    conversations.sort(key=lambda c: (c["conversationStart"], c["conversationId"]))
    return {"conversations": conversations, "totalHits": len(conversations)}


# ---------------------------------------------------------------------------
# The export with planted problems.

def resolve(document, pointer):
    node = document
    for token in pointer.split("/")[1:]:
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def assign(document, pointer, value):
    parent, _, last = pointer.rpartition("/")
    node = resolve(document, parent) if parent else document
    node[int(last) if isinstance(node, list) else last] = value


def find_participant(c, purpose, nth=0):
    indices = [i for i, p in enumerate(c["participants"]) if p["purpose"] == purpose]
    return indices[nth]


def problems_export(org):
    b = Builder(org, PROBLEMS_SEED, jobs_results=True)
    times = start_times(b.rng, (2026, 3, 3), 19, 13, 22)
    t = iter(times)
    lines = []          # (conversation dict or raw text, problem letter or None)
    expected = {}       # letter -> description dict

    def plant(letter, c, pointers, summary, detail, secondary="none", value_check=None):
        expected[letter] = {"problem": letter, "conversationId": c["conversationId"],
                            "pointers": pointers, "summary": summary, "detail": detail,
                            "secondary": secondary}
        if value_check is not None:
            for pointer in pointers:
                assert resolve(c, pointer) == value_check, (letter, pointer)

    def clean(c):
        lines.append((c, None))

    # 1 clean inbound voice, answered with a hold
    clean(b.voice(next(t), "billing", holds=1, agent_disconnect="client"))

    # 2 (b) spam on a voice customer
    c = b.voice(next(t), "support", agent_disconnect="peer")
    ci = find_participant(c, "customer")
    pointer = "/participants/%d/sessions/0/segments/1/disconnectType" % ci
    assert resolve(c, pointer) == "endpoint"
    assign(c, pointer, "spam")
    plant("b", c, [pointer], "'spam' disconnect on a voice customer",
          "The customer's interact segment ends with disconnectType 'spam'. Spam filtering exists "
          "only for email; on a voice call the value is impossible (an inbound caller hanging up "
          "is 'endpoint').", value_check="spam")
    lines.append((c, "b"))

    # 3 clean web chat (customer timed out)
    clean(b.chat(next(t), customer_timeout=True))

    # 4 (h, first copy) answered voice exported during the agent's after-call work: the wrap-up
    # segment is still open, so tAcw, tHandle and conversationEnd do not exist yet
    full = b.voice(next(t), "sales", agent_disconnect="client")
    first_copy = copy.deepcopy(full)
    ai = find_participant(first_copy, "agent")
    agent = first_copy["participants"][ai]["sessions"][0]
    assert agent["segments"][-1]["segmentType"] == "wrapup"
    del agent["segments"][-1]["segmentEnd"]
    agent["metrics"] = [m for m in agent["metrics"] if m["name"] not in ("tAcw", "tHandle")]
    del first_copy["conversationEnd"]
    lines.append((first_copy, "h1"))

    # 5 (j) a metric value written as a string
    c = b.voice(next(t), "billing", agent_disconnect="peer", alert_len=1200)
    ai = find_participant(c, "agent")
    pointer = "/participants/%d/sessions/0/metrics/0/value" % ai
    assert resolve(c, "/participants/%d/sessions/0/metrics/0/name" % ai) == "tAlert"
    assert resolve(c, pointer) == 1200
    assign(c, pointer, "1200")
    plant("j", c, [pointer], "metric value is a string",
          "The agent's tAlert metric has \"value\": \"1200\" (a JSON string); metric values are "
          "integers (milliseconds for t-metrics).", value_check="1200")
    lines.append((c, "j"))

    # 6 (a) abandoned in queue, but the acd segment ends 'client'
    c = b.voice(next(t), "support", abandon=True, flow_disconnect=True)
    ai = find_participant(c, "acd")
    pointer = "/participants/%d/sessions/0/segments/1/disconnectType" % ai
    plant("a", c, [pointer], "abandoned queue visit with a 'client' disconnect",
          "The acd session carries tAbandon (no agent answered) and its interact segment ends with "
          "disconnectType 'client'. An abandon is the caller hanging up in queue ('peer' on the acd "
          "segment); 'client' here means an in-queue flow disconnected the call, which misstates who "
          "ended it and inflates abandon counts.", value_check="client")
    lines.append((c, "a"))

    # 7 clean web messaging
    clean(b.messaging(next(t)))

    # 8 (f) segmentEnd before segmentStart (start and end swapped on the IVR's system segment)
    c = b.voice(next(t), "billing", holds=1, agent_disconnect="client")
    ii = find_participant(c, "ivr")
    g = c["participants"][ii]["sessions"][0]["segments"][0]
    g["segmentStart"], g["segmentEnd"] = g["segmentEnd"], g["segmentStart"]
    pointer = "/participants/%d/sessions/0/segments/0/segmentEnd" % ii
    plant("f", c, [pointer], "segmentEnd before segmentStart",
          "The IVR session's first ('system') segment has segmentStart %s and segmentEnd %s: the two "
          "values are swapped, so the segment has a negative duration (%d ms)."
          % (g["segmentStart"], g["segmentEnd"], parse_iso(g["segmentEnd"]) - parse_iso(g["segmentStart"])),
          secondary="The swapped segment no longer abuts the next one (a gap under 1 s).")
    lines.append((c, "f"))

    # 9 clean abandoned voice call (caller hung up in queue: acd 'peer')
    clean(b.voice(next(t), "sales", abandon=True))

    # 10 (i) a line cut mid-write
    c = b.voice(next(t), "support", holds=1, agent_disconnect="peer")
    text = json.dumps(c, separators=(",", ":"))
    cut = text[: int(len(text) * 0.58)]
    expected["i"] = {"problem": "i", "conversationId": c["conversationId"], "pointers": [],
                     "summary": "malformed JSON (truncated line)",
                     "detail": "The line stops after %d of %d characters, in the middle of the "
                               "conversation, as if the dump was cut mid-write. It is not valid JSON; "
                               "the lines after it are complete." % (len(cut), len(text)),
                     "secondary": "none"}
    lines.append((cut, "i"))

    # 11 (c) dotted disconnect type on a not-responding agent's alert
    c = b.voice(next(t), "billing", not_responding="timeout", agent_disconnect="client")
    ai = find_participant(c, "agent", 0)
    pointer = "/participants/%d/sessions/0/segments/0/disconnectType" % ai
    assert resolve(c, pointer) == "client"
    assign(c, pointer, "transfer.noanswer")
    plant("c", c, [pointer], "unknown disconnectType 'transfer.noanswer'",
          "The first (not-responding) agent's alert segment ends with 'transfer.noanswer', the dotted "
          "spelling of the Conversations API. Analytics exports use camelCase ('noAnswerTransfer'); "
          "the value is not in the analytics vocabulary.", value_check="transfer.noanswer")
    lines.append((c, "c"))

    # 12 clean inbound e-mail
    clean(b.email(next(t)))

    # 13 (e) mediaType 'sms' on every session of a messaging conversation
    c = b.messaging(next(t), media_type="sms", message_type="sms")
    pointers = ["/participants/%d/sessions/0/mediaType" % i for i in range(len(c["participants"]))]
    plant("e", c, pointers, "unknown mediaType 'sms'",
          "Every session of this SMS conversation has mediaType 'sms'. 'sms' is a messageType; "
          "the analytics mediaType for SMS is 'message'. One finding per session (%d sessions)."
          % len(pointers), value_check="sms")
    lines.append((c, "e"))

    # 14 (d) unknown segmentType 'parking'
    c = b.voice(next(t), "support", holds=1, agent_disconnect="client")
    ai = find_participant(c, "agent")
    agent = c["participants"][ai]["sessions"][0]
    hold_index = next(i for i, g in enumerate(agent["segments"]) if g["segmentType"] == "hold")
    agent["segments"][hold_index]["segmentType"] = "parking"
    for m in agent["metrics"]:
        if m["name"] == "tHeld":
            m["name"] = "tPark"
        elif m["name"] == "tHeldComplete":
            m["name"] = "tParkComplete"
    metric_values = {m["name"]: m["value"] for m in agent["metrics"]}
    for m in agent["metrics"]:
        if m["name"] == "tHandle":
            m["value"] = metric_values["tTalkComplete"] + metric_values["tAcw"]
    pointer = "/participants/%d/sessions/0/segments/%d/segmentType" % (ai, hold_index)
    plant("d", c, [pointer], "unknown segmentType 'parking'",
          "The agent parks the call and the segment is typed 'parking'; the analytics vocabulary "
          "calls it 'parked'. (The park time is in tPark/tParkComplete and tHandle = tTalkComplete + "
          "tAcw, so no metric rule is involved.)", value_check="parking")
    lines.append((c, "d"))

    # 15 clean voice, not-responding agent then answered
    clean(b.voice(next(t), "sales", not_responding="declined", holds=1, agent_disconnect="peer"))

    # 16 (k) a segmentStart that is not a timestamp
    c = b.voice(next(t), "billing", agent_disconnect="client")
    ai = find_participant(c, "agent")
    agent = c["participants"][ai]["sessions"][0]
    wi = len(agent["segments"]) - 1
    pointer = "/participants/%d/sessions/0/segments/%d/segmentStart" % (ai, wi)
    assign(c, pointer, "yesterday")
    plant("k", c, [pointer], "segmentStart is not a timestamp",
          "The agent's wrap-up segment has \"segmentStart\": \"yesterday\"; timestamps are "
          "yyyy-MM-ddTHH:mm:ss.mmmZ.", value_check="yesterday")
    lines.append((c, "k"))

    # 17 (g) conversationEnd before conversationStart (local time written with a Z)
    c = b.voice(next(t), "support", holds=2, agent_disconnect="peer")
    true_end = c["conversationEnd"]
    c["conversationEnd"] = iso(parse_iso(true_end) - 5 * 3600 * 1000)
    plant("g", c, ["/conversationEnd"], "conversationEnd before conversationStart",
          "conversationStart is %s but conversationEnd is %s: the end was written in US Eastern "
          "time (UTC-5) with a 'Z' suffix; the real end is %s." % (c["conversationStart"], c["conversationEnd"], true_end),
          secondary="Because the end is wrong, every segment and metric emitDate lies after "
                    "conversationEnd and conversationEnd differs from the last segmentEnd; timing "
                    "rules about those may also fire on this line.")
    lines.append((c, "g"))

    # 18 clean voice, blind transfer to a second queue
    clean(b.voice(next(t), "billing", transfer_to="accounts", agent_disconnect="client"))

    # 19 (h, second copy) the same conversation re-exported with the wrap-up segment
    ai = find_participant(full, "agent")
    wi = len(full["participants"][ai]["sessions"][0]["segments"]) - 1
    plant("h", full, ["/conversationId"], "same conversationId twice",
          "This line re-exports the conversation of line 4. The later copy has ended: the agent's "
          "wrap-up (/participants/%d/sessions/0/segments/%d) has its end, with its tAcw/tHandle "
          "metrics and the conversationEnd, as happens when a page is read again after the "
          "wrap-up was recorded." % (ai, wi))
    lines.append((full, "h"))

    # 20 clean web messaging, auto-answered (no alert segment)
    clean(b.messaging(next(t), auto_answer=True))

    # line numbers
    for number, (item, letter) in enumerate(lines, start=1):
        if letter in expected:
            expected[letter]["line"] = number
        if letter == "h1":
            expected["h"]["firstLine"] = number
    return lines, expected


# ---------------------------------------------------------------------------
# Writers.

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def expected_markdown(expected, ndjson_name):
    order = sorted(expected.values(), key=lambda e: e["line"])
    out = [
        "# Planted problems in `%s`" % ndjson_name,
        "",
        "Generated by `python3 Examples/generate.py` together with the NDJSON file; do not edit by hand.",
        "Line numbers are 1-based. Pointers are JSON pointers from",
        "the root of the conversation on that line. Every line not listed here is a clean conversation:",
        "the default rules should report nothing on it.",
        "",
        "| problem | line | conversationId | where (JSON pointer) | what is wrong |",
        "| --- | --- | --- | --- | --- |",
    ]
    for e in order:
        where = "<br>".join("`%s`" % p for p in e["pointers"]) or "(whole line)"
        out.append("| %s. %s | %d | `%s` | %s | %s |" % (
            e["problem"], e["summary"], e["line"], e["conversationId"], where, e["detail"]))
    out += ["", "## Findings that may follow from a planted problem", ""]
    for e in order:
        if e["secondary"] != "none":
            out.append("- line %d (%s): %s" % (e["line"], e["problem"], e["secondary"]))
    h = expected["h"]
    out += [
        "",
        "The duplicate (h) is reported on the second occurrence, line %d. Line %d is the first copy,"
        % (h["line"], h["firstLine"]),
        "taken while the agent was still in after-call work: no planted problem, but a conversation",
        "still in progress, which conversation-without-end reports for information.",
        "",
    ]
    return "\n".join(out)


def main():
    with open(VOCABULARY, encoding="utf-8") as handle:
        vocab = json.load(handle)
    org = Org(ORG_SEED)

    clean = clean_export(org)
    check_export(clean["conversations"], vocab, "clean export")
    assert clean["totalHits"] == len(clean["conversations"])
    assert len({c["conversationId"] for c in clean["conversations"]}) == len(clean["conversations"])

    lines, expected = problems_export(org)
    # clean lines must pass every check, and so must the complete copy of the duplicate (its
    # first copy is that conversation while the agent was still in after-call work)
    check_export([item for item, letter in lines if letter in (None, "h")], vocab, "problems export")
    # each planted problem must be seen by the matching check, and only that kind
    wanted = {"a": "abandon-disconnect", "b": "spam", "c": "enum", "d": "enum", "e": "enum",
              "f": "segment-order", "g": "conversation-order", "j": "type", "k": "timestamp"}
    for item, letter in lines:
        if letter in wanted:
            tags = {tag for tag, _ in check_conversation(item, vocab)}
            assert wanted[letter] in tags, (letter, tags)
    ids = [item["conversationId"] for item, letter in lines if isinstance(item, dict)]
    assert len(ids) - len(set(ids)) == 1 and expected["h"]["conversationId"] in ids
    assert len(expected) == 11

    ndjson_lines = []
    for item, letter in lines:
        text = item if isinstance(item, str) else json.dumps(item, separators=(",", ":"))
        ndjson_lines.append(text)
    for number, text in enumerate(ndjson_lines, start=1):
        try:
            json.loads(text)
            assert number != expected["i"]["line"], "the truncated line parses"
        except json.JSONDecodeError:
            assert number == expected["i"]["line"], "line %d does not parse" % number

    write(CLEAN_PATH, json.dumps(clean, indent=2) + "\n")
    write(PROBLEMS_PATH, "\n".join(ndjson_lines) + "\n")
    write(EXPECTED_MD, expected_markdown(expected, os.path.basename(PROBLEMS_PATH)))
    for path in (CLEAN_PATH, PROBLEMS_PATH, EXPECTED_MD):
        print("wrote", os.path.relpath(path, os.path.join(HERE, os.pardir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
