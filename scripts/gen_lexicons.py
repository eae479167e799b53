#!/usr/bin/env python3
"""Generates lexicons/first_names.tsv and lexicons/common_words.txt.

Usage (from the repository root):

    python3 scripts/gen_lexicons.py [TRAIN_DIR]

TRAIN_DIR defaults to /work/shared/train. Reads:
  - TRAIN_DIR/gmb_ner/ner_dataset.csv (Windows-1252, CRLF, RFC 4180; column 1 non-empty on
    the first token of a sentence; IOB2 tags, B-per/I-per for persons)
  - TRAIN_DIR/UD_English-EWT/en_ewt-ud-train.conllu (CoNLL-U, UTF-8)
  - the hand-written lexicons/countries.tsv, places.tsv, titles.tsv, role_nouns.txt,
    org_cues.tsv and known_orgs.tsv (used as filters)

First names: tokens tagged B-per immediately followed by I-per (the first word of a
multi-word person name) seen >= 3 times, capitalised, alphabetic, not a word of a title,
not a role noun, not a country, demonym, place, organisation or organisation cue (nor the
first word of a multi-word one), not a common word (below), not a name particle, not in
NOT_NAMES or EXCLUDED; merged with the hand-written HAND_NAMES (which carry a
gender; generated names get "u").

Common words: lower-cased EWT forms seen >= 2 times whose UPOS is not PROPN in >= 90% of
occurrences, plus FUNCTION_WORDS, weekday and month names; minus words whose capitalised
form is a single-word country, alias, demonym, place or known organisation, minus EXCLUDED.

The library embeds the output files; it never reads TRAIN_DIR at run time.
"""
import collections
import csv
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEX = os.path.join(ROOT, "lexicons")

# Surnames that must never appear in any lexicon (checked by a repository hook).
EXCLUDED = {w.lower() for w in
            "Lavrov Kislyak Comey Flynn Tillerson McMaster Sessions Yates Spicer Dermer "
            "Kushner Chaffetz".split()}

PARTICLES = {"al", "el", "bin", "ibn", "abu", "van", "von", "de", "del", "della", "da", "di",
             "du", "le", "la", "los", "las", "san", "st", "mac", "ben", "ould"}

# Words that start person spans in GMB but are religious, ethnic or honorific words.
NOT_NAMES = {w.lower() for w in
             "Arab Catholic Muslim Sunni Shiite Shi'ite Islamic Western Tamil Falun Jemaah "
             "Prophet Dalai Subcomandante Sheik Maulana Mullah Saint Dow Camp Storm".split()}

