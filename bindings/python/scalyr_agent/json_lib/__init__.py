"""The reference agent's light-weight JSON library: JsonObject, JsonArray and
the relaxed JSON parser of the agent's configuration files.
SPDX-License-Identifier: Apache-2.0
"""
from scalyr_agent.json_lib.objects import (  # noqa: F401
    ArrayOfStrings,
    JsonArray,
    JsonObject,
    SpaceAndCommaSeparatedArrayOfStrings,
)
from scalyr_agent.json_lib.exceptions import (  # noqa: F401
    JsonConversionException,
    JsonMissingFieldException,
    JsonParseException,
)
from scalyr_agent.json_lib.parser import parse  # noqa: F401
from scalyr_agent.json_lib.serializer import serialize  # noqa: F401

__all__ = [
    "parse",
    "serialize",
    "JsonObject",
    "JsonArray",
    "ArrayOfStrings",
    "SpaceAndCommaSeparatedArrayOfStrings",
    "JsonConversionException",
    "JsonMissingFieldException",
    "JsonParseException",
]
