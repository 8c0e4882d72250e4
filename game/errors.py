"""One kind of error for everything a user can get wrong: it prints as one line, exit code 2."""


class UserError(Exception):
    """A problem with input the user gave (a file, a value, a name); str() is the whole message."""

    exit_code = 2
