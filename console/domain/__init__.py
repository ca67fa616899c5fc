"""Pure domain: calendars, policies, events, clocks. No I/O, no Textual, no clock reads."""
