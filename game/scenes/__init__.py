"""Scenes: each draws one screen and translates input into game actions, nothing more."""
