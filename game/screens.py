"""The screens `screenshot` can render by name (the command line lists them; headless draws them)."""

SCREENS = ("children", "new-child", "games", "menu", "levels", "pause", "results",
           "pin", "therapist", "progress", "replay", "editor", "editor-levels", "level-files",
           "access-options", "screen-size", "sound-timing", "send-home", "bring-in")
