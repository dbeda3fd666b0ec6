#!/usr/bin/env python3
# peer-schema-check.py — cross-checks our decoder against an independent schema.
#
# This is our own code. It imports the third-party `TikTokLiveProto` package (installed with
# `pip install TikTokLive==7.0.1` into .build-compat/venv, never vendored) ONLY as an independent
# *encoder*: it builds realistic webcast messages with the peer's v3 classes, wraps them the way the
# server does (BaseProtoMessage -> ProtoMessageFetchResult -> gzip -> PushFrame), writes a capture
# ([u32 LE length][frame]...), runs `tiktok-live-events replay CAPTURE --json`, and checks every NDJSON
# line against what was encoded (event names and key fields per the DocC Events article,
# Sources/TikTokLiveEvents/TikTokLiveEvents.docc/Events.md).
# No peer schema text or code is copied into this repository.
#
# Usage:  .build-compat/venv/bin/python Scripts/peer-schema-check.py [--binary PATH] [--capture PATH] [-q]
# Prints one line per check and finally `N passed, M failed`; exits 1 when anything failed.

import argparse
import base64
import gzip
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VENV_PY = os.path.join(ROOT, ".build-compat", "venv", "bin", "python")

try:
    import betterproto2  # noqa: F401
    from TikTokLiveProto.v3.webcast import im as P_IM
    from TikTokLiveProto.v3.webcast.model import message as P_MSG
    from TikTokLiveProto.v3.webcast.shared import message as P_SHARED
except ImportError:
    if os.path.exists(VENV_PY) and not os.environ.get("PEER_SCHEMA_CHECK_REEXEC"):
        os.environ["PEER_SCHEMA_CHECK_REEXEC"] = "1"
        os.execv(VENV_PY, [VENV_PY] + sys.argv)
    sys.exit("peer-schema-check: needs the TikTokLiveProto package (pip install TikTokLive==7.0.1 "
             "into .build-compat/venv)")

import importlib
import pkgutil

import TikTokLiveProto.v3.webcast as P_ROOT

# ----------------------------------------------------------------------------------------------
# Peer classes, reached by walking fields so we depend on as few module paths as possible.

PEER = {}
for _info in pkgutil.walk_packages(P_ROOT.__path__, P_ROOT.__name__ + "."):
    _mod = importlib.import_module(_info.name)
    for _name in getattr(_mod, "__all__", ()):
        _obj = getattr(_mod, _name)
        if isinstance(_obj, type) and issubclass(_obj, betterproto2.Message):
            PEER.setdefault(_name, _obj)


def sub(cls, field):
    """The message class of `cls.field` (or of a map's value with 'field.value')."""
    return cls._betterproto.cls_by_field[field]


Push = P_IM.WebcastPushFrame
PushHeader = sub(Push, "headers")
FetchResult = P_SHARED.ProtoMessageFetchResult
Base = P_SHARED.BaseProtoMessage
Common = P_SHARED.CommonMessageData
Text = sub(Common, "display_text")
Chat = PEER["WebcastChatMessage"]
User = sub(Chat, "user")
Image = sub(User, "avatar_thumb")
FollowInfo = sub(User, "follow_info")
Honor = sub(User, "pay_grade")
FansClubMember = sub(User, "fans_club")
FansClubData = sub(FansClubMember, "data")
UserAttr = sub(User, "user_attr")
Badge = sub(User, "badge_list")
EmoteWithIndex = sub(Chat, "emotes")
Emote = sub(EmoteWithIndex, "emote")
Identity = sub(Chat, "user_identity")
GiftMsg = PEER["WebcastGiftMessage"]
GiftStruct = sub(GiftMsg, "gift")
RoomUserSeq = PEER["WebcastRoomUserSeqMessage"]
Contributor = sub(RoomUserSeq, "ranks")
Caption = PEER["WebcastCaptionMessage"]
CaptionContent = sub(Caption, "content")
Battle = PEER["WebcastLinkMicBattle"]
BattleSetting = sub(Battle, "battle_settings")
BattleResult = sub(Battle, "battle_result.value")
AnchorWrapper = sub(Battle, "anchors_info")
AnchorInfo = sub(AnchorWrapper, "value")
AnchorUser = sub(AnchorInfo, "user")
Armies = PEER["WebcastLinkMicArmies"]
UserArmies = sub(Armies, "armies.value")
ArmyUser = sub(UserArmies, "user_armies")
QuestionNew = PEER["WebcastQuestionNewMessage"]
Question = sub(QuestionNew, "data")
Barrage = PEER["WebcastBarrageMessage"]
Envelope = PEER["WebcastEnvelopeMessage"]
EnvelopeInfo = sub(Envelope, "envelope_info")
Goal = PEER["WebcastGoalUpdateMessage"]
GoalInfo = sub(Goal, "goal")
SubGoal = sub(GoalInfo, "sub_goals")
Poll = PEER["WebcastPollMessage"]
PollStart = sub(Poll, "start_content")
PollUpdate = sub(Poll, "update_votes_content")
PollOption = sub(PollStart, "option_list")

# ----------------------------------------------------------------------------------------------
# Test data

ROOM = 7301234567890123456
T0 = 1764000000000
_next_msg = [7301234567890200000]


def next_msg_id():
    _next_msg[0] += 1
    return _next_msg[0]


def common(method, msg_id, i, **kw):
    return Common(method=method, msg_id=msg_id, room_id=ROOM, create_time=T0 + i * 1000, **kw)


def user(uid, handle, nick, **kw):
    return User(id=uid, display_id=handle, nickname=nick,
                avatar_thumb=Image(url_list=[f"https://p16-sign.tiktokcdn.com/{handle}~100x100.webp"]), **kw)


ANN = user(7301234567890300001, "ann.berlin", 'Ann "the Berliner" 🐻')
KENJI = user(7301234567890300002, "kenji_tokyo", "健二 🍣")
LUCIA = user(7301234567890300003, "lucia_mx", "Lucía ✨", id_str="7301234567890300003",
             follow_info=FollowInfo(following_count=12, follower_count=3400, follow_status=2),
             pay_grade=Honor(level=23, name="Lv.23"),
             fans_club=FansClubMember(data=FansClubData(club_name="Team ✨", level=7)),
             badge_list=[Badge(display_type=1, scene_type=4)])
