"""Pure game rules: what happens given input events and time. No display here."""
