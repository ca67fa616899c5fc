"""Route an unrouted ticket to a contract, and correct a ticket's attributes (product, version...).

The route modal preselects the likeliest contract (the sender's earlier tickets,
then the contracts listing the sender's domain) and shows what routing applies:
the severity the mail states on that contract's scale, the fields read from it,
and the deadlines counted from the mail's receipt. The attributes modal shows the
deadlines before and after the correction, as reclassify does.
"""

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, Static

from console.domain.safe_text import neutralise
from console.errors import UserError
from console.services import routing
from console.services.attributes import attributes_preview, set_attributes
from console.services.contracts import list_contracts
from console.services.detail import vendor_zone
from console.tui.modals.base import ActionModal
from console.tui.modals.due_preview import due_table
from console.tui.widgets.text_fields import DeskInput
from console.tui.zones import due_text, user_zone

_REMEMBER = [("do not remember the sender", "no"), ("remember the sender's address", "address"),
             ("remember the sender's domain", "domain")]


class RouteModal(ActionModal):
    TITLE = "Route"
    KIND = "route"
    VERB = "Route"

    def form(self) -> ComposeResult:
        yield Label("Contract")
        yield Select([], id="contract", allow_blank=True, prompt="choose a contract")
        yield Static(id="suggestions", classes="dim")
        yield Select(_REMEMBER, id="remember", value="no", allow_blank=False)

    def below(self) -> ComposeResult:
        yield Static(id="preview", classes="preview")

    def loaded(self, first: bool) -> None:
        if self.detail.contract is not None:
            self.show_error(f"{self.ticket_id} is already routed to {self.detail.contract.id}")
            self.query_one("#confirm").disabled = True
            return
        if not first:
            self.show_preview()
            return
        suggested = routing.suggestions(self.app.store, self.ticket_id)
        picker = self.query_one("#contract", Select)
        picker.set_options([(f"{c.id} · {c.customer} ({c.policy} {c.plan})", c.id)
                            for c in list_contracts(self.app.store)])
        lines = "\n".join(neutralise(f"suggested {s.contract.id}: {s.reason}") for s in suggested)
        self.query_one("#suggestions", Static).update(
            Text(lines or "no suggestion: no earlier ticket or contract for this sender"))
        if suggested:
            picker.value = suggested[0].contract.id

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "contract":
            self.show_preview()

    def _contract(self) -> str | None:
        value = self.query_one("#contract", Select).value
        return value if isinstance(value, str) else None

    def show_preview(self) -> None:
        """What the route applies under the chosen contract, and the deadlines from receipt."""
        slot = self.query_one("#preview", Static)
        if self._contract() is None:
            slot.update("")
            return
        try:
            preview = routing.route_preview(self.app.store, self.ticket_id, self._contract(),
                                            at=self.app.now())
        except UserError as exc:
            slot.update(Text(str(exc), style="bold"))
            return
        payload = preview.payload
        text = Text()
        text.append(f"severity {payload['severity']}", style="bold")
        attributes = dict(payload.get("attributes", {}))
        triage = attributes.pop("triage", None)
        if triage:
            text.append(f" · triage: {neutralise(triage)}")
        text.append("\n")
        if attributes:
            text.append("read from the mail: "
                        + neutralise(", ".join(f"{k}={v}" for k, v in attributes.items())) + "\n")
        zone = user_zone()
        for clock in preview.clocks:
            if clock.kind == "target" and clock.due_at is not None:
                due = due_text(clock.due_at, zone, vendor_zone(preview.pack, clock), now=self.app.now())
                text.append(f"{clock.label} #{clock.instance}: due {due}"
                            + (" (breached)" if clock.breached else "") + "\n")
        text.rstrip()
        slot.update(text)

    def check(self) -> None:
        if self._contract() is None:
            raise UserError("choose a contract")

    def perform(self, *, at, actor, expected_version):
        remember = self.query_one("#remember", Select).value
        return routing.route_ticket(self.app.store, self.ticket_id, contract_id=self._contract(),
                                    remember=None if remember == "no" else remember, at=at,
                                    actor=actor, expected_version=expected_version)


class AttributesModal(ActionModal):
    """One field per required-information field of the pack; those it knows the values of are choices."""

    TITLE = "Correct attributes"
    KIND = "set_attributes"
    VERB = "Correct"

    def form(self) -> ComposeResult:
        yield Static(id="fields-slot")
        yield Label("Reason")
        yield DeskInput(placeholder="why (optional)", id="reason")

    def below(self) -> ComposeResult:
        yield Static(id="preview", classes="preview")

    def loaded(self, first: bool) -> None:
        if self.detail.pack is None:
            self.show_error(f"{self.ticket_id} has no contract yet, so no pack knows its fields: "
                            "route it first")
            self.query_one("#confirm").disabled = True
            return
        if first:
            current = self.detail.ticket.attributes
            slot = self.query_one("#fields-slot")
            for field in self.detail.pack.required_info:
                value = str(current.get(field.id) or "")
                slot.mount(Label(field.label))
                if field.values:
                    known = value.lower() if value.lower() in field.values else Select.BLANK
                    slot.mount(Select([(v, v) for v in field.values], value=known,
                                      id=f"attr-{field.id}", prompt="not known"))
                else:
                    slot.mount(DeskInput(value=value, id=f"attr-{field.id}"))
        self.call_after_refresh(self.show_preview)

    def changes(self) -> dict[str, str]:
        """The fields whose value differs from the ticket's."""
        current = self.detail.ticket.attributes
        out = {}
        for field in self.detail.pack.required_info:
            widget = self.query_one(f"#attr-{field.id}")
            value = widget.value if isinstance(widget.value, str) else ""
            if value.strip() and value.strip() != str(current.get(field.id) or ""):
                out[field.id] = value.strip()
        return out

    def on_select_changed(self, event: Select.Changed) -> None:
        self.show_preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "reason":
            self.show_preview()

    def show_preview(self) -> None:
        slot = self.query_one("#preview", Static)
        if not self.changes():
            slot.update("nothing changed yet")
            return
        try:
            rows = attributes_preview(self.app.store, self.ticket_id, self.changes(), at=self.app.now())
        except UserError as exc:
            slot.update(Text(str(exc), style="bold"))
            return
        slot.update(due_table(rows, self.detail.pack, self.app.now()))

    def check(self) -> None:
        if not self.changes():
            raise UserError("change a field first")

    def perform(self, *, at, actor, expected_version):
        return set_attributes(self.app.store, self.ticket_id, self.changes(), at=at, actor=actor,
                              reason=self.query_one("#reason", Input).value,
                              expected_version=expected_version)