HOST_A = user(7301234567890300010, "host_alpha", "Alpha 🅰️")
HOST_B = user(7301234567890300011, "host_beta", "Beta 李")
MOD = user(7301234567890300020, "mod_maria", "María (mod)", user_attr=UserAttr(is_admin=True))


class Case:
    """One encoded wire message and what our NDJSON must say about it."""

    def __init__(self, label, method, payload, type_, fields=(), msg_id=None, i=0, envelope_msg_id=None,
                 allowed_types=None, check_base=True, ids=(), extras=False):
        self.label = label
        self.method = method
        self.payload = payload          # bytes
        self.type = type_
        self.allowed_types = allowed_types or {type_}
        self.fields = list(fields)      # (path, expected)
        self.msg_id = msg_id
        self.i = i
        self.envelope_msg_id = envelope_msg_id if envelope_msg_id is not None else (msg_id or 0)
        self.check_base = check_base
        self.ids = set(ids)             # paths whose value must be a JSON string
        self.extras = extras            # expect a non-empty `extras`


CASES = []


def add(label, method, build, type_, fields=(), ids=(), display_key=None, **kw):
    """build(common) -> peer message; registers a case with a fresh msg id and timestamp."""
    i = len(CASES) + 1
    mid = next_msg_id()
    extra = {"display_text": Text(key=display_key, default_pattern="{0:user}")} if display_key else {}
    msg = build(common(method, mid, i, **extra))
    CASES.append(Case(label, method, bytes(msg), type_, fields, msg_id=mid, i=i, ids=ids, **kw))
    return CASES[-1]


USER_FIELDS = lambda p, u: [(f"{p}.userId", str(u.id)), (f"{p}.uniqueId", u.display_id),
                            (f"{p}.nickname", u.nickname)]

# --- chat
add("chat", "WebcastChatMessage",
    lambda c: Chat(common=c, user=ANN, content='こんにちは "world" 👋🏽 — 你好, it\'s “live”',
                   content_language="ja",
                   emotes=[EmoteWithIndex(index=3, emote=Emote(
                       emote_id="7301234567890400001",
                       image=Image(url_list=["https://p16-webcast.tiktokcdn.com/emote/7301234567890400001.png"])))],
                   user_identity=Identity(is_moderator_of_anchor=True, is_follower_of_anchor=True),
                   mention_users=[KENJI]),
    "chat",
    USER_FIELDS("user", ANN) + [
        ("comment", 'こんにちは "world" 👋🏽 — 你好, it\'s “live”'), ("language", "ja"),
        ("emotes[0].emoteId", "7301234567890400001"),
        ("emotes[0].imageUrl", "https://p16-webcast.tiktokcdn.com/emote/7301234567890400001.png"),
        ("user.profilePictureUrl", "https://p16-sign.tiktokcdn.com/ann.berlin~100x100.webp"),
        ("user.isModerator", True), ("mentions[0].userId", str(KENJI.id))],
    ids=("user.userId",))
add("chat (rich user: id_str, follow/pay/fan-club/badge)", "WebcastChatMessage",
    lambda c: Chat(common=c, user=LUCIA, content="¡hola a todos! 🇲🇽", content_language="es"),
    "chat",
    USER_FIELDS("user", LUCIA) + [("comment", "¡hola a todos! 🇲🇽"), ("user.followRole", 2),
                                  ("user.payGrade", 23), ("user.teamMemberLevel", 7),
                                  ("user.isSubscriber", True)])

# --- chat sent as two protobuf chunks, fields out of order (merge semantics)
_i = len(CASES) + 1
_mid = next_msg_id()
_chunk_user = bytes(Chat(user=KENJI, content="first part is overwritten"))
_chunk_rest = bytes(Chat(common=common("WebcastChatMessage", _mid, _i), content="順番は関係ない ✔"))
CASES.append(Case("chat (split + out-of-order fields)", "WebcastChatMessage", _chunk_user + _chunk_rest, "chat",
                  USER_FIELDS("user", KENJI) + [("comment", "順番は関係ない ✔")], msg_id=_mid, i=_i))

# --- gifts: a streak (1, 5, 7 end) and a non-streakable gift
ROSE = GiftStruct(id=5655, name="Rose 🌹", diamond_count=1, type=1, combo=True,
                  image=Image(url_list=["https://p16-webcast.tiktokcdn.com/img/rose.png"]), describe="sent Rose")
GALAXY = GiftStruct(id=11046, name="Galaxy ✨", diamond_count=1000, type=2,
                    image=Image(url_list=["https://p16-webcast.tiktokcdn.com/img/galaxy.png"]))
GROUP = 7301234567890500001
for n, (rc, end) in enumerate([(1, 0), (5, 0), (7, 1)]):
    add(f"gift streak {rc}{' end' if end else ''}", "WebcastGiftMessage",
        lambda c, rc=rc, end=end: GiftMsg(common=c, gift_id=5655, repeat_count=rc, repeat_end=end, group_id=GROUP,
                                          user=KENJI, gift=ROSE, combo_count=rc, fan_ticket_count=rc),
        "gift",
        USER_FIELDS("user", KENJI) + [("giftId", 5655), ("giftName", "Rose 🌹"), ("diamondCount", 1),
                                      ("repeatCount", rc), ("repeatEnd", bool(end)), ("groupId", str(GROUP)),
                                      ("giftType", 1), ("streakable", True),
                                      ("giftPictureUrl", "https://p16-webcast.tiktokcdn.com/img/rose.png")],
        ids=("groupId",))
add("gift non-streakable to guest", "WebcastGiftMessage",
    lambda c: GiftMsg(common=c, gift_id=11046, repeat_count=1, repeat_end=0, group_id=GROUP + 1, user=LUCIA,
                      to_user=HOST_B, gift=GALAXY),
    "gift",
    USER_FIELDS("user", LUCIA) + USER_FIELDS("toUser", HOST_B) + [
        ("giftId", 11046), ("giftName", "Galaxy ✨"), ("diamondCount", 1000), ("repeatCount", 1),
        ("repeatEnd", True), ("streakable", False), ("giftType", 2), ("groupId", str(GROUP + 1))])

# --- like
add("like", "WebcastLikeMessage",
    lambda c: PEER["WebcastLikeMessage"](common=c, count=15, total=123456789012, user=ANN),
    "like", USER_FIELDS("user", ANN) + [("likeCount", 15), ("totalLikes", 123456789012)])

