"""Full screens of the console: the queue (home), help, and the ticket detail."""