# Hand-written common first names with gender (general knowledge), including
# transliteration variants.
HAND_NAMES = {
    "m": """
Aaron Abdul Abdullah Abdulaziz Abdullahi Abraham Adam Adrian Ahmad Ahmed Ahmet Aidan Alan
Albert Alberto Aleksandr Aleksei Alejandro Alex Alexander Alexandre Alexei Alexey Alfred
Ali Alistair Amir Amit Anatoly Andre Andrea Andreas Andrei Andres Andrew Andrey Andrzej
Angelo Anthony Antoine Anton Antonio Anwar Arash Ariel Arnold Arseniy Arthur Ashraf Avigdor
Ayman Barack Barry Bashar Ben Benjamin Benny Bernard Bernie Bill Billy Bob Bobby Boris
Brad Bradley Brandon Brendan Brett Brian Bruce Bryan Byron Calvin Cameron Carl Carlos
Chad Charles Charlie Chris Christian Christopher Chuck Clarence Claude Clint Colin Connor
Craig Cyril Dan Daniel Danny Dave David Dean Dennis Denis Derek Devin Diego Dmitri Dmitriy
Dmitry Dominic Don Donald Doug Douglas Duncan Dwight Eddie Edgar Edward Edwin Ehud Elias
Elijah Elliot Emmanuel Enrique Eric Erik Ernest Ernesto Ethan Eugene Evan Evgeny Fabio
Faisal Farid Fedor Felipe Felix Fernando Fidel Francesco Francis Francisco Franco Frank
Franz Fred Frederick Fyodor Gabriel Gareth Gary Gennady Geoffrey George Gerald Gerard
Gerhard Giorgio Giovanni Giuseppe Glenn Gordon Graham Grant Greg Gregory Guillermo Gustavo
Guy Hamad Hamid Hans Harold Harry Hasan Hassan Heiko Hector Heinz Helmut Henri Henry
Herbert Herman Horst Howard Hugh Hugo Hussein Ian Ibrahim Igor Ilya Imran Isaac Ismail
Ivan Jack Jacob Jacques Jake Jamal James Jamie Jared Jason Javad Javier Jean Jeff Jeffrey
Jeremy Jerome Jerry Jesse Jesus Jim Jimmy Joachim Joe Joel Johann John Johnny Jon Jonathan
Jorge Jose Joseph Josh Joshua Juan Julian Julio Justin Kamal Karim Karl Keith Ken Kenneth
Kevin Khaled Khalid Kirill Konstantin Kurt Kyle Lamar Larry Lars Lawrence Lee Leon Leonard
Leonid Lewis Liam Lindsey Lloyd Louis Luca Lucas Luis Luke Mahmoud Malcolm Manuel Marc
Marco Marcus Mario Mark Martin Marvin Mateo Matt Matteo Matthew Maurice Max Maxim Mehmet
Michael Michel Miguel Mike Mikhail Milan Mitch Mitchell Mohamed Mohammad Mohammed Moshe
Muhammad Mustafa Naftali Narendra Nasser Nathan Neil Nicholas Nick Nicolas Nikita Nikolai
Nikolay Noah Norman Oleg Oliver Olaf Omar Oscar Osama Owen Pablo Patrick Paul Pavel Pedro
Peter Petr Petro Phil Philip Philippe Pierre Rafael Rahul Ralph Ramon Rand Randy Ray
Raymond Recep Reza Ricardo Richard Rick Rob Robert Roberto Rodrigo Roger Roland Roman Ron
Ronald Roy Rudy Russell Ryan Saad Saeed Salman Sam Samir Samuel Scott Sean Sebastian Serge
Sergei Sergey Sergio Shimon Shinzo Silvio Simon Stanley Stefan Stephen Steve Steven Stuart
Taro Ted Terry Theodore Thomas Tim Timothy Todd Tom Tommy Tony Travis Trevor Tyler Umar
Uri Valentin Valery Vasily Vernon Viktor Victor Vincent Vitaly Vladimir Vladislav Volodymyr
Vyacheslav Walid Walter Warren Wayne Wesley Will William Willie Wolfgang Xavier Yair
Yaroslav Yasser Yevgeny Yossi Youssef Yousef Yuri Yury Zachary Zbigniew
""",
    "f": """
Abigail Adriana Agnes Aisha Alexandra Alice Alicia Alina Alison Allison Amal Amanda Amber
Amelia Amy Ana Anastasia Andrea Angela Angelina Anita Ann Anna Anne Annie Ashley Audrey
Barbara Beatrice Betsy Betty Beverly Brenda Brigitte Brittany Camila Carla Carmen Carol
Caroline Carolyn Catherine Cecilia Charlotte Chelsea Cheryl Christina Christine Cindy
Claire Claudia Colleen Condoleezza Cynthia Daria Deborah Debra Denise Diana Diane Donna
Doris Dorothy Ekaterina Elaine Eleanor Elena Elisabeth Elizabeth Ella Ellen Elsa Emily
Emma Erin Eva Evelyn Fatima Fiona Frances Francesca Gabriela Gabrielle Gina Gloria Grace
Hannah Heather Heidi Helen Helena Hillary Hilary Ingrid Irina Isabel Isabella Ivanka
Jacqueline Jane Janet Janice Jean Jeanne Jennifer Jessica Jill Joan Joanna Joanne
Josephine Joyce Judith Judy Julia Julie Juliet Karen Katarina Katherine Kathleen Kathryn
Kathy Katie Kelly Kimberly Kristen Kristin Larisa Laura Lauren Leila Leslie Lila Linda
Lisa Liz Lois Loretta Lucy Ludmila Lyudmila Madeleine Madeline Maria Marie Marina Marine
Marion Marjorie Martha Mary Maya Megan Melania Melanie Melissa Meryl Michele Michelle
Mila Mildred Monica Nadia Nancy Natalia Natalie Natasha Nicole Nikki Nina Nora Olga Olivia
Paige Pamela Patricia Paula Pauline Penelope Petra Priya Rachel Rebecca Renee Rita Roberta
Rosa Rose Rosemary Ruth Sabine Samantha Sandra Sara Sarah Sharon Sheila Shirley Silvia
Sofia Sonia Sophia Sophie Stephanie Susan Susanne Suzanne Svetlana Sylvia Tamara Tanya
Tatiana Tatyana Teresa Theresa Tiffany Tina Ursula Valentina Valerie Vanessa Vera Veronica
Victoria Virginia Vivian Wendy Yelena Yulia Yuliya Zainab Zoe
""",
    "u": """
Alexis Ashton Avery Casey Dana Jordan Kim Leslie Morgan Robin Sasha Shannon Taylor Tracy
""",
}