# --- member
add("member join", "WebcastMemberMessage",
    lambda c: PEER["WebcastMemberMessage"](common=c, user=LUCIA, action=1, member_count=1203),
    "join", USER_FIELDS("user", LUCIA) + [("action", 1), ("viewerCount", 1203)])
add("member made moderator", "WebcastMemberMessage",
    lambda c: PEER["WebcastMemberMessage"](common=c, user=MOD, action=5, operator=HOST_A, member_count=1204),
    "member", USER_FIELDS("user", MOD) + USER_FIELDS("operator", HOST_A) + [("action", 5)])

# --- social
Social = PEER["WebcastSocialMessage"]
add("social follow (display key)", "WebcastSocialMessage",
    lambda c: Social(common=c,
                     user=ANN, action=1, follow_count=3401),
    "follow", USER_FIELDS("user", ANN) + [("action", "follow")], display_key="pm_main_follow_message_viewer_2")
add("social share (display key, N joined)", "WebcastSocialMessage",
    lambda c: Social(common=c,
                     user=KENJI, action=3, share_type=1, share_target="whatsapp"),
    "share", USER_FIELDS("user", KENJI) + [("action", "share"), ("usersJoined", 7)],
    display_key="pm_mt_guidance_viewer_7_share")
add("social share key beats action=1", "WebcastSocialMessage",
    lambda c: Social(common=c,
                     user=LUCIA, action=1),
    "share", USER_FIELDS("user", LUCIA) + [("action", "share")], display_key="pm_mt_guidance_share")
add("social follow by action (no key)", "WebcastSocialMessage",
    lambda c: Social(common=c, user=LUCIA, action=1), "follow", [("action", "follow")])

# --- room user seq
add("roomUserSeq", "WebcastRoomUserSeqMessage",
    lambda c: RoomUserSeq(common=c, total=4321, total_user=987654, popularity=55,
                          ranks=[Contributor(rank=2, score=500, user=KENJI), Contributor(rank=1, score=9000, user=LUCIA),
                                 Contributor(rank=3, score=120, user=ANN)]),
    "roomUserSeq",
    [("viewerCount", 4321), ("totalViewers", 987654), ("topViewers[0].rank", 1),
     ("topViewers[0].coinCount", 9000), ("topViewers[0].user.userId", str(LUCIA.id)),
     ("topViewers[1].user.uniqueId", KENJI.display_id), ("topViewers[2].user.nickname", ANN.nickname)])

# --- control (pause; the stream end goes last)
add("control pause", "WebcastControlMessage",
    lambda c: PEER["WebcastControlMessage"](common=c, action=1), "control", [("action", 1)])

# --- caption
add("caption", "WebcastCaptionMessage",
    lambda c: Caption(common=c, timestamp_ms=T0 + 5000, duration_ms=1800, sentence_id=7301234567890600001,
                      definite=True,
                      content=[CaptionContent(lang="en", content='He said "hello" 🌍'),
                               CaptionContent(lang="zh", content="他说“你好”")]),
    "caption", [("text", 'He said "hello" 🌍'), ("language", "en"), ("isFinal", True),
                ("startedAtMs", T0 + 5000), ("endsAtMs", T0 + 6800)])

# --- im delete
DEL = [7301234567890200003, 7301234567890200004]
add("imDelete", "WebcastImDeleteMessage",
    lambda c: PEER["WebcastImDeleteMessage"](common=c, delete_msg_ids=DEL, delete_user_ids=[KENJI.id]),
    "imDelete", [("deletedMsgIds", [str(x) for x in DEL]), ("deletedUserIds", [str(KENJI.id)]),
                 ("deletedMsgId", str(DEL[0]))], ids=("deletedMsgId",))

# --- battle
BATTLE = 7301234567890700001
add("linkMicBattle", "WebcastLinkMicBattle",
    lambda c: Battle(common=c, battle_id=BATTLE, action=4,
                     battle_settings=BattleSetting(battle_id=BATTLE, start_time_ms=T0, duration=300, status=1,
                                                   channel_id=7301234567890700100),
                     anchors_info=[AnchorWrapper(key=HOST_A.id, value=AnchorInfo(user=AnchorUser(
                         user_id=HOST_A.id, nick_name=HOST_A.nickname, display_id=HOST_A.display_id))),
                                   AnchorWrapper(key=HOST_B.id, value=AnchorInfo(user=AnchorUser(
                                       user_id=HOST_B.id, nick_name=HOST_B.nickname, display_id=HOST_B.display_id)))],
                     battle_result={HOST_A.id: BattleResult(user_id=HOST_A.id, result=0, score=1500),
                                    HOST_B.id: BattleResult(user_id=HOST_B.id, result=1, score=900)}),
    "battle", [("battleId", str(BATTLE)), ("status", 1), ("battleDuration", 300), ("action", 4),
               ("teams[0].hostUserId", str(HOST_A.id)), ("teams[0].uniqueId", HOST_A.display_id),
               ("teams[0].nickname", HOST_A.nickname), ("teams[0].result", 0), ("teams[0].score", 1500),
               ("teams[1].hostUserId", str(HOST_B.id)), ("teams[1].result", 1)], ids=("battleId",))

# --- armies
add("linkMicArmies", "WebcastLinkMicArmies",
    lambda c: Armies(common=c, battle_id=BATTLE, trigger_reason=1, gift_id=5655,
                     armies={HOST_A.id: UserArmies(hostscore=60, anchor_id_str=str(HOST_A.id), user_armies=[
                         ArmyUser(user_id=ANN.id, user_id_str=str(ANN.id), nickname=ANN.nickname, score=10),
                         ArmyUser(user_id=KENJI.id, user_id_str=str(KENJI.id), nickname=KENJI.nickname, score=50)]),
                             HOST_B.id: UserArmies(hostscore=5, user_armies=[
                                 ArmyUser(user_id=LUCIA.id, nickname=LUCIA.nickname, score=5)])}),
    "battleArmies",
    [("battleId", str(BATTLE)), ("hosts[hostUserId=%d].teamTotalScore" % HOST_A.id, 60),
     ("hosts[hostUserId=%d].contributors[0].userId" % HOST_A.id, str(KENJI.id)),
     ("hosts[hostUserId=%d].contributors[0].nickname" % HOST_A.id, KENJI.nickname),
     ("hosts[hostUserId=%d].contributors[0].score" % HOST_A.id, 50),
     ("hosts[hostUserId=%d].teamTotalScore" % HOST_B.id, 5),
     ("hosts[hostUserId=%d].contributors[0].userId" % HOST_B.id, str(LUCIA.id))])

