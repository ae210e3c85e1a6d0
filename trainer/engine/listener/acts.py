"""What kind of move a sentence is: a dialogue act, heard before what it says.

Facade's lesson: hear the kind of move robustly and react to it, rather than pretend to
understand more. A bare list of keywords is a *fragment* and earns nothing; chit-chat is
*small talk*, not a clarifying question; a question about logistics or permission is not one
about the customer's situation. The call uses these acts to judge each sentence in context.
"""

from __future__ import annotations

import re
from typing import Literal

Act = Literal[
    "question",  # seeks to understand the customer's situation
    "other_question",  # logistics, permission, rhetorical, leading
    "small_talk",
    "proposal",  # a commitment or a proposal
    "acknowledgement",
    "statement",
    "fragment",  # no clause: a bare noun or keyword list
]

_WORD = re.compile(r"[a-z0-9][a-z0-9']*")
# Words that make a clause: pronouns (a subject or object), be/have/do, modals, contractions,
# and the verbs people use most on a call. A sentence with none of these is a list of nouns.
_CLAUSE = frozenset(
    [
        "i",
        "you",
        "we",
        "they",
        "he",
        "she",
        "it",
        "this",
        "that",
        "there",
        "me",
        "us",
        "him",
        "them",
        "my",
        "your",
        "our",
        "their",
        "his",
        "her",
        "its",
        "who",
        "what",
        "when",
        "where",
        "why",
        "how",
        "which",
        "whom",
        "whose",
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "done",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "let",
        "lets",
        "i'm",
        "i'll",
        "i've",
        "i'd",
        "you're",
        "you'll",
        "you've",
        "you'd",
        "we're",
        "we'll",
        "we've",
        "we'd",
        "they're",
        "they'll",
        "they've",
        "it's",
        "that's",
        "there's",
        "what's",
        "who's",
        "how's",
        "where's",
        "when's",
        "let's",
        "here's",
        "don't",
        "doesn't",
        "didn't",
        "won't",
        "wouldn't",
        "can't",
        "couldn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "haven't",
        "hasn't",
        "hadn't",
        "shouldn't",
        "im",
        "ill",
        "ive",
        "youre",
        "youll",
        "weve",
        "were",
        "theyre",
        "thats",
        "whats",
        "dont",
        "doesnt",
        "didnt",
        "wont",
        "cant",
        "isnt",
        "know",
        "think",
        "see",
        "want",
        "need",
        "understand",
        "ask",
        "tell",
        "say",
        "said",
        "send",
        "happen",
        "happened",
        "go",
        "going",
        "come",
        "feel",
        "make",
        "get",
        "put",
        "keep",
        "hear",
        "mean",
        "agree",
        "take",
        "give",
        "speak",
        "describe",
        "explain",
        "apologise",
        "apologize",
        "owe",
        "guarantee",
        "suggest",
        "propose",
        "recommend",
    ]
)
_FUNCTION = frozenset(["the", "a", "an", "to", "of", "for", "with", "on", "in", "at", "by", "from", "about", "into", "as", "and", "or", "but", "so", "if"])
# One word that does a job on its own: "sorry", "thanks", "ok".
_INTERJECTION = frozenset(
    [
        "sorry",
        "apologies",
        "thanks",
        "thank",
        "cheers",
        "ok",
        "okay",
        "right",
        "sure",
        "yes",
        "yeah",
        "yep",
        "no",
        "nope",
        "agreed",
        "absolutely",
        "understood",
        "noted",
        "fair",
        "indeed",
    ]
)
_ACKNOWLEDGE = re.compile(
    r"^(?:(?:ok|okay|right|sure|yes|yeah|yep|got it|i see|understood|noted|fair enough|"
    r"makes sense|of course|absolutely|agreed|mm+|hm+|ah|oh|thanks|thank you|cheers|great|"
    r"good|fine|perfect|go on|go ahead|carry on|keep going|please continue|continue|"
    r"i'm listening|i am listening|listening)[\s,.!]*)+$"
)


# A greeting and thanks for the time: "Hi Glen, thanks for the time.", "Good morning Nick, thanks
# for joining.". Courtesy that opens a call, neither chit-chat nor a keyword list.
_COURTESY = re.compile(
    r"^(?:(?:hi|hello|hey|morning|afternoon|evening|good (?:morning|afternoon|evening))"
    r"(?:\s+(?!thanks\b|thank\b|many\b)[a-z']+){0,2}[\s,.!-]*)?"
    r"(?:(?:thanks|thank you|many thanks|cheers|(?:i )?appreciate (?:you|it))"
    r"(?:\s+(?:so much|very much|again))?"
    r"(?:\s+for\s+(?:the|your)?\s*(?:time|call|joining|taking (?:the|my) call|making (?:the )?time|"
    r"picking up|seeing me|having me|fitting me in|getting back to me|coming on|jumping on)(?:\s+today)?)?"
    r"(?:[\s,]+(?!thanks\b)[a-z']+){0,1})?[\s,.!]*$"
)


