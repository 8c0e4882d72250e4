"""Sound timing, pure: where clicks go in an audio stream, and how late a sound is heard (no pygame)."""
