"""Building blocks of analytics conversation-detail records, in the key order the API writes
them, shared by the generators: Examples/generate.py (the bundled examples) and
Benchmarks/make-export.py (the benchmark exports).

Every time is an integer of milliseconds since 1970 (UTC), written in the documented form
yyyy-MM-ddTHH:mm:ss.mmmZ.
"""
import datetime
import re

UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)
DAY_MS = 86_400_000

# The date part is cached per day: a 1 GB benchmark export formats tens of millions of times.
_day_prefixes = {}


def iso(ms):
    """Timestamp in the documented form yyyy-MM-ddTHH:mm:ss.mmmZ."""
    day, rest = divmod(ms, DAY_MS)
    prefix = _day_prefixes.get(day)
    if prefix is None:
        prefix = (EPOCH + datetime.timedelta(days=day)).strftime("%Y-%m-%dT")
        _day_prefixes[day] = prefix
    seconds, milli = divmod(rest, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return "%s%02d:%02d:%02d.%03dZ" % (prefix, hours, minutes, seconds, milli)


TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def parse_iso(text):
    """Milliseconds of a timestamp in the documented form; None for anything else."""
    if not isinstance(text, str) or not TIMESTAMP_RE.match(text):
        return None
    moment = datetime.datetime.strptime(text[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    return int((moment - EPOCH).total_seconds()) * 1000 + int(text[20:23])


def seg(start, end, segment_type, queue_id=None, disconnect=None, wrap_up=None, subject=None,
        error_code=None):
    s = {"segmentStart": iso(start), "segmentEnd": iso(end)}
    if queue_id:
        s["queueId"] = queue_id
    if subject:
        s["subject"] = subject
    if error_code:
        s["errorCode"] = error_code
    if wrap_up:
        s["wrapUpCode"] = wrap_up
    if disconnect:
        s["disconnectType"] = disconnect
    s["segmentType"] = segment_type
    s["conference"] = False
    return s


def metric(name, value, emit):
    return {"name": name, "value": value, "emitDate": iso(emit)}


SESSION_KEYS = (
    "mediaType", "sessionId", "direction", "messageType", "ani", "dnis", "sessionDnis",
    "addressFrom", "addressTo", "edgeId", "provider", "peerId", "remote", "recording",
    "callbackNumbers", "callbackUserName", "callbackScheduledTime", "outboundCampaignId",
    "outboundContactId", "outboundContactListId", "cobrowseRole", "cobrowseRoomId",
    "screenShareRoomId", "sharingScreen", "videoRoomId", "requestedRoutings", "usedRouting",
    "selectedAgentId", "flow", "segments", "metrics", "mediaEndpointStats",
)


def ordered(session):
    """The session with its members in the API's order."""
    assert set(session) <= set(SESSION_KEYS), set(session) - set(SESSION_KEYS)
    return {key: session[key] for key in SESSION_KEYS if key in session}
