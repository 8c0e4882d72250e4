"""Look, feel and sound of MotorPlay: palette, fonts, avatars, widgets and synthesised sounds.

Everything here draws on a logical 1280x720 canvas of "play units" and is tuned for
children aged 4-10: big targets, colour-blind-safe colours paired with shapes, the Andika
literacy font, and feedback that is warm and never harsh.
"""
