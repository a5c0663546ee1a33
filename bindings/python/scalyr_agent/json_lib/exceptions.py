# SPDX-License-Identifier: Apache-2.0
"""Exceptions of scalyr_agent.json_lib."""


class JsonConversionException(Exception):
    """A value could not be converted to the requested type."""

    def __init__(self, message):
        Exception.__init__(self, message)
        self.message = message


class JsonMissingFieldException(Exception):
    """A required field is missing."""

    def __init__(self, message):
        Exception.__init__(self, message)
        self.message = message


class JsonParseException(Exception):
    """Text is not valid relaxed JSON; carries the line and position."""

    def __init__(self, message, position=-1, line_number=-1):
        Exception.__init__(self, message)
        self.raw_message = message
        self.position = position
        self.line_number = line_number
