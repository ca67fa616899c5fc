"""Customer text on its way to a terminal: nothing the terminal would act on survives."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.domain.safe_text import neutralise, without_controls

OSC52 = "\x1b]52;c;SGVsbG8=\x07"          # writes the clipboard
TITLE = "\x1b]0;pwned\x07"                 # sets the window title
LINK = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"
CLEAR = "\x1b[2J"
CSI8 = "\x9b2J"                            # the same clear as an 8-bit CSI
RLO = "\u202etxt.exe"                      # reads backwards


@pytest.mark.parametrize("raw, shown", [
    (f"Invoice {OSC52}due", "Invoice ␛]52;c;SGVsbG8=␇due"),
    (f"{TITLE}Hello", "␛]0;pwned␇Hello"),
    (LINK, "␛]8;;https://evil.example␛\\click␛]8;;␛\\"),
    (f"a{CLEAR}b", "a␛[2Jb"),
    (f"a{CSI8}b", "a\ufffd2Jb"),
    (RLO, "\ufffdtxt.exe"),
    ("nul\x00del\x7f", "nul␀del␡"),
    ("two\nlines\tand\r\nmore", "two lines and  more"),
    ("Grüße, 東京 — [bold]not markup[/]", "Grüße, 東京 — [bold]not markup[/]"),
    (None, ""),
])
def test_single_line_text_shows_every_control_as_a_stand_in(raw, shown):
    assert neutralise(raw) == shown


def test_multi_line_text_keeps_its_lines_and_tabs_and_nothing_else():
    raw = f"Hello\r\nline two\rline three\n\tindented {CLEAR}{CSI8}"
    assert neutralise(raw, multiline=True) == "Hello\nline two\nline three\n\tindented ␛[2J\ufffd2J"


def _acts_on_a_terminal(ch: str, multiline: bool) -> bool:
    """Independent of the module: the characters a terminal may interpret."""
    if multiline and ch in "\n\t":
        return False
    code = ord(ch)
    return (unicodedata.category(ch) == "Cc"          # C0, DEL and C1
            or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069)


@given(st.text(), st.booleans())
def test_no_character_a_terminal_acts_on_survives(text, multiline):
    out = neutralise(text, multiline=multiline)
    assert not any(_acts_on_a_terminal(ch, multiline) for ch in out)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc",),
                                      blacklist_characters="\u202a\u202b\u202c\u202d\u202e"
                                                           "\u2066\u2067\u2068\u2069")))
def test_ordinary_text_is_left_exactly_as_it_is(text):
    assert neutralise(text) == text
    assert neutralise(text, multiline=True) == text


@given(st.text())
def test_a_single_line_keeps_its_length_so_columns_stay_aligned(text):
    assert len(neutralise(text)) == len(text)


@given(st.text())
def test_without_controls_drops_exactly_what_neutralise_would_picture(text):
    out = without_controls(text)
    assert not any(_acts_on_a_terminal(ch, multiline=False) for ch in out)
    assert out == "".join(ch for ch in text if not _acts_on_a_terminal(ch, multiline=False))


def test_without_controls_leaves_what_a_terminal_shows():
    assert without_controls(f"a{OSC52}b {CSI8} {RLO}") == "a]52;c;SGVsbG8=b 2J txt.exe"
