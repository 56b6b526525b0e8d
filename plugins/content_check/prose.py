"""Sentences, words and passive voice in German and English: small documented heuristics.

No well-kept library fits (passive-voice detectors need a language model to download; the
check must run offline and fast), so these are rules of thumb, tuned to err on the side of
silence:

- **Sentences** end at ``.``, ``!``, ``?`` or ``…`` before a space and an upper-case letter,
  a digit or an opening quote — except after a known abbreviation (``z. B.``, ``e.g.``, ``Dr.``,
  a single letter) or a one- or two-digit number (German ordinals: ``am 3. Dezember``).
- **German passive**: a form of *werden* (``wird``, ``wurden``, ``worden``, ``würde`` …) and a
  word that looks like a *Partizip II* in the same clause (between commas): ``ge…t``/``ge…en``
  (``gebaut``, ``geschrieben``), with a separable prefix (``eingeführt``, ``aufgebaut``), ``…iert``
  (``optimiert``) or an inseparable prefix and ``…t`` (``verbessert``, ``erstellt``). Future
  tense (``wird bauen``) and *werden* as "become" (``wird besser``) do not count.
- **English passive**: a form of *be* followed, at most two words later, by a past participle
  (``…ed`` or an irregular one such as ``built``, ``written``): "the line was restarted".
"""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W_](?:[\w’'-]*[^\W_])?")
_END = re.compile(r"([.!?…]+)[\"”»’')\]]*\s+(?=[„\"“»‘'(\[]?[A-ZÄÖÜ0-9])")
ABBREVIATIONS = {
    "de": {"z", "b", "d", "h", "u", "a", "v", "s", "o", "bzw", "ca", "dr", "nr", "usw", "etc",
           "ggf", "evtl", "inkl", "zzgl", "sog", "prof", "abb", "vgl", "bspw", "str", "tel",
           "mio", "mrd", "jan", "feb", "märz", "apr", "jun", "jul", "aug", "sept", "okt",
           "nov", "dez", "gmbh", "co", "kg", "hr", "fr", "st", "max", "min", "rd"},
    "en": {"e", "g", "i", "mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "inc", "ltd",
           "co", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
           "nov", "dec", "approx", "fig", "u", "s"},
}

_CLAUSE = re.compile(r"[,;:()–—]|\s-\s")
WERDEN = {"werde", "wirst", "wird", "werden", "werdet", "wurde", "wurdest", "wurden", "wurdet",
          "worden", "würde", "würdest", "würden", "würdet"}
_GE = re.compile(r"^(?:ab|an|auf|aus|bei|ein|fest|her|hin|los|mit|nach|vor|weg|zu|zurück|"
                 r"zusammen|um|durch|dar|frei|statt|teil|weiter|vorbei|hoch|bereit|"
                 r"bekannt|klar|fort|heraus|herein|hinein)?ge(\w{2,}?)(t|en)$")
_IERT = re.compile(r"^\w{3,}iert$")
_INSEPARABLE = re.compile(r"^(?:be|ver|er|ent|zer|emp|miss|über|hinter|unter)\w{3,}t$")
# infinitives and other words that look like a participle
NOT_PARTICIPLES = {
    "gegen", "genau", "gerne", "gestern", "gemeinsam", "gesamt", "generell", "gerecht",
    "geben", "gehen", "gelten", "gewinnen", "gehören", "gestalten", "genießen", "gelingen",
    "geschehen", "gewähren", "gewährleisten", "genügen", "gefallen", "gebrauchen", "gewöhnen",
    "geraten", "gefährden", "gewesen", "geworden", "gelegen", "geeignet", "gesetzt",
    "geplant", "gesucht", "gefragt", "gewohnt",  # mostly adjectival after werden
    "erst", "bereit", "bereits", "bekannt", "beliebt", "berühmt", "bestimmt", "besonders",
    "bisher", "untereinander", "unterwegs", "verantwortlich",
}
BE = {"am", "is", "are", "was", "were", "be", "been", "being", "isn’t", "isn't", "aren't",
      "aren’t", "wasn't", "wasn’t", "weren't", "weren’t"}
_IRREGULAR_WORDS = """arisen awoken born borne beaten become begun bent bet bid bitten bled blown
broken brought built burnt burst bought caught chosen come cost crept cut dealt dug done drawn
dreamt driven drunk eaten fallen fed felt fought found fled flung forbidden forgotten forgiven
frozen got gotten given gone ground grown hung heard hidden hit held hurt kept knelt known laid
led leant left lent let lain lit lost made meant met paid put quit read rung risen run said
seen sought sold sent set sewn shaken shone shot shown shrunk shut sung sunk sat slept slid
spoken spent spun split spread stood stolen stuck stung struck sworn swept swum swung taken
taught torn told thought thrown understood undertaken upset woken worn won wound written"""
IRREGULAR = frozenset(_IRREGULAR_WORDS.split())
NOT_PARTICIPLES_EN = {"need", "feed", "seed", "speed", "bed", "red", "shed", "indeed", "proud",
                      "interested", "tired", "based", "used", "supposed", "excited", "pleased",
                      "concerned", "involved", "located", "allowed", "able"}
_EN_FILLERS = {"not", "also", "already", "often", "still", "then", "now", "never", "always",
               "being", "usually", "currently", "typically", "rarely", "mostly", "all", "just",
               "only", "even"}


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in ``text``."""
    known = ABBREVIATIONS.get(lang, ABBREVIATIONS["en"])
    spans, start = [], 0
    for match in _END.finditer(text):
        before = text[start:match.start(1)].split()
        last = before[-1].strip("(„\"“'‘").lower() if before else ""
        if match.group(1) == "." and (last.rstrip(".") in known or last.count(".")
                                      or (last.isdigit() and len(last) <= 2)):
            continue
        spans.append((start, match.end(1)))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [(s, e) for s, e in spans if WORD.search(text[s:e])]


def words(text: str) -> list[str]:
    return WORD.findall(text)


def _german_participle(word: str) -> bool:
    if word in NOT_PARTICIPLES or not word.islower() or len(word) < 5:
        return False
    match = _GE.match(word)
    if match and "ge" + match.group(1) + match.group(2) not in NOT_PARTICIPLES:
        return True
    return bool(_IERT.match(word) or _INSEPARABLE.match(word))


def is_passive(sentence: str, lang: str) -> bool:
    if lang == "de":  # werden and the participle in the same clause
        for clause in _CLAUSE.split(sentence):
            tokens = words(clause)
            if WERDEN & {t.lower() for t in tokens} and any(map(_german_participle, tokens)):
                return True
        return False
    lower = [t.lower() for t in words(sentence)]
    for index, token in enumerate(lower):
        if token not in BE:
            continue
        for candidate in lower[index + 1:index + 4]:
            if candidate in IRREGULAR or (candidate.endswith("ed") and len(candidate) > 4
                                          and candidate not in NOT_PARTICIPLES_EN):
                return True
            if candidate not in _EN_FILLERS and not candidate.endswith("ly"):
                break
    return False
