"""Pure measurement code (numpy + stdlib only, never pygame).

Scores must be reproducible from the saved raw events alone, so nothing here touches the
display, the clock or any global state: `geometry` (polylines and exact distances),
`smoothness` (SPARC, LDLJ, speed profiles) and one module per game (e.g. `tracing`).
"""
