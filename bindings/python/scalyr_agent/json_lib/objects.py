# SPDX-License-Identifier: Apache-2.0
"""JsonObject and JsonArray: dict- and list-like containers with the typed
getters of the reference agent's json_lib."""
from scalyr_agent._gi import Json
from scalyr_agent.json_lib.exceptions import (
    JsonConversionException,
    JsonMissingFieldException,
)

_MISSING = object()


def node_to_python(node):
    """A json-glib node (or object / array) as Python values."""
    if isinstance(node, Json.Object):
        return JsonObject({k: node_to_python(node.get_member(k)) for k in node.get_members()})
    if isinstance(node, Json.Array):
        return JsonArray(*[node_to_python(node.get_element(i)) for i in range(node.get_length())])
    if node is None:
        return None
    kind = node.get_node_type()
    if kind == Json.NodeType.OBJECT:
        return node_to_python(node.get_object())
    if kind == Json.NodeType.ARRAY:
        return node_to_python(node.get_array())
    if kind == Json.NodeType.NULL:
        return None
    return node.get_value()


class JsonObject(object):
    """A JSON object: a mapping from names to values."""

    def __init__(self, content=None, **key_values):
        self.__map = {}
        if content is not None:
            for key, value in dict(content).items():
                self.__map[key] = value
        self.__map.update(key_values)

    def to_json(self):
        from scalyr_agent.json_lib.serializer import serialize

        return serialize(self)

    def to_dict(self):
        result = {}
        for key, value in self.__map.items():
            if isinstance(value, JsonObject):
                value = value.to_dict()
            elif isinstance(value, JsonArray):
                value = [v.to_dict() if isinstance(v, JsonObject) else v for v in value]
            result[key] = value
        return result

    def __repr__(self):
        return repr(self.__map)

    def __len__(self):
        return len(self.__map)

    def __contains__(self, key):
        return key in self.__map

    def __iter__(self):
        return iter(self.__map)

    def __getitem__(self, field):
        if field not in self.__map:
            raise JsonMissingFieldException('The missing field "%s" in JsonObject.' % field)
        return self.__map[field]

    def __setitem__(self, key, value):
        self.__map[key] = value

    def __delitem__(self, key):
        del self.__map[key]

    def __eq__(self, other):
        if isinstance(other, JsonObject):
            return self.__map == other.__map
        if isinstance(other, dict):
            return self.__map == other
        return NotImplemented

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def put(self, key, value):
        self.__map[key] = value

    def update(self, other):
        self.__map.update(dict(other))

    def items(self):
        return self.__map.items()

    def keys(self):
        return self.__map.keys()

    def values(self):
        return self.__map.values()

    iteritems = items
    iterkeys = keys
    itervalues = values

    def copy(self):
        return JsonObject(dict(self.__map))

    def __missing(self, field, default_value, none_if_missing):
        if default_value is not None:
            return default_value
        if none_if_missing:
            return None
        raise JsonMissingFieldException('The required field "%s" was not found in object.' % field)

    def get(self, field, default_value=None, none_if_missing=False):
        if field in self.__map and self.__map[field] is not None:
            return self.__map[field]
        return self.__missing(field, default_value, none_if_missing)

    def __conversion_error(self, field, value, desired):
        return JsonConversionException(
            'Failed converting %s of type %s for field "%s" to desired type %s'
            % (repr(value), type(value).__name__, field, desired)
        )

    def get_bool(self, field, default_value=None, none_if_missing=False):
        if field not in self.__map or self.__map[field] is None:
            return self.__missing(field, default_value, none_if_missing)
        value = self.__map[field]
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return value == 1
        if isinstance(value, str):
            return value.lower() not in ("", "f", "false")
        raise self.__conversion_error(field, value, "boolean")

    def get_int(self, field, default_value=None, none_if_missing=False):
        if field not in self.__map or self.__map[field] is None:
            return self.__missing(field, default_value, none_if_missing)
        value = self.__map[field]
        if isinstance(value, bool):
            raise self.__conversion_error(field, value, "integer")
        try:
            return int(float(value)) if isinstance(value, str) else int(value)
        except (TypeError, ValueError):
            raise self.__conversion_error(field, value, "integer")

    get_long = get_int

    def get_float(self, field, default_value=None, none_if_missing=False):
        if field not in self.__map or self.__map[field] is None:
            return self.__missing(field, default_value, none_if_missing)
        value = self.__map[field]
        if isinstance(value, bool):
            raise self.__conversion_error(field, value, "float")
        try:
            return float(value)
        except (TypeError, ValueError):
            raise self.__conversion_error(field, value, "float")

    def get_string(self, field, default_value=None, none_if_missing=False):
        if field not in self.__map or self.__map[field] is None:
            return self.__missing(field, default_value, none_if_missing)
        value = self.__map[field]
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        raise self.__conversion_error(field, value, "string")

    def get_json_object(self, field, default_value=None, none_if_missing=False):
        if field not in self.__map or self.__map[field] is None:
            return self.__missing(field, default_value, none_if_missing)
        value = self.__map[field]
        if not isinstance(value, JsonObject):
            raise self.__conversion_error(field, value, "dict")
        return value

    def get_or_create_json_object(self, field):
        if field not in self.__map or self.__map[field] is None:
            self.__map[field] = JsonObject()
        return self.get_json_object(field)

    def get_json_array(self, field, default_value=None, none_if_missing=False):
        if field not in self.__map or self.__map[field] is None:
            return self.__missing(field, default_value, none_if_missing)
        value = self.__map[field]
        if not isinstance(value, JsonArray):
            raise self.__conversion_error(field, value, "list")
        return value


class JsonArray(object):
    """A JSON array."""

    def __init__(self, *args):
        self.__items = list(args)

    def __repr__(self):
        return repr(self.__items)

    def __len__(self):
        return len(self.__items)

    def __iter__(self):
        return iter(self.__items)

    def __getitem__(self, index):
        return self.__items[index]

    def __setitem__(self, index, value):
        self.__items[index] = value

    def __eq__(self, other):
        if isinstance(other, JsonArray):
            return self.__items == other.__items
        if isinstance(other, list):
            return self.__items == other
        return NotImplemented

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def add(self, value):
        self.__items.append(value)

    def get_json_object(self, index):
        value = self.__items[index]
        if not isinstance(value, JsonObject):
            raise JsonConversionException("The item at index %d is not a JsonObject" % index)
        return value

    def json_objects(self):
        for index in range(len(self.__items)):
            yield self.get_json_object(index)


class ArrayOfStrings(JsonArray):
    """A JsonArray holding only strings (the `convert_to` of comma lists)."""

    def __init__(self, values=None):
        JsonArray.__init__(self, *(values or []))


class SpaceAndCommaSeparatedArrayOfStrings(ArrayOfStrings):
    """An ArrayOfStrings read from text split on commas and whitespace."""