def read_lexicon(name):
    """Data rows of a hand-written lexicon file, split on tabs."""
    rows = []
    with open(os.path.join(LEX, name), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                rows.append(line.split("\t"))
    return rows


def gpe_and_org_surfaces():
    """Every surface of countries, aliases, demonyms, places and known orgs."""
    words = set()
    for row in read_lexicon("countries.tsv"):
        for field in row[:3]:
            words.update(field.split("|"))
    for row in read_lexicon("places.tsv"):
        words.add(row[0])
    for row in read_lexicon("known_orgs.tsv"):
        words.add(row[0])
    words.discard("")
    return words


def gpe_and_org_words():
    """Single-word surfaces of countries, aliases, demonyms, places and known orgs."""
    return {w for w in gpe_and_org_surfaces() if " " not in w}


def gpe_and_org_first_words():
    """First words of multi-word surfaces ("Addis" of "Addis Ababa")."""
    return {w.split()[0] for w in gpe_and_org_surfaces() if " " in w}


def title_words():
    """Lower-cased words of every title surface, plus role nouns."""
    words = set()
    for row in read_lexicon("titles.tsv"):
        words.update(w.lower().rstrip(".") for w in row[0].split())
    words.update(row[0] for row in read_lexicon("role_nouns.txt"))
    return words


def hand_names():
    """Hand-written names to gender; a name listed under two genders becomes "u"."""
    out = {}
    for gender, text in HAND_NAMES.items():
        for name in text.split():
            out[name] = gender if out.get(name, gender) == gender else "u"
    return out


def gmb_first_names(path):
    """First words of multi-word B-per/I-per spans in the GMB extract, with counts."""
    counts = collections.Counter()
    prev_word, prev_tag = None, None
    with open(path, encoding="cp1252", errors="replace", newline="") as f:
        reader = csv.reader(f)
        next(reader, None)
        for row in reader:
            if len(row) != 4:
                prev_word, prev_tag = None, None
                continue
            sent, word, _pos, tag = row
            if sent:
                prev_word, prev_tag = None, None
            if prev_tag == "B-per" and tag == "I-per":
                counts[prev_word] += 1
            prev_word, prev_tag = word, tag
    return counts


def first_names(train, common):
    hand = hand_names()
    banned = title_words() | PARTICLES | NOT_NAMES | EXCLUDED | common
    places = gpe_and_org_words() | gpe_and_org_first_words()
    cues = {row[0] for row in read_lexicon("org_cues.tsv")}
    out = dict(hand)
    counts = gmb_first_names(os.path.join(train, "gmb_ner", "ner_dataset.csv"))
    for word, n in counts.items():
        if n < 3 or word in out:
            continue
        if not (word.isalpha() and word[0].isupper() and word[1:].islower()):
            continue
        if word.lower() in banned or word in places or word in cues:
            continue
        out[word] = "u"
    return {w: g for w, g in out.items() if w.lower() not in EXCLUDED}


FUNCTION_WORDS = """
a about above across after against all along although am among an and another any anybody
anyone anything are around as at be because been before behind being below beside besides
between beyond both but by can cannot could did do does doing down during each either
enough every everybody everyone everything few for from had has have having he her here
hers herself him himself his how however i if in inside into is it its itself just least
less lest like many may me might mine more most much must my myself near neither never
no nobody none nor not nothing now of off on once one only onto or other others ought our
ours ourselves out outside over own past per plus rather same several shall she should
since so some somebody someone something such than that the their theirs them themselves
then there these they this those though through throughout till to too toward towards
under unless unlike until up upon us very via was we were what whatever when whenever
where whereas wherever whether which while who whoever whom whose why will with within
without would yet you your yours yourself yourselves
"""
WEEKDAYS_MONTHS = """
monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december
"""


def common_words(train):
    total = collections.Counter()
    propn = collections.Counter()
    path = os.path.join(train, "UD_English-EWT", "en_ewt-ud-train.conllu")
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 10 or not cols[0].isdigit():
                continue  # multiword-token ranges and empty nodes
            form = cols[1].lower()
            if not re.fullmatch(r"[a-z][a-z'.-]*", form):
                continue
            total[form] += 1
            if cols[3] == "PROPN":
                propn[form] += 1
    words = {w for w, n in total.items() if n >= 2 and (n - propn[w]) / n >= 0.9}
    words |= set(FUNCTION_WORDS.split()) | set(WEEKDAYS_MONTHS.split())
    names = gpe_and_org_words()
    return {w for w in words
            if w[:1].upper() + w[1:] not in names and w not in EXCLUDED}


def main():
    train = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/train"
    words = common_words(train)
    names = first_names(train, words)
    with open(os.path.join(LEX, "first_names.tsv"), "w", encoding="utf-8") as f:
        f.write("# columns: name (case-sensitive)\tgender (m|f|u). Generated by "
                "scripts/gen_lexicons.py from GMB ner_dataset.csv and a hand-written list.\n")
        for name in sorted(names, key=lambda s: s.encode()):
            f.write(f"{name}\t{names[name]}\n")
    with open(os.path.join(LEX, "common_words.txt"), "w", encoding="utf-8") as f:
        f.write("# columns: word (lower case). Not names when capitalised at a sentence start. "
                "Generated by scripts/gen_lexicons.py from UD English-EWT train.\n")
        for w in sorted(words, key=lambda s: s.encode()):
            f.write(w + "\n")
    print(f"first_names.tsv: {len(names)} names; common_words.txt: {len(words)} words",
          file=sys.stderr)


if __name__ == "__main__":
    main()