# --- question
QID = 7301234567890800001
add("questionNew", "WebcastQuestionNewMessage",
    lambda c: QuestionNew(common=c, data=Question(question_id=QID, content='What\'s your "setup"? 🎮', user=ANN,
                                                  create_time=T0)),
    "question", [("questionId", str(QID)), ("text", 'What\'s your "setup"? 🎮')] + USER_FIELDS("user", ANN),
    ids=("questionId",))

# --- subscribe
add("subNotify", "WebcastSubNotifyMessage",
    lambda c: PEER["WebcastSubNotifyMessage"](common=c, user=LUCIA, sub_month=3, old_subscribe_status=1),
    "subscribe", USER_FIELDS("user", LUCIA) + [("subMonth", 3)])

# --- barrage: super fan join, super fan (common_barrage_content), plain
add("barrage superFanJoin", "WebcastBarrageMessage",
    lambda c: Barrage(common=c, msg_type=100, user=KENJI, duration=3000,
                      content=Text(key="ttlive_superfan_commentnotif_superfanjoined",
                                   default_pattern="{0:user} joined as a Super Fan 💎")),
    "superFanJoin", USER_FIELDS("user", KENJI) + [("contentKey", "ttlive_superfan_commentnotif_superfanjoined")])
add("barrage superFan (common_barrage_content)", "WebcastBarrageMessage",
    lambda c: Barrage(common=c, msg_type=100, user=ANN,
                      common_barrage_content=Text(key="ttlive_superfan_barrage_become",
                                                  default_pattern="{0:user} became a Super Fan")),
    "superFan", USER_FIELDS("user", ANN))
add("barrage plain", "WebcastBarrageMessage",
    lambda c: Barrage(common=c, msg_type=9, user=LUCIA, content=Text(key="pm_mt_grade_user_entrance",
                                                                      default_pattern="{0:user} entered")),
    "barrage", USER_FIELDS("user", LUCIA))

# --- envelopes
add("envelope business_type 19", "WebcastEnvelopeMessage",
    lambda c: Envelope(common=c, display=1, envelope_info=EnvelopeInfo(
        envelope_id="7301234567890900001", business_type=19, send_user_name=HOST_A.nickname,
        send_user_id=str(HOST_A.id), diamond_count=500, people_count=20, unpack_at=1764000600)),
    "superFanBox", [("envelopeId", "7301234567890900001"), ("businessType", 19), ("diamondCount", 500),
                    ("peopleCount", 20), ("senderUserId", str(HOST_A.id)), ("senderName", HOST_A.nickname)])
add("envelope superfanbox key", "WebcastEnvelopeMessage",
    lambda c: Envelope(common=c,
                       envelope_info=EnvelopeInfo(envelope_id="7301234567890900002", business_type=0)),
    "superFanBox", [("envelopeId", "7301234567890900002")], display_key="ttlive_superfanbox_sent")
add("envelope plain", "WebcastEnvelopeMessage",
    lambda c: Envelope(common=c, display=1, envelope_info=EnvelopeInfo(
        envelope_id="7301234567890900003", business_type=1, diamond_count=100, people_count=5)),
    "envelope", [("businessType", 1), ("diamondCount", 100)])

# --- goal
GOAL = 7301234567891000001
add("goalUpdate", "WebcastGoalUpdateMessage",
    lambda c: Goal(common=c, contributor_id=ANN.id, contributor_display_id=ANN.display_id, contribute_count=3,
                   contribute_score=30,
                   goal=GoalInfo(id=GOAL, id_str=str(GOAL), status=1, description="Road to 1K 🚀 “go”",
                                 sub_goals=[SubGoal(type=1, id=GOAL + 1, id_str=str(GOAL + 1), progress=420,
                                                    target=1000)])),
    "goalUpdate", [("goalId", str(GOAL)), ("description", "Road to 1K 🚀 “go”"), ("subGoals[0].progress", 420),
                   ("subGoals[0].target", 1000), ("subGoals[0].id", str(GOAL + 1)),
                   ("contributorId", str(ANN.id)), ("contributorUniqueId", ANN.display_id)])

# --- polls
POLL = 7301234567891100001
add("poll start", "WebcastPollMessage",
    lambda c: Poll(common=c, message_type=0, poll_id=POLL, start_content=PollStart(
        title="Best ramen? 🍜", start_time=T0, end_time=T0 + 60000,
        option_list=[PollOption(option_idx=0, display_content="豚骨", votes=0),
                     PollOption(option_idx=1, display_content='"Shoyu"', votes=0)])),
    "poll", [("pollId", str(POLL)), ("title", "Best ramen? 🍜"), ("options[0].text", "豚骨"),
             ("options[1].text", '"Shoyu"')], ids=("pollId",))
add("poll update", "WebcastPollMessage",
    lambda c: Poll(common=c, message_type=2, poll_id=POLL, update_votes_content=PollUpdate(
        option_list=[PollOption(option_idx=0, display_content="豚骨", votes=12),
                     PollOption(option_idx=1, display_content='"Shoyu"', votes=30)])),
    "poll", [("pollId", str(POLL)), ("options[1].votes", 30)])

# --- room pin (a pinned chat)
add("roomPin", "WebcastRoomPinMessage",
    lambda c: PEER["WebcastRoomPinMessage"](
        common=c, method="WebcastChatMessage", action=1, pin_msg_id=7301234567890200001, pin_time=T0 + 1,
        operator=HOST_A,
        chat_message=Chat(common=common("WebcastChatMessage", 7301234567890200001, 1), user=ANN,
                          content="pin me 📌")),
    "roomPin", [("action", 1), ("pinnedMethod", "WebcastChatMessage"), ("pinnedMsgId", "7301234567890200001"),
                ("comment", "pin me 📌"), ("user.userId", str(ANN.id))] + USER_FIELDS("operator", HOST_A))

# --- live intro, room, system
add("liveIntro", "WebcastLiveIntroMessage",
    lambda c: PEER["WebcastLiveIntroMessage"](common=c, id=ROOM, content='Welcome! 欢迎 "fans" 🎉',
                                              content_language="zh", user=HOST_A),
    "liveIntro", [("content", 'Welcome! 欢迎 "fans" 🎉'), ("language", "zh")] + USER_FIELDS("host", HOST_A))
