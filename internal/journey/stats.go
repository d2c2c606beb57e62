package journey

// Stats counts what a journey did: customers who entered, are waiting, finished or left, and messages sent.
type Stats struct{ Entered, Waiting, Done, Exited, Sent, Skipped, Failed int }
