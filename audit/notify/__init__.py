"""Notifications: smreg tells the people who must act (``smreg notify``).

``plan`` decides, from today's audit and the store, who must hear what and which items are due
(new, changed, or due for a reminder); ``compose`` writes each recipient's one message in their
language (plain text and HTML); ``mail`` sends it over SMTP or writes it as an ``.eml`` file;
``run`` puts them together and records every message right after it went out.
"""
