# SPDX-License-Identifier: Apache-2.0
"""Standard JSON text for JsonObject, JsonArray and plain values."""
def _plain(value):
    from scalyr_agent.json_lib.objects import JsonArray, JsonObject

    if isinstance(value, JsonObject):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (JsonArray, list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def serialize(value, use_fast_encoding=False, use_optimization=True):
    """Returns the JSON text of value."""
    import json

    return json.dumps(_plain(value), separators=(",", ":"))
