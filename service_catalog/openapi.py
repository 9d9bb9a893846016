"""The OpenAPI 3.1 description of the catalogue's read-only JSON API, served at …/openapi.json."""

from franceconnect.infrastructure.vocabulary import EIDAS_LEVELS
from service_catalog.forms import MAX_PAGE_SIZE
from service_catalog.territories import VALID_CODES

_ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}
    },
}
_CATEGORY = {
    "type": "object",
    "required": ["slug", "name"],
    "properties": {"slug": {"type": "string"}, "name": {"type": "string"}},
}
SERVICE_SCHEMA = {
    "type": "object",
    "required": [
        "slug",
        "name",
        "description",
        "organisation",
        "url",
        "category",
        "audience",
        "territory",
        "eidas_level",
        "updated_at",
        "detail",
    ],
    "properties": {
        "slug": {"type": "string"},
        "name": {"type": "string"},
        "description": {"type": "string"},
        "organisation": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "category": {"$ref": "#/components/schemas/Category"},
        "audience": {
            "type": "array",
            "items": {"type": "string", "enum": ["particuliers", "professionnels"]},
        },
        "territory": {
            "oneOf": [
                {"const": "national"},
                {"type": "array", "items": {"type": "string", "pattern": "^[RD][0-9AB]{2,3}$"}},
            ]
        },
        "eidas_level": {"type": "string", "enum": list(EIDAS_LEVELS)},
        "updated_at": {"type": "string", "format": "date-time"},
        "detail": {"type": "string", "format": "uri"},
    },
}
SERVICE_PAGE_SCHEMA = {
    "type": "object",
    "required": ["count", "page", "pages", "page_size", "next", "previous", "results"],
    "properties": {
        "count": {"type": "integer"},
        "page": {"type": "integer"},
        "pages": {"type": "integer"},
        "page_size": {"type": "integer"},
        "next": {"type": ["string", "null"]},
        "previous": {"type": ["string", "null"]},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Service"}},
    },
}


def _query(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def _json(schema_ref: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


def _with_common_errors(responses: dict) -> dict:
    """What any operation may answer besides its own: a method other than GET, and an outage of a
    store the portal needs (franceconnect/infrastructure/api_errors.py), both in the Errors shape."""
    return {
        **responses,
        "405": _json("#/components/schemas/Errors", "Only GET (and HEAD) are allowed"),
        "503": {
            **_json("#/components/schemas/Errors", "Temporarily unavailable; retry after the delay given"),
            "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}},
        },
    }


def openapi_document(base_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Catalogue des services accessibles avec FranceConnect",
            "version": "1.0.0",
            "description": "Read-only. Service texts are in French. CORS is open for GET.",
        },
        "servers": [{"url": base_url}],
        "paths": {
            "/services": {
                "get": {
                    "operationId": "listServices",
                    "summary": "Search and filter the services",
                    "parameters": [
                        _query(
                            "q",
                            "Full-text search; accents and plural forms do not matter",
                            {"type": "string", "maxLength": 200},
                        ),
                        _query("category", "Category slug (see /categories)", {"type": "string"}),
                        _query(
                            "audience",
                            "Who the service is for",
                            {"type": "string", "enum": ["particuliers", "professionnels"]},
                        ),
                        _query(
                            "territory",
                            "R<region> or D<département> INSEE code; national services always match",
                            {"type": "string", "enum": sorted(VALID_CODES)},
                        ),
                        _query("page", "Page number, from 1", {"type": "integer", "minimum": 1}),
                        _query(
                            "page_size",
                            "Results per page",
                            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                        ),
                    ],
                    "responses": _with_common_errors(
                        {
                            "200": _json("#/components/schemas/ServicePage", "One page of services"),
                            "400": _json("#/components/schemas/Errors", "A parameter is not valid"),
                            "404": _json("#/components/schemas/Errors", "The page does not exist"),
                        }
                    ),
                }
            },
            "/services/{slug}": {
                "get": {
                    "operationId": "getService",
                    "summary": "One service",
                    "parameters": [
                        {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": _with_common_errors(
                        {
                            "200": _json("#/components/schemas/Service", "The service"),
                            "404": _json("#/components/schemas/Errors", "No such service"),
                        }
                    ),
                }
            },
            "/categories": {
                "get": {
                    "operationId": "listCategories",
                    "summary": "The categories",
                    "responses": _with_common_errors(
                        {
                            "200": {
                                "description": "Every category",
                                "content": {
                                    "application/json": {
                                        "schema": {
                                            "type": "object",
                                            "required": ["results"],
                                            "properties": {
                                                "results": {
                                                    "type": "array",
                                                    "items": {"$ref": "#/components/schemas/Category"},
                                                }
                                            },
                                        }
                                    }
                                },
                            }
                        }
                    ),
                }
            },
        },
        "components": {
            "schemas": {
                "Service": SERVICE_SCHEMA,
                "ServicePage": SERVICE_PAGE_SCHEMA,
                "Category": _CATEGORY,
                "Errors": _ERRORS,
            }
        },
    }
