"""The documentation page of the open data API, read from its OpenAPI schema (drf-spectacular).

Plain HTML instead of Swagger UI: Swagger UI nests buttons in buttons (axe: nested-interactive),
needs inline scripts and fails colour contrast. The schema itself stays at /api/v1/schema/."""

from django.utils import translation

from npz_registry.api import openapi_schema


def _resolve(schema: dict, node: dict) -> tuple[str | None, dict]:
    """The component a node refers to (its name and its definition), following allOf/oneOf."""
    for key in ("allOf", "oneOf"):
        if key in node:
            refs = [item for item in node[key] if "$ref" in item]
            if refs:
                return _resolve(schema, refs[0])
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return name, schema["components"]["schemas"][name]
    return None, node


def _is_blank(node: dict) -> bool:
    """The alternative "or an empty string" drf-spectacular adds to a field that may be blank
    (`{"type": "string", "maxLength": 0}` beside a URL or an e-mail address)."""
    return node.get("type") == "string" and node.get("maxLength") == 0


def _type(schema: dict, node: dict) -> str:
    name, target = _resolve(schema, node)
    kind = _kind(schema, name, target)
    return f"{kind}, null" if node.get("nullable") or target.get("nullable") else kind


def _kind(schema: dict, name: str | None, target: dict) -> str:
    """The type of a resolved node, without its nullability. The empty string a blank field
    may hold is left out, as it is from the values of an enum."""
    alternatives = [item for item in target.get("oneOf", []) if not _is_blank(item)]
    if alternatives:
        return " | ".join(dict.fromkeys(_type(schema, item) for item in alternatives))
    if "enum" in target:
        return " | ".join(str(value) for value in target["enum"] if value != "")
    if target.get("type") == "array":
        return f"[{_type(schema, target.get('items', {}))}]"
    kind = name if target.get("type") == "object" and name else target.get("type", "object")
    return f"{kind} ({target['format']})" if target.get("format") else kind


def _summary(text: str) -> str:
    """A description without the list of enum values drf-spectacular appends ("* `X` - label"):
    the type column shows the values."""
    paragraphs = [part.strip() for part in (text or "").split("\n\n")]
    return " ".join(part for part in paragraphs if part and not part.startswith("* `"))


def _fields(schema: dict, response: dict) -> list[dict]:
    """The fields of one item of a response (the items of `results` for paginated lists)."""
    content = response.get("content", {}).get("application/json", {}).get("schema", {})
    _name, target = _resolve(schema, content)
    if "results" in target.get("properties", {}):
        _name, target = _resolve(schema, target["properties"]["results"].get("items", {}))
    required = set(target.get("required", []))
    return [
        {
            "name": name,
            "type": _type(schema, prop),
            "description": _summary(prop.get("description") or prop.get("title", "")),
            "required": name in required,
        }
        for name, prop in target.get("properties", {}).items()
    ]


def api_endpoints(language: str) -> dict:
    """The API as the documentation page shows it: title, description and each endpoint with its
    parameters and the fields of its answer."""
    with translation.override(language):
        schema = openapi_schema()
    endpoints = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            endpoints.append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "is_list": path.count("{") == 0,
                    "description": _summary(operation.get("description", "")),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "location": parameter["in"],
                            "required": parameter.get("required", False),
                            "type": _type(schema, parameter.get("schema", {})),
                            "description": _summary(parameter.get("description", "")),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "fields": _fields(schema, operation.get("responses", {}).get("200", {})),
                }
            )
    # An item's fields are those of one element of its list: say so rather than repeat the table.
    list_fields = {e["path"]: e for e in endpoints if e["is_list"]}
    for endpoint in endpoints:
        parent = list_fields.get(endpoint["path"].rsplit("{", 1)[0])
        if not endpoint["is_list"] and parent and parent["fields"] == endpoint["fields"]:
            endpoint["fields"], endpoint["fields_as"] = [], parent
    return {"info": schema["info"], "endpoints": endpoints}
