"""MotorPlay: play-based fine-motor practice with measurements a therapist can trust."""

__version__ = "0.1.0"