add("room message", "WebcastRoomMessage",
    lambda c: PEER["WebcastRoomMessage"](common=c, content="Welcome to the LIVE — be kind 💜", source=1),
    "room", [("content", "Welcome to the LIVE — be kind 💜")])
add("system message (text in field 2)", "WebcastSystemMessage",
    lambda c: PEER["WebcastSystemMessage"](common=c, message="System: the host is on a break ☕"),
    "room", [("content", "System: the host is on a break ☕")])

# --- badges only (no pay_grade / fans_club): levels and flags come from image/text/combine badges
ImageBadge = sub(Badge, "image")
TextBadge = sub(Badge, "text")
CombineBadge = sub(Badge, "combine")
CombineText = sub(CombineBadge, "text")
PrivExtra = sub(Badge, "privilege_log_extra")
BADGED = user(7301234567890300030, "badge.collector", "Bádge 🏅", badge_list=[
    Badge(display_type=1, scene_type=1, image=ImageBadge(display_type=1, image=Image(
        url_list=["https://p16-webcast.tiktokcdn.com/badge/moderator.png"]))),
    Badge(display_type=2, scene_type=10, privilege_log_extra=PrivExtra(level="5", privilege_id="7301234567890000555"),
          text=TextBadge(display_type=2, key="fans_badge", default_pattern="Team Lv.5", pieces=["5"])),
    Badge(display_type=4, scene_type=8, privilege_log_extra=PrivExtra(level="12"),
          combine=CombineBadge(display_type=4, icon=Image(url_list=["https://p16-webcast.tiktokcdn.com/badge/lv12.png"]),
                               text=CombineText(key="grade_badge", default_pattern="Lv.12", pieces=["12"])))])
add("chat (user flags/levels from badges)", "WebcastChatMessage",
    lambda c: Chat(common=c, user=BADGED, content="badges 🏅"), "chat",
    USER_FIELDS("user", BADGED) + [("user.isModerator", True), ("user.teamMemberLevel", 5), ("user.payGrade", 12),
                                   ("user.badges[0].imageUrl", "https://p16-webcast.tiktokcdn.com/badge/moderator.png"),
                                   ("user.badges[1].text", "Team Lv.5"), ("user.badges[2].text", "Lv.12"),
                                   ("user.badges[2].level", 12),
                                   ("user.badges[2].imageUrl", "https://p16-webcast.tiktokcdn.com/badge/lv12.png")])

# --- more modelled methods
add("emoteChat", "WebcastEmoteChatMessage",
    lambda c: PEER["WebcastEmoteChatMessage"](common=c, user=KENJI, emote_list=[Emote(
        emote_id="7301234567890400002", image=Image(url_list=["https://p16-webcast.tiktokcdn.com/emote/2.png"]))]),
    "emoteChat", USER_FIELDS("user", KENJI) + [("emotes[0].emoteId", "7301234567890400002"),
                                               ("emotes[0].imageUrl", "https://p16-webcast.tiktokcdn.com/emote/2.png")])
add("unauthorizedMember", "WebcastUnauthorizedMemberMessage",
    lambda c: PEER["WebcastUnauthorizedMemberMessage"](
        common=c, action=1, nick_name="Gast 👀",
        nick_name_prefix=Text(key="live_room_anonymous_prefix", default_pattern="Viewer"),
        enter_text=Text(key="live_room_enter_toast", default_pattern="{0:string} joined")),
    "unauthorizedMember", [("action", 1), ("nickname", "Gast 👀")])
add("linkMicMethod", "WebcastLinkMicMethod",
    lambda c: PEER["WebcastLinkMicMethod"](common=c, message_type=2, user_id=HOST_A.id, to_user_id=HOST_B.id,
                                           channel_id=7301234567890700100, rival_anchor_id=HOST_B.id,
                                           start_time_ms=T0),
    "linkMicMethod", [("messageType", 2), ("userId", str(HOST_A.id)), ("toUserId", str(HOST_B.id)),
                      ("channelId", "7301234567890700100"), ("rivalAnchorId", str(HOST_B.id))])
add("link", "WebcastLinkMessage",
    lambda c: PEER["WebcastLinkMessage"](common=c, message_type=4, linker_id=7301234567890700200, scene=2),
    "link", [("messageType", 4), ("linkerId", "7301234567890700200"), ("scene", 2)])
add("linkLayer", "WebcastLinkLayerMessage",
    lambda c: PEER["WebcastLinkLayerMessage"](common=c, message_type=11, channel_id=7301234567890700100, scene=2),
    "linkLayer", [("messageType", 11), ("channelId", "7301234567890700100"), ("scene", 2)])
add("rankUpdate", "WebcastRankUpdateMessage",
    lambda c: PEER["WebcastRankUpdateMessage"](common=c, group_type=1, updates=[
        sub(PEER["WebcastRankUpdateMessage"], "updates")(rank_type=1, own_rank=17, countdown=600)]),
    "rankUpdate", [("groupType", 1), ("updates[0].rankType", 1), ("updates[0].ownerRank", 17),
                   ("updates[0].countdown", 600)])
add("oecLiveShopping", "WebcastOecLiveShoppingMessage",
    lambda c: PEER["WebcastOecLiveShoppingMessage"](
        common=c, action_type=1, live_product_number=12, pop_product=sub(PEER["WebcastOecLiveShoppingMessage"],
                                                                         "pop_product")(
            title='Mug "I ♥ LIVE" ☕', price="$9.99", image_url="https://p16-oec.tiktokcdn.com/mug.png",
            open_url="https://shop.tiktok.com/view/product/7301234567891200001", product_id=7301234567891200001)),
    "oecLiveShopping", [("actionType", 1), ("productCount", 12), ("product.productId", "7301234567891200001"),
                        ("product.title", 'Mug "I ♥ LIVE" ☕'), ("product.price", "$9.99")])

# --- outside our catalog
for meth in ("WebcastHoloGiftRainMessage", "WebcastKaraokeDuetStartMessage"):
    add(f"uncatalogued {meth}", meth,
        lambda c: PEER["WebcastRoomMessage"](common=c, content="future feature 🛸"), "unknown",
        [("method", meth)])
    CASES[-1].fields.append(("payload", base64.b64encode(CASES[-1].payload).decode()))
