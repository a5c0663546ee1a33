# SPDX-License-Identifier: Apache-2.0
"""The agent's relaxed JSON, parsed by libscalyrmon's parser."""
from scalyr_agent._gi import GLib, Scalyr
from scalyr_agent.json_lib.exceptions import JsonParseException


def parse(input_bytes, check_duplicate_keys=False):
    """Parses relaxed JSON text (str or UTF-8 bytes) into JsonObject,
    JsonArray and plain Python values."""
    from scalyr_agent.json_lib.objects import node_to_python

    if isinstance(input_bytes, bytes):
        input_bytes = input_bytes.decode("utf-8")
    try:
        node, line, column = Scalyr.json_parse(input_bytes, -1)
    except GLib.Error as e:
        raise JsonParseException(e.message)
    return node_to_python(node)
