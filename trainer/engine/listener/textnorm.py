"""Turn what a trainee typed into clean sentences the listener can match.

People type fast under pressure: lower case, chat shorthand, typos, no full stops. The listener
should hear "tbh thats on me, wont happen again" the way it hears the tidy version.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

MAX_CHARS = 4000  # a 100 KB paste is cut here; the words that matter come first

# Chat shorthand and missing apostrophes, as whole words.
_SHORTHAND = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "ya": "you",
    "yrs": "years",
    "rn": "right now",
    "tbh": "to be honest",
    "imo": "in my opinion",
    "idk": "i don't know",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "ty": "thank you",
    "sry": "sorry",
    "srry": "sorry",
    "soz": "sorry",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "lemme": "let me",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tomoz": "tomorrow",
    "eod": "end of day",
    "cob": "close of business",
    "asap": "as soon as possible",
    "b4": "before",
    "cuz": "because",
    "coz": "because",
    "bc": "because",
    "w/": "with",
    "abt": "about",
    "wat": "what",
    "wht": "what",
    "hw": "how",
    "whats": "what's",
    "hows": "how's",
    "whos": "who's",
    "wheres": "where's",
    "im": "i'm",
    "ive": "i've",
    "dont": "don't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "cant": "can't",
    "wont": "won't",
    "isnt": "isn't",
    "arent": "aren't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "shouldnt": "shouldn't",
    "couldnt": "couldn't",
    "wouldnt": "wouldn't",
    "hasnt": "hasn't",
    "havent": "haven't",
    "thats": "that's",
    "theres": "there's",
    "youre": "you're",
    "youve": "you've",
    "youll": "you'll",
    "youd": "you'd",
    "theyre": "they're",
    "weve": "we've",
    "shouldve": "should've",
    "couldve": "could've",
    "wouldve": "would've",
    "ok": "ok",
    "k": "ok",
    "w": "with",
    "2moro": "tomorrow",
    "2day": "today",
    "thru": "through",
    "tho": "though",
    "def": "definitely",
    "defo": "definitely",
    # more chat shorthand and contractions typed without care
    "u'll": "you'll",
    "u're": "you're",
    "u've": "you've",
    "u'd": "you'd",
    "ure": "you're",
    "sory": "sorry",
    "sorri": "sorry",
    "sorryy": "sorry",
    "apols": "apologies",
    "tbf": "to be fair",
    "ngl": "honestly",
    "fwiw": "for what it's worth",
    "afaik": "as far as i know",
    "imho": "in my honest opinion",
    "atm": "at the moment",
    "nbd": "no big deal",
    "np": "no problem",
    "idc": "i don't care",
    "lmk": "let me know",
    "ofc": "of course",
    "obvs": "obviously",
    "prolly": "probably",
    "rly": "really",
    "srsly": "seriously",
    "ppl": "people",
    "mins": "minutes",
    "hrs": "hours",
    "wks": "weeks",
    "wk": "week",
    "tonite": "tonight",
    "2nite": "tonight",
    "tmw": "tomorrow",
    "2morrow": "tomorrow",
    "2mrw": "tomorrow",
    "cos": "because",
    "dunno": "don't know",
    "gunna": "going to",
    "tryna": "trying to",
    "hafta": "have to",
    "shoulda": "should have",
    "coulda": "could have",
    "woulda": "would have",
    "wud": "would",
    "shud": "should",
    "cud": "could",
    "wen": "when",
    "wot": "what",
    "wats": "what's",
    "wots": "what's",
    "bout": "about",
    "evrything": "everything",
    "evry": "every",
    "evryone": "everyone",
    "mtg": "meeting",
    "mtgs": "meetings",
    "n": "and",
    "tht": "that",
    "mon": "monday",
    "tue": "tuesday",
    "tues": "tuesday",
    "weds": "wednesday",
    "thu": "thursday",
    "thur": "thursday",
    "thurs": "thursday",
    "fri": "friday",
    "y'all": "you all",
    "yall": "you all",
    "ya'll": "you all",
}

# Words whose misspellings matter to the listener; a token within edit distance is corrected.
_KEY_WORDS = (
    "responsibility",
    "responsible",
    "accountable",
    "accountability",
    "apologize",
    "apologise",
    "apologies",
    "apology",
    "sorry",
    "definitely",
    "understand",
    "frustrating",
    "frustrated",
    "frustration",
    "mistake",
    "ourselves",
    "because",
    "manufacturer",
    "escalation",
    "excuses",
    "excuse",
    "priorities",
    "priority",
    "expectations",
    "schedule",
    "tomorrow",
    "department",
    "contract",
    "policy",
    "situation",
    "business",
    "exactly",
    "overreacting",
    "unacceptable",
    "experience",
    "imagine",
    "appreciate",
    "honestly",
    "wednesday",
    "thursday",
    "tuesday",
)
_KEY_SET = frozenset(_KEY_WORDS)
# Real words a key word is a letter or two away from: never "correct" these.
_REAL_WORDS = frozenset(
    ["contact", "contacts", "contacted", "contacting", "contactor", "responsive", "responsiveness", "honest", "honesty", "manufacture", "situational", "unacceptably", "expectation", "prioritise", "prioritize", "priorities", "exactly", "policed", "department's"]
)
_WORD = re.compile(r"[a-z0-9][a-z0-9'’/]*")
# A title's full stop ("Mr. Pryce", "Dr. Shah") or an abbreviation's ("e.g. the rush orders")
# ends no sentence.
_NOT_AN_END = "".join(
    rf"(?<!\b{t}\.)" for t in ("[Mm]r", "[Mm]rs", "[Mm]s", "[Dd]r", "[Pp]rof", "[Ss]t", "e\\.g", "i\\.e", "[Vv]s")
)
_SENTENCE_END = re.compile(rf"(?<=[.!?;]){_NOT_AN_END}\s+|\n+|(?<=[A-Za-z0-9])\s*[!?]+\s*|\s+[-–—]+\s+|\s*(?:\.\.\.|…)\s*")
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """NFKC, no control characters, straight quotes, at most MAX_CHARS; case kept."""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS])
    text = _CONTROL.sub(" ", text).replace("’", "'").replace("‘", "'")
    return text.replace("“", '"').replace("”", '"')


# Past tenses typed without the "e": "bookd", "confirmd", "sortd".
_DROPPED_E = re.compile(
    r"(book|confirm|sort|fix|call|email|check|process|ship|chase|log|rais|pass|ask|arrang|schedul|"
    r"escalat|refund|credit|updat|resolv|sign|approv|dispatch|send|order|post|reply|replie|test|"
    r"restor|replac|deliver|captur|cancel|clos|open|book|assign|alert)d"
)


# A pure function of the word; people reuse their words, and a long one is compared with
# every key word it could be a typo of.
@lru_cache(maxsize=8192)
def _fix_word(word: str) -> str:
    if word in _SHORTHAND:
        return _SHORTHAND[word]
    if len(word) > 6 and word.endswith("full") and word != "overfull":
        return word[:-1]  # "stressfull", "painfull": the suffix is -ful
    if _DROPPED_E.fullmatch(word):
        stem = word[:-1]
        return stem + ("d" if stem.endswith("e") else "ed")
    if len(word) < 6 or word in _KEY_SET or word in _REAL_WORDS or not word.isalpha():
        return word
    best, best_score = word, 0.0
    for key in _KEY_WORDS:
        if key[0] != word[0] or abs(len(key) - len(word)) > 2:
            continue
        if key.startswith(word) or (word.startswith(key) and not key.endswith("y")):
            # "honest"/"honestly", "mistakes"/"mistake": an ending, not a typo ("apologys" is).
            return word
        score = fuzz.ratio(word, key)
        if score > best_score:
            best, best_score = key, score
    return best if best_score >= 84 else word


# "ur" is "you're" before a verb or a state, "your" before a noun.
_UR_YOU_ARE = re.compile(
    r"\b(?:ur|your)\s+(?=(?:dealing|going|having|getting|doing|being|feeling|trying|asking|saying|telling|"
    r"waiting|looking|coping|struggling|working|running|stuck|right|welcome|not|so|absolutely|totally|"
    r"completely|probably|still|already|just|gonna|entitled|frustrated|upset|angry|annoyed|fed up|"
    r"sick of|tired of|worried|stressed|under|up against|left)\b)"
)


# Shorthand that is also a real word: expanded only where the neighbours say it is shorthand.
# "id like to" is "i'd like to", "customer id" is not; "i was ill" stays ill; "its warranty"
# stays possessive; "the prob is" is a problem, not "probably"; "it lets you" is a verb.
_NEXT_IS = {
    "id": frozenset(
        ["like", "love", "rather", "be", "say", "have", "need", "want", "suggest", "recommend", "hope", "prefer", "think", "expect", "imagine", "guess", "ask", "go", "get", "do", "never", "also", "really", "just", "still"]
    ),
    "its": frozenset(
        ["a", "an", "the", "not", "been", "going", "gonna", "ok", "okay", "fine", "all", "just", "really", "so", "too", "very", "on", "our", "my", "your", "what", "how", "over", "done", "fixed", "broken", "sorted", "only", "still", "always", "never", "because", "like", "about", "clear", "true", "fair", "hard", "tough", "easy", "no", "nothing"]
    ),
}
_PREVIOUS_IS_NOT = {
    "ill": frozenset(
        ["was", "is", "am", "are", "were", "been", "be", "felt", "feel", "feels", "fell", "falls", "got", "get", "gets", "look", "looks", "seem", "seems", "so", "very", "really", "quite", "too", "terribly", "seriously", "the", "an", "no", "of", "mentally"]
    ),
    "prob": frozenset(["the", "a", "real", "big", "main", "that", "this", "no", "your", "our", "my", "one", "any", "biggest", "only"]),
    "lets": frozenset(["it", "he", "she", "that", "this", "which", "who", "system", "tool", "portal", "app"]),
    # "this yr", "per yr": after a word that counts or points at time, it is a year
    "yr": frozenset(["this", "next", "last", "per", "a", "each", "every", "one", "the", "that", "fiscal", "financial", "calendar"]),
}
_FULL = {"id": "i'd", "its": "it's", "ill": "i'll", "prob": "probably", "lets": "let's", "yr": "your"}
# What a word means where its neighbours say it is not that shorthand (others stay as typed).
_OTHERWISE = {"yr": "year"}


def _in_context(text: str) -> str:
    words = text.split(" ")
    for i, w in enumerate(words):
        core = w.rstrip(".,!?;:")
        if core not in _FULL:
            continue
        before = words[i - 1].strip(".,!?;:") if i else ""
        after = words[i + 1].strip(".,!?;:") if i + 1 < len(words) else ""
        if core in _NEXT_IS:
            ok = after in _NEXT_IS[core] or after.endswith(("ing", "ed"))
        else:  # a number before it makes it a noun too ("2 yr warranty")
            ok = before not in _PREVIOUS_IS_NOT[core] and not before.isdigit()
        if ok:
            words[i] = _FULL[core] + w[len(core) :]
        elif core in _OTHERWISE:
            words[i] = _OTHERWISE[core] + w[len(core) :]
    return " ".join(words)


def normalize(text: str) -> str:
    """One normalised string: shorthand expanded, key typos fixed, spacing tidied."""
    text = _UR_YOU_ARE.sub("you're ", clean(text).lower())
    text = _WORD.sub(lambda m: _fix_word(m.group(0)), text)
    return _in_context(_SPACES.sub(" ", text).strip())


def sentences(text: str) -> list[tuple[str, str]]:
    """Split a turn into (original, normalised) sentences, keeping '?' on questions."""
    raw = clean(text)
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(raw):
        piece = raw[pos : m.end()]
        pos = m.end()
        _append(out, piece)
    _append(out, raw[pos:])
    return out


def _append(out: list[tuple[str, str]], piece: str) -> None:
    original = piece.strip()
    if not any(c.isalnum() for c in original):
        if out and "?" in original:
            prev, norm = out[-1]
            out[-1] = (prev + "?", norm + "?")
        return
    out.append((original, normalize(original)))
