"""Escalate to a tier of the pack's ladder (the next one preselected), or forward to the team.

A tier reached by an event other than `escalate` (ISPsystem's team, by
`forward_team`) changes the clocks in ways worth a second look, so it asks for
confirmation and shows what it stops.
"""

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, Static

from console.domain.policy import Tier
from console.services import actions
from console.services.validation import forward_tier
from console.tui.modals.base import ActionModal
from console.tui.widgets.text_fields import DeskInput


class EscalateModal(ActionModal):
    TITLE = "Escalate"
    KIND = "escalate"
    VERB = "Escalate"

    def form(self) -> ComposeResult:
        yield Label("Tier")
        yield Static(id="tier-slot")
        yield Static(id="ladder", classes="ladder")
        yield Label("Note")
        yield DeskInput(placeholder="what the next tier should know", id="note")

    def choices(self) -> list[Tier]:
        return list(self.detail.tiers)

    def loaded(self, first: bool) -> None:
        ticket = self.detail.ticket
        ladder = Text()
        for tier in self.detail.tiers:
            here = tier.id == ticket.tier
            ladder.append("▶ " if here else "  ", style="bold")
            ladder.append(f"{tier.id:<8}", style="bold" if here else "")
            ladder.append(f"{tier.label}{'  (current)' if here else ''}  ")
            ladder.append(f"{tier.clause}\n", style="dim")
        ladder.rstrip()
        self.query_one("#ladder", Static).update(ladder)
        if not first:
            return
        tiers = self.choices()
        if not tiers:
            self.show_error(self.no_tier_message())
            self.query_one("#confirm").disabled = True
            return
        following = self.detail.pack.next_tier(ticket.tier)
        preselected = following.id if following in tiers else tiers[0].id
        options = [(f"{t.id} — {t.label}" + (" (current)" if t.id == ticket.tier else ""), t.id)
                   for t in tiers]
        self.query_one("#tier-slot").mount(Select(options, value=preselected, allow_blank=False,
                                                  id="tier"))

    def no_tier_message(self) -> str:
        return f"{self.ticket_id} has no contract yet, so it has no escalation ladder"

    def on_select_changed(self, event: Select.Changed) -> None:
        self.show_effects()

    @property
    def tier(self) -> Tier | None:
        selects = self.query("#tier").results(Select)
        chosen = next(selects, None)
        return self.detail.pack.tier(chosen.value) if chosen is not None and self.detail.pack else None

    def kind_and_payload(self) -> tuple[str, dict]:
        tier = self.tier
        return (tier.via, {"tier": tier.id}) if tier else (self.KIND, {})

    def needs_confirmation(self) -> bool:
        tier = self.tier
        return tier is not None and tier.via != "escalate"

    def question(self) -> str:
        tier = self.tier
        return f"Forward {self.ticket_id} to {tier.label} ({tier.clause})?"

    def perform(self, *, at, actor, expected_version):
        return actions.escalate(self.app.store, self.ticket_id, tier=self.tier.id,
                                note=self.query_one("#note", Input).value, at=at, actor=actor,
                                expected_version=expected_version)


class ForwardTeamModal(EscalateModal):
    """Only the tier its pack reaches by `forward_team`."""

    TITLE = "Forward to the team"
    KIND = "forward_team"
    VERB = "Forward"

    def choices(self) -> list[Tier]:
        team = forward_tier(self.detail.pack)
        return [team] if team else []

    def no_tier_message(self) -> str:
        policy = self.detail.pack.id if self.detail.pack else "an unrouted ticket"
        return f"{policy} has no tier reached by forward_team: use escalate (e)"
