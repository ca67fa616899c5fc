"""The console (Textual): screens, modals and widgets over console.services."""
