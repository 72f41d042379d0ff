"""The Gulpease readability index of Italian text (Lucisano and Piemontese, 1988).

    G = 89 + (300 × sentences − 10 × letters) / words

Letters are the alphanumeric characters; a word is a run of them, a number
such as 3.000 counting as one word and an apostrophe separating two
(l'integrazione: two words); a sentence ends at . ! ? … followed by a space or
the end, or at a mark that only ends sentences: the danda of Gurmukhi and Bengali
(।), the Urdu full stop (۔), the Arabic question mark (؟) and the Chinese marks
(。！？), which no space follows. 60 and above is easy for readers with a
lower-secondary education; below 40 is hard even for graduates.
"""

import re

WORD = re.compile(r"[^\W_]+(?:[.,]\d+)*")
SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|[।॥۔؟。！？]+")


def gulpease(text):
    words = WORD.findall(text)
    if not words:
        return None
    letters = sum(len(re.sub(r"\W", "", word)) for word in words)
    sentences = max(len(SENTENCE_END.findall(text.strip())), 1)
    return 89 + (300 * sentences - 10 * letters) / len(words)
