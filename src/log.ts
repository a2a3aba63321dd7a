import { type Logger, pino } from "pino";

export type { Logger };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Logs go to stderr (fd 2), always: on stdio, stdout carries the MCP protocol and nothing else. */
export function createLogger(level: (typeof LOG_LEVELS)[number] = "info"): Logger {
  return pino({ level, base: { name: "asynctool" } }, pino.destination({ fd: 2, sync: true }));
}