_i = len(CASES) + 1
_mid = next_msg_id()
CASES.append(Case("uncatalogued, not protobuf (msgId from envelope)", "WebcastJsonOnlyMessage",
                  b'{"note":"not protobuf \xe2\x9c\x8c"}', "unknown",
                  [("method", "WebcastJsonOnlyMessage")], msg_id=_mid, i=_i, check_base=False))

# --- a message without common: msgId falls back to the envelope's
_i = len(CASES) + 1
_mid = next_msg_id()
CASES.append(Case("like without common (envelope msg_id)", "WebcastLikeMessage",
                  bytes(PEER["WebcastLikeMessage"](count=2, total=10, user=ANN)), "like",
                  [("likeCount", 2)], msg_id=_mid, i=_i, check_base=False))

# ----------------------------------------------------------------------------------------------
# Every method the peer schema has, every field filled in: catches wire-type disagreements.

STR = 'ç文🙂"x'


def autofill(cls, depth=0, seen=()):
    meta = cls._betterproto
    kw = {}
    groups = set()
    for name, fm in meta.meta_by_field_name.items():
        if fm.group:
            if fm.group in groups:
                continue
            groups.add(fm.group)
        val = autovalue(cls, name, fm, fm.proto_type, depth, seen)
        if val is None:
            continue
        if fm.proto_type == "map":
            k, v = fm.map_meta
            kval = autovalue(cls, name + ".key", k, k.proto_type, depth, seen)
            vval = autovalue(cls, name + ".value", v, v.proto_type, depth, seen)
            if kval is None or vval is None:
                continue
            val = {kval: vval}
        elif fm.repeated:
            val = [val]
        kw[name] = val
    return cls(**kw)


# Integer profiles: plausible 64-bit ids, the largest values, the most negative values.
PROFILES = {
    "ids": {"i64": 7301234567890123456, "u64": 7301234567890123457, "i32": 1234567, "u32": 1234567},
    "max": {"i64": 2 ** 63 - 1, "u64": 2 ** 64 - 1, "i32": 2 ** 31 - 1, "u32": 2 ** 32 - 1},
    "min": {"i64": -2 ** 63, "u64": 0, "i32": -2 ** 31, "u32": 0},
}
PROFILE = PROFILES["ids"]


def autovalue(cls, name, fm, t, depth, seen):
    if t == "map":
        return True
    if t in ("int64", "sint64", "sfixed64"):
        return PROFILE["i64"]
    if t in ("uint64", "fixed64"):
        return PROFILE["u64"] or None
    if t in ("int32", "sint32", "sfixed32"):
        return PROFILE["i32"]
    if t in ("uint32", "fixed32"):
        return PROFILE["u32"] or None
    if t == "bool":
        return True
    if t in ("float", "double"):
        return 1.5
    if t == "string":
        return STR
    if t == "bytes":
        return b"\x01\x02\xff"
    if t == "enum":
        enum = cls._betterproto.cls_by_field[name]
        members = [m for m in enum if m.value != 0]
        return members[0] if members else None
    if t == "message":
        subcls = cls._betterproto.cls_by_field[name]
        if depth >= 3 or subcls in seen:
            return None
        return autofill(subcls, depth + 1, seen + (subcls,))
    return None


# Event names (the DocC Events article): explicit names (generic -> allowed specific names), and the
# naming rule for the rest.
EXPLICIT = {
    "WebcastChatMessage": {"chat"}, "WebcastEmoteChatMessage": {"emoteChat"}, "WebcastGiftMessage": {"gift"},
    "WebcastLikeMessage": {"like"}, "WebcastMemberMessage": {"member", "join"},
    "WebcastSocialMessage": {"social", "follow", "share"}, "WebcastRoomUserSeqMessage": {"roomUserSeq"},
    "WebcastControlMessage": {"control", "streamEnd"}, "WebcastCaptionMessage": {"caption"},
    "WebcastImDeleteMessage": {"imDelete"}, "WebcastLinkMicBattle": {"battle"},
    "WebcastLinkMicArmies": {"battleArmies"}, "WebcastLinkMicBattleItemCard": {"battleItemCard"},
    "WebcastLinkMicBattlePunishFinish": {"battlePunishFinish"},
    "WebcastLinkmicBattleNoticeMessage": {"battleNotice"}, "WebcastLinkmicBattleTaskMessage": {"battleTask"},
    "WebcastQuestionNewMessage": {"question"}, "WebcastSubNotifyMessage": {"subscribe"},
    "WebcastSubPinEventMessage": {"subPin"}, "WebcastHourlyRankMessage": {"hourlyRank"},
    "WebcastHourlyRankRewardMessage": {"hourlyRank"}, "WebcastBottomMessage": {"bottomMessage"},
    "WebcastRoomMessage": {"room"}, "RoomMessage": {"room"}, "WebcastSystemMessage": {"room"},
    "WebcastLinkMicFanTicketMethod": {"fanTicket"}, "WebcastLinkMicMethod": {"linkMicMethod"},
    "LinkMicMethod": {"linkMicMethod"}, "WebcastRoomVerifyMessage": {"roomVerify"},
    "RoomVerifyMessage": {"roomVerify"}, "WebcastBarrageMessage": {"barrage", "superFan", "superFanJoin"},
    "WebcastEnvelopeMessage": {"envelope", "superFanBox"},
}


def rule_name(method):
    n = method
    if n.startswith("Webcast"):
        n = n[len("Webcast"):]
    if n.endswith("Message") and len(n) > len("Message"):
        n = n[:-len("Message")]
    return n[:1].lower() + n[1:]


def names_for(method):
    return EXPLICIT.get(method, {rule_name(method)})


NOT_EVENTS = {"WebcastPushFrame", "WebcastImEnterRoomMessage"}
for _profile in ("ids", "max", "min"):
    PROFILE = PROFILES[_profile]
    for meth in sorted(PEER):
        cls = PEER[meth]
        if not meth.startswith("Webcast") or meth in NOT_EVENTS:
            continue
        fields = cls._betterproto.meta_by_field_name
        if "common" not in fields:
            continue
        allowed = names_for(meth)
        i = len(CASES) + 1
        mid = next_msg_id()
        msg = autofill(cls)
        msg.common = common(meth, mid, i)
        CASES.append(Case(f"all-fields/{_profile} {meth}", meth, bytes(msg), sorted(allowed)[0], msg_id=mid, i=i,
                          allowed_types=allowed,
                          extras=(len(fields) > 1 and len(allowed) == 1 and meth not in EXPLICIT)))

