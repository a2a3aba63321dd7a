import type { McpToolInfo } from "../agents/episode-connection.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../json.js";
import type { ToolSpec } from "./types.js";

/**
 * Keywords dropped everywhere in a schema: meta-data that some OpenAI-compatible servers and
 * grammar converters reject, and that tells a model nothing. Descriptions are kept.
 */
const DROPPED = new Set(["$schema", "$id", "$comment"]);

/**
 * MCP tools as function definitions. Both APIs take a JSON Schema object for the parameters;
 * the root must be `type: "object"` with `properties` (OpenAI rejects an object schema without
 * them for a tool of no arguments). Output schemas and annotations are MCP-only and left out.
 */
export function toolSpecs(tools: readonly McpToolInfo[]): ToolSpec[] {
  return tools.map((tool) => {
    const cleaned = clean(tool.inputSchema);
    const root: JsonObject = isJsonObject(cleaned) ? cleaned : {};
    return {
      name: tool.name,
      description: (tool.description ?? tool.title ?? tool.name).trim(),
      parameters: {
        ...root,
        type: "object",
        properties: isJsonObject(root.properties) ? root.properties : {},
      },
    };
  });
}

function clean(value: unknown): JsonValue {
  if (Array.isArray(value)) return value.map(clean);
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) {
      // Under `properties`, keys are argument names, not keywords: never drop them.
      if (DROPPED.has(key)) continue;
      out[key] = key === "properties" && isJsonObject(child) ? cleanProperties(child) : clean(child);
    }
    return out;
  }
  return value === undefined ? null : (value as JsonValue);
}

function cleanProperties(properties: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [name, schema] of Object.entries(properties)) out[name] = clean(schema);
  return out;
}
