import { type LoggingLevel, LoggingLevelSchema } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { JSONRPC, JsonRpcError } from "../jsonrpc-codes.js";

/**
 * logging/setLevel registered with a loose schema, as tools/call is: with the SDK's own
 * schema, a bad level came back as an internal error (JSONRPC.INTERNAL_ERROR) carrying zod's text.
 */
export const LooseSetLevelRequestSchema = z.object({
  method: z.literal("logging/setLevel"),
  params: z.unknown().optional(),
});

const SEVERITY: readonly LoggingLevel[] = LoggingLevelSchema.options;

/** The level a logging/setLevel request asks for, or invalid params saying which levels exist. */
export function requestedLevel(params: unknown): LoggingLevel {
  const level = (params as { level?: unknown } | undefined)?.level;
  const parsed = LoggingLevelSchema.safeParse(level);
  if (parsed.success) return parsed.data;
  const shown = typeof level === "string" ? JSON.stringify(level.slice(0, 50)) : typeof level;
  throw new JsonRpcError(
    JSONRPC.INVALID_PARAMS,
    `Invalid params: logging/setLevel takes params.level, one of ${SEVERITY.join(", ")}; got ${shown}.`,
  );
}

/** Whether a message at `level` passes the threshold the client set (none set: everything). */
export function passes(level: LoggingLevel, threshold: LoggingLevel | undefined): boolean {
  return threshold === undefined || SEVERITY.indexOf(level) >= SEVERITY.indexOf(threshold);
}
