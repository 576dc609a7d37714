"""What an id is: the one pattern every id in every input file must match, and the rule said to
a user whose id does not (here, apart from the models, so the messages can read them without
importing pydantic)."""

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_.-]*$"
ID_RULE = "An id starts with a Latin letter, then letters, digits, _ . or - (no spaces)."
