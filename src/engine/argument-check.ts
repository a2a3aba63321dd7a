import type { z } from "zod";

/**
 * A tool's input schema as a hand check, for the schemas most tools have: an object whose
 * properties are strings, finite numbers or booleans, each required or optional, with no other
 * rule. True only when the schema's parse succeeds; false means "unsure", and the caller then
 * parses with the schema, which also words a refusal. The parse was made on every call to say
 * yes to the same few keys (about 18 k instructions of an instant call's 1.3 M, more than the
 * rest of the engine's and the recorder's own code together).
 */
export type ArgumentCheck = (args: Readonly<Record<string, unknown>>) => boolean;

type Kind = "string" | "number" | "boolean";

interface Property {
  readonly key: string;
  readonly kind: Kind;
  readonly optional: boolean;
}

/** Undefined unless every part of the schema is one this check can vouch for. */
export function simpleArgumentCheck(schema: z.ZodObject): ArgumentCheck | undefined {
  const def = defOf(schema);
  if (!hasOnlyKeys(def, ["type", "shape", "catchall"]) || def.type !== "object") return undefined;
  // Unknown names are refused before the parse (episode.ts); a catchall that checks them is not vouched for.
  if (def.catchall !== undefined && defOf(def.catchall).type !== "unknown") return undefined;
  const properties: Property[] = [];
  for (const [key, field] of Object.entries(schema.shape)) {
    const fieldDef = defOf(field);
    const optional = fieldDef.type === "optional" && hasOnlyKeys(fieldDef, ["type", "innerType"]);
    const kind = leafKind(optional ? fieldDef.innerType : field);
    if (kind === undefined) return undefined;
    properties.push({ key, kind, optional });
  }
  return (args) => {
    for (const { key, kind, optional } of properties) {
      // Read as the schema reads it: an inherited key counts.
      const value = args[key];
      if (value === undefined) {
        if (optional) continue;
        return false;
      }
      if (!fits(value, kind)) return false;
    }
    return true;
  };
}

function fits(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "number":
      // zod's number refuses NaN and the infinities.
      return typeof value === "number" && Number.isFinite(value);
  }
}

/** A string, number or boolean with no check of its own (a length, a pattern, an integer...). */
function leafKind(schema: unknown): Kind | undefined {
  const def = defOf(schema);
  if (!hasOnlyKeys(def, ["type", "checks"])) return undefined;
  if (def.checks !== undefined && (!Array.isArray(def.checks) || def.checks.length > 0)) return undefined;
  return def.type === "string" || def.type === "number" || def.type === "boolean" ? def.type : undefined;
}

interface Def {
  readonly type?: unknown;
  readonly checks?: unknown;
  readonly catchall?: unknown;
  readonly innerType?: unknown;
}

function defOf(schema: unknown): Def {
  const def = (schema as { _zod?: { def?: unknown } } | undefined)?._zod?.def;
  return typeof def === "object" && def !== null ? (def as Def) : {};
}

function hasOnlyKeys(def: Def, allowed: readonly string[]): boolean {
  for (const key of Object.keys(def)) if (!allowed.includes(key)) return false;
  return true;
}