# --- a catalogued message whose bytes are cut short: an `error` event, the rest of the batch still arrives
_i = len(CASES) + 1
_mid = next_msg_id()
_gift = bytes(GiftMsg(common=common("WebcastGiftMessage", _mid, _i), gift_id=5655, user=ANN, gift=ROSE))
CASES.append(Case("gift cut short (decode error)", "WebcastGiftMessage", _gift[:-7], "error", msg_id=_mid, i=_i))

# --- the stream ends last
add("control stream ended", "WebcastControlMessage",
    lambda c: PEER["WebcastControlMessage"](common=c, action=3, tips="The LIVE has ended"), "streamEnd",
    [("action", 3)])

# ----------------------------------------------------------------------------------------------
# Capture

GARBAGE = b"\xff" * 11 + b"not a push frame"


def build_capture(path, cases, per_frame=4, garbage=True):
    """Frames of `per_frame` messages. With `garbage`, frame 1 relies on the gzip magic (no header), frame 2 is
    not compressed, an `hb` frame follows frame 0, and an undecodable record follows frame 1."""
    records = []
    seq = 7301234567890000100
    for n, start in enumerate(range(0, len(cases), per_frame)):
        batch = cases[start:start + per_frame]
        result = FetchResult(
            messages=[Base(method=c.method, payload=c.payload, msg_id=c.envelope_msg_id, msg_type=0)
                      for c in batch],
            cursor=f"{T0 + start}_7301234567890123456_1_1_0_0", fetch_interval=1000, now=T0 + start,
            internal_ext="internal_src:pushserver|first_req_ms:1764000000000|wss_msg_type:r",
            need_ack=True, is_first=(start == 0))
        seq += 1
        headers = [PushHeader(key="compress_type", value="gzip"), PushHeader(key="im-cursor", value="c")]
        payload = gzip.compress(bytes(result))
        if garbage and n == 1:
            headers = [PushHeader(key="im-cursor", value="c")]
        if garbage and n == 2:
            headers, payload = [], bytes(result)
        frame = Push(seq_id=seq, log_id=seq - 100, service=5, method=8, headers=headers,
                     payload_encoding="pb", payload_type="msg", payload=payload)
        records.append(bytes(frame))
        if garbage and n == 0:
            records.append(bytes(Push(seq_id=seq, log_id=seq, payload_encoding="pb", payload_type="hb",
                                      payload=bytes.fromhex("08c0f592c7fec4cca965"))))
        if garbage and n == 1:
            records.append(GARBAGE)
    with open(path, "wb") as f:
        for r in records:
            f.write(len(r).to_bytes(4, "little") + r)
    return len(records)


# Our schema's top-level field numbers per message, to spot fields we declare that still land in `extras`
# (a wire-type disagreement with the peer makes the decoder treat the field as unknown).
def our_fields():
    import re
    decl = {}
    for name in ("webcast_common.proto", "webcast_messages.proto"):
        try:
            text = open(os.path.join(ROOT, "Protos", name), encoding="utf-8").read()
        except OSError:
            continue
        text = re.sub(r"//.*", "", text)
        for m in re.finditer(r"message\s+(\w+)\s*\{([^}]*)\}", text):
            decl[m.group(1)] = {int(f.group(2)): f.group(1) for f in
                                re.finditer(r"(?:repeated\s+)?(map<[^>]+>|[\w.]+)\s+\w+\s*=\s*(\d+)\s*;",
                                            m.group(2))}
    return decl


OURS = our_fields()


def our_message_for(method):
    name = method[len("Webcast"):] if method.startswith("Webcast") else method
    return OURS.get(name)


def peer_field_desc(method, number):
    cls = PEER.get(method)
    if cls is None:
        return "?"
    for name, fm in cls._betterproto.meta_by_field_name.items():
        if fm.number == number:
            return f"{name} {'repeated ' if fm.repeated else ''}{fm.proto_type}"
    return "?"


# ----------------------------------------------------------------------------------------------
# Checking


class Checker:
    def __init__(self, quiet):
        self.passed = 0
        self.failed = 0
        self.quiet = quiet

    def check(self, ok, label, what, detail=""):
        if ok:
            self.passed += 1
            if not self.quiet:
                print(f"PASS {label}: {what}")
        else:
            self.failed += 1
            print(f"FAIL {label}: {what}{(' — ' + detail) if detail else ''}")


MISSING = object()


def lookup(obj, path):
    for part in path.replace("]", "").split("."):
        name, _, idx = part.partition("[")
        if name:
            if not isinstance(obj, dict) or name not in obj:
                return MISSING
            obj = obj[name]
        if idx:
            if "=" in idx:
                key, val = idx.split("=", 1)
                found = [x for x in obj if isinstance(x, dict) and str(x.get(key)) == val] if isinstance(obj, list) \
                    else []
                if not found:
                    return MISSING
                obj = found[0]
            else:
                if not isinstance(obj, list) or int(idx) >= len(obj):
                    return MISSING
                obj = obj[int(idx)]
    return obj


def short(v):
    s = json.dumps(v, ensure_ascii=False) if v is not MISSING else "<missing>"
    return s if len(s) <= 160 else s[:157] + "..."


def find_binary(explicit):
    candidates = [explicit] if explicit else [os.path.join(ROOT, ".build/debug/tiktok-live-events"),
                                                "/work/lead/.build/debug/tiktok-live-events"]
    for c in candidates:
        if c and os.access(c, os.X_OK):
            return c
    sys.exit(f"peer-schema-check: no tiktok-live-events binary at {', '.join(c for c in candidates if c)}")


def run_replay(binary, path):
    proc = subprocess.run([binary, "replay", path, "--json"], capture_output=True)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def crashed(code, err):
    return code < 0 or code >= 128 or "Swift runtime failure" in err or "Fatal error" in err


def crash_reason(err):
    lines = [l.strip() for l in err.splitlines()]
    what = next((l.strip("* ") for l in lines if "runtime failure" in l or "Fatal error" in l), "crash")
    where = next((l.split(" in tiktok-live-events at ")[-1] for l in lines
                  if " crashed:" not in l and "/Sources/" in l and " at /" in l), "")
    return f"{what} at {where}" if where else what