def is_courtesy(norm: str) -> bool:
    """A greeting, thanks for the time, or both, and nothing else."""
    said = norm.strip()
    return bool(said) and bool(_COURTESY.match(said))


# An open follow-up too short to have a clause: "Anything else?", "What else?", "How so?",
# "Since when?". A bare noun with a question mark ("Priorities?") is still a fragment.
_FOLLOW_UP = re.compile(
    r"^(?:(?:and|so|ok|okay|right|sorry)[,]?\s+)?"
    r"(?:anything|anyone|anybody|something|what|who|how|why|where|when|which|since when|like what)"
    r"(?:\s+(?:else|so|then|exactly|more|now|again|not|since|happened|was that|is that))*\s*\?+$"
)

# "And the others?", "what about the rest?", "and then?": asks for more of what was just said.
# A bare noun ("Other firms?", "Priorities?") names a thing of its own and stays a fragment.
_POINTS_BACK = re.compile(
    r"^(?:(?:and|so|ok|okay|right)[,]?\s+)?(?:what about|how about|and)?\s*"
    r"(?:then|the (?:others?|other ones?|rest(?: of them)?|remaining ones?|next one|"
    r"second one|third one|last one|first one)|that one|those|them)\s*\?+$"
)


def is_follow_up(norm: str) -> bool:
    """A short open question that asks for more: "anything else?", "why?", "how so?",
    "and the others?"."""
    said = norm.strip()
    if _POINTS_BACK.match(said):
        return True
    return bool(_FOLLOW_UP.match(said)) and said.rstrip("?") != "what"  # "what?" is "pardon?"


# "Agreed?", "sound fair?", "fair summary?", "make sense?": checks that the customer agrees with
# what was just said. A short question of its own, not a keyword list.
_TAG_CHECK = re.compile(
    r"^(?:(?:and|so|ok|okay|right)[,]?\s+)?(?:agreed|fair|fair enough|sound fair|sounds fair|"
    r"fair summary|is that fair|that fair|make sense|makes sense|does that make sense|"
    r"sound right|sounds right|sound ok|sound okay|sound good|that ok|that okay|ok with you|"
    r"deal|yes or no|right|yeah|no)\s*\?+$"
)


def is_tag_check(norm: str) -> bool:
    """A short check that the customer agrees: "Agreed?", "Sound fair?"."""
    return bool(_TAG_CHECK.match(norm.strip()))


def is_fragment(norm: str) -> bool:
    """No clause at all: "root cause, owners, dates", "Priorities?", "timeline"."""
    words = _WORD.findall(norm)
    if not words:
        return True
    if is_follow_up(norm) or is_tag_check(norm) or is_courtesy(norm):
        return False
    if any(w in _CLAUSE for w in words):
        return False
    if len(words) <= 3 and words[0] in _INTERJECTION:
        return False  # "sorry, Gordon", "thanks so much"
    # Nouns that double as verbs ("review", "plan", "call") are not counted above: a list of
    # them is still a list. Three words or fewer with no clause word are a fragment too.
    listy = norm.count(",") >= 1 and all(len(p.split()) <= 3 for p in norm.split(","))
    if listy or len(words) <= 3:
        return True
    # Longer than a few words with no list shape: an imperative or a clause the word lists
    # above do not know ("Start with the second failure", "walking you through it"), unless it
    # has no function word and no verb form at all.
    verbish = any(len(w) > 4 and w.endswith(("ed", "ing")) for w in words)
    return not verbish and not any(w in _FUNCTION for w in words)


def classify(
    norm: str,
    asked: bool,
    heard_roles: set[str],
    small_talk: bool,
    landed_topic: bool,
) -> Act:
    """The act of one normalised sentence, given what else was heard in it.

    ``asked``: it has the form of a question; ``heard_roles``: the roles of the behaviours heard
    in it; ``small_talk``: it reads like the neutral corpus; ``landed_topic``: it landed a topic.
    """
    if is_fragment(norm):
        return "fragment"
    if is_courtesy(norm) and not asked:
        return "acknowledgement"  # a greeting or thanks for their time opens a call politely
    if is_tag_check(norm):
        return "other_question"  # it asks for agreement, not for information
    if not asked and not heard_roles and _ACKNOWLEDGE.match(norm.strip()):
        return "acknowledgement"  # a nod or "go on" keeps the customer talking: not chit-chat
    if small_talk and not landed_topic and not heard_roles - {"question"}:
        return "small_talk"
    if asked:
        return "question" if "question" in heard_roles or landed_topic else "other_question"
    if "commitment" in heard_roles or (landed_topic and not asked):
        return "proposal"
    if _ACKNOWLEDGE.match(norm.strip()):
        return "acknowledgement"
    return "statement"