def main():
    ap = argparse.ArgumentParser(description="Cross-check tiktok-live-events against the peer v3 schema.")
    ap.add_argument("--binary", help="tiktok-live-events to test (default: .build/debug, then /work/lead)")
    ap.add_argument("--capture", default=os.path.join(ROOT, ".build-compat", "peer-capture.bin"))
    ap.add_argument("-q", "--quiet", action="store_true", help="print failures only (and the summary)")
    args = ap.parse_args()

    os.makedirs(os.path.dirname(os.path.abspath(args.capture)), exist_ok=True)
    binary = find_binary(args.binary)
    ck = Checker(args.quiet)
    cases = list(CASES)
    nrec = build_capture(args.capture, cases)
    print(f"# {len(cases)} messages in {nrec} records ({args.capture}); binary {binary}")
    code, out, err = run_replay(binary, args.capture)
    if crashed(code, err):
        # Find the messages that crash the decoder on their own, report them, and check the rest without them.
        ck.check(False, "replay", "does not crash on the full capture", crash_reason(err))
        single = args.capture + ".one"
        survivors = []
        for c in cases:
            build_capture(single, [c], garbage=False)
            c_code, _, c_err = run_replay(binary, single)
            ok = not crashed(c_code, c_err)
            ck.check(ok, f"{c.label} [{c.method}]", "decoding it alone does not crash", crash_reason(c_err))
            if ok:
                survivors.append(c)
        os.remove(single)
        cases = survivors
        nrec = build_capture(args.capture, cases)
        print(f"# re-running without the crashing messages: {len(cases)} messages in {nrec} records")
        code, out, err = run_replay(binary, args.capture)

    ck.check(code == 0, "replay", "exits 0", f"exit {code}; stderr: {err.strip()[:300]}")
    ck.check(sum("skipped" in line for line in err.splitlines()) == 1, "replay",
             "exactly one frame reported skipped on stderr (the garbage one)", f"stderr: {err.strip()[:300]}")

    events = []
    for n, line in enumerate(out.splitlines()):
        try:
            events.append(json.loads(line))
        except ValueError:
            ck.check(False, "ndjson", f"line {n + 1} is JSON", line[:200])
    ck.check(len(events) == len(cases), "replay", f"one event per wire message ({len(cases)})",
             f"got {len(events)}")
    errors = [e for e in events if e.get("type") == "error"]
    expected_errors = [c for c in cases if c.type == "error"]
    for e in errors:
        msg = str(e.get("data", {}).get("message", ""))
        if not any(str(c.envelope_msg_id) in msg for c in expected_errors):
            ck.check(False, "replay", "no unexpected error events", short(e.get("data")))

    by_id = {}
    for pos, e in enumerate(events):
        d = e.get("data", {})
        by_id.setdefault(str(d.get("msgId")), []).append((pos, e))
    last_pos = -1
    for c in cases:
        label = f"{c.label} [{c.method}]"
        if c.type == "error":
            hits = [(pos, e) for pos, e in enumerate(events) if e.get("type") == "error"
                    and str(c.envelope_msg_id) in str(e.get("data", {}).get("message", ""))]
            ck.check(len(hits) == 1, label, "one error event naming the message", f"{len(hits)} events")
            for _, e in hits[:1]:
                d = e.get("data", {})
                ck.check(d.get("kind") == "decode", label, 'error kind "decode"', f"got {short(d.get('kind'))}")
                ck.check(d.get("method") == c.method, label, f"error method {c.method}", f"got {short(d.get('method'))}")
            continue
        hits = by_id.get(str(c.msg_id) if c.check_base or c.type != "unknown" else str(c.envelope_msg_id), [])
        if not hits:
            # An error event carries no msgId; point at it when the method matches.
            errs = [e for e in errors if e.get("data", {}).get("method") == c.method]
            ck.check(False, label, f"an event with msgId {c.msg_id}",
                     "error event: " + short(errs[0]["data"]) if errs else "no such event")
            continue
        ck.check(len(hits) == 1, label, "exactly one event", f"{len(hits)} events")
        pos, e = hits[0]
        d = e.get("data", {})
        ck.check(pos > last_pos, label, "in wire order", f"at line {pos + 1}")
        last_pos = max(last_pos, pos)
        t = e.get("type")
        want = c.type if len(c.allowed_types) == 1 else "one of " + "/".join(sorted(c.allowed_types))
        ck.check(t in c.allowed_types, label, f"type {want}", f"got {t!r}")
        ck.check(d.get("type") == t, label, "data.type equals type", f"data.type {d.get('type')!r}")
        ck.check(isinstance(d.get("msgId"), str) and d.get("msgId") == str(c.msg_id), label,
                 f"msgId \"{c.msg_id}\" (string)", f"got {short(d.get('msgId'))}")
        if c.check_base:
            ck.check(isinstance(d.get("roomId"), str) and d.get("roomId") == str(ROOM), label,
                     f"roomId \"{ROOM}\" (string)", f"got {short(d.get('roomId'))}")
            ck.check(d.get("timestamp") == T0 + c.i * 1000, label, f"timestamp {T0 + c.i * 1000} (create_time)",
                     f"got {short(d.get('timestamp'))}")
        if c.extras:
            ck.check(isinstance(d.get("extras"), dict) and len(d["extras"]) > 0, label,
                     "unmodelled fields kept in extras", f"extras {short(d.get('extras'))}")
        declared = our_message_for(c.method)
        if c.label.startswith("all-fields/ids") and declared and t != "unknown":
            for key in sorted((d.get("extras") or {}), key=lambda k: int(k) if k.isdigit() else 0):
                if key.isdigit() and int(key) in declared:
                    ck.check(False, label, f"declared field {key} decoded (not left in extras)",
                             f"ours: {declared[int(key)]} = {key}; peer: {peer_field_desc(c.method, int(key))}")
        for path, expected in c.fields:
            got = lookup(d, path)
            ok = got == expected
            if path == "giftId" and not ok:
                ok = str(got) == str(expected)
            ck.check(ok, label, f"{path} == {short(expected)}", f"got {short(got)}")
        for path in c.ids:
            got = lookup(d, path)
            ck.check(isinstance(got, str), label, f"{path} is a JSON string", f"got {short(got)}")

    print(f"{ck.passed} passed, {ck.failed} failed")
    return 1 if ck.failed else 0


if __name__ == "__main__":
    sys.exit(main())
