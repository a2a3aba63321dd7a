import { createHash } from "node:crypto";
import { z } from "zod";
import { clockKindSchema, modeSchema } from "../engine/types.js";
import { AsyncToolError } from "../errors.js";
import { canonicalJson, isJsonObject, type JsonObject, type JsonValue } from "../json.js";
import { compileTask, formatPath, resolvePattern, type ScenarioIssue } from "./compile.js";
import { faultSpecSchema, type LatencySpec, latencySpecSchema } from "./latency-spec.js";
import { portableJsonSchema } from "./portable-json-schema.js";
import { RESERVED_TOOL_NAMES } from "./reserved-names.js";
import type { Forward, Scenario, ScenarioTool } from "./scenario.js";
import { answerCheckSchema, limitsSchema, type ScenarioFile, stepSchema } from "./schema.js";

/**
 * The scenario of a proxy: the tools another MCP server (the upstream) offers, each with a
 * latency from the proxy config (the scenario format's latency and fault vocabulary), and the
 * config's optional tasks. Built from a snapshot (the config and the upstream's tool list) that
 * the recording's header keeps, so `report` rebuilds the same scenario without the upstream.
 */

/** The domain name proxied tools go under, for latency and fault patterns (`upstream.*`). */
export const UPSTREAM_DOMAIN = "upstream";

/** Latency of an upstream tool that neither the config nor --latency sets: one unit. */
const PROXY_DEFAULT_LATENCY: LatencySpec = { fixed: 1 };

const id = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    "use letters, digits, '.', '_' or '-', starting with a letter or digit",
  );

/** A task of a proxy: like a scenario's, but gold steps are optional and there is no domain state. */
const proxyTaskSchema = z.strictObject({
  id,
  instruction: z.string().min(1),
  steps: z.array(stepSchema).default([]).describe("Gold steps by upstream tool and argument matchers."),
  answer: answerCheckSchema,
});

/** The proxy config file (YAML or JSON); docs/proxy.md documents every field. */
export const proxyConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  id: id.default("proxy"),
  title: z.string().min(1).default("Proxied MCP server"),
  clock: clockKindSchema.default("step"),
  mode: modeSchema.default("async"),
  unitMs: z.number().positive().default(1000),
  limits: limitsSchema.default(limitsSchema.parse({})),
  latency: z
    .record(z.string(), latencySpecSchema)
    .default({})
    .describe("Upstream tool pattern (`name`, `upstream.name`, `*`) → latency."),
  faults: z.record(z.string(), faultSpecSchema).default({}).describe("Tool pattern → faults."),
  tasks: z.array(proxyTaskSchema).default([]),
});

export type ProxyConfig = z.infer<typeof proxyConfigSchema>;

/** One upstream tool as the proxy saw it in tools/list, and the name it is published under. */
export interface UpstreamTool {
  /** The name the agent calls: the upstream's, or `upstream_<name>` when ours would collide. */
  readonly name: string;
  /** The name the upstream knows it by. */
  readonly upstreamName: string;
  readonly title?: string | undefined;
  readonly description: string;
  readonly inputSchema: JsonObject;
  readonly annotations?: JsonObject | undefined;
}

/** What the recording's header keeps (`options.proxy`): enough to rebuild the scenario. */
export interface ProxySnapshot {
  readonly upstream: { readonly name: string; readonly version: string };
  readonly config: ProxyConfig;
  readonly tools: readonly UpstreamTool[];
}

/** Checks a proxy config (parsed YAML or JSON); throws SCENARIO_INVALID naming each problem. */
export function parseProxyConfig(raw: unknown, file = "proxy config"): ProxyConfig {
  const parsed = proxyConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw invalidConfig(
      parsed.error.issues.map((issue) => ({
        path: issue.path as (string | number)[],
        message: issue.message,
      })),
      file,
    );
  }
  return parsed.data;
}

/**
 * The published name of each upstream tool: its own, unless it is one of the proxy's job tools
 * (an upstream that is itself an asynctool server has check_job too), then `upstream_<name>`.
 */
export function publishedName(upstreamName: string): string {
  return RESERVED_TOOL_NAMES.includes(upstreamName) ? `upstream_${upstreamName}` : upstreamName;
}

/**
 * The proxy's scenario. `forwardOf` gives each tool its forwarding function (the live proxy);
 * without it (the report) the tools never run: their results are in the recording.
 */
export function proxyScenario(
  snapshot: ProxySnapshot,
  forwardOf?: (tool: UpstreamTool) => Forward,
  file?: string,
): Scenario {
  const { config } = snapshot;
  const issues: ScenarioIssue[] = [];
  const tools = new Map<string, ScenarioTool>();
  for (const upstream of snapshot.tools) {
    const forward = forwardOf?.(upstream);
    tools.set(upstream.name, proxiedTool(upstream, config, forward));
  }
  for (const section of ["latency", "faults"] as const) {
    for (const pattern of Object.keys(config[section])) {
      const hit = [...tools.keys()].some((name) =>
        [`${UPSTREAM_DOMAIN}.${name}`, name, `${UPSTREAM_DOMAIN}.*`, "*"].includes(pattern),
      );
      if (!hit)
        issues.push({
          path: [section, pattern],
          message: `matches no tool the upstream offers (${[...tools.keys()].join(", ") || "none"}); use a tool name or *`,
        });
    }
  }
  const spec: ScenarioFile = {
    id: config.id,
    title: config.title,
    clock: config.clock,
    mode: config.mode,
    unitMs: config.unitMs,
    limits: config.limits,
    domains: {},
    tools: [],
    latency: config.latency,
    faults: config.faults,
    tasks: config.tasks.map((task) => ({ ...task })),
    meta: { proxy: snapshot.upstream },
  };
  const tasks = spec.tasks.map((task, i) => compileTask(task, i, tools, [], issues));
  if (issues.length > 0) throw invalidConfig(issues, file ?? "proxy config");
  return {
    id: config.id,
    title: config.title,
    description: `The tools of ${snapshot.upstream.name} ${snapshot.upstream.version}, delayed.`,
    hash: proxySnapshotHash(snapshot),
    file,
    clock: config.clock,
    mode: config.mode,
    unitMs: config.unitMs,
    limits: config.limits,
    spec,
    domains: [],
    tools,
    tasks,
  };
}

function invalidConfig(issues: readonly ScenarioIssue[], file: string): AsyncToolError {
  const lines = issues.map((issue) => `  ${file}: ${formatPath(issue.path)}: ${issue.message}`);
  return new AsyncToolError(
    "PROXY_CONFIG_INVALID",
    `${file} is not a valid proxy config (${issues.length === 1 ? "1 problem" : `${issues.length} problems`}); see docs/proxy.md:\n${lines.join("\n")}`,
    { where: file },
  );
}

/** The scenario hash of a proxy: sha256 of its snapshot's canonical JSON. */
export function proxySnapshotHash(snapshot: ProxySnapshot): string {
  return createHash("sha256").update(canonicalJson(snapshot)).digest("hex");
}

function proxiedTool(
  upstream: UpstreamTool,
  config: ProxyConfig,
  forward: Forward | undefined,
): ScenarioTool {
  const hints = upstream.annotations ?? {};
  const readOnly = hints.readOnlyHint === true;
  return {
    name: upstream.name,
    domain: UPSTREAM_DOMAIN,
    description: upstream.description,
    input: inputOf(upstream.inputSchema),
    inputJsonSchema: portableJsonSchema(upstream.inputSchema),
    output: undefined,
    readOnly,
    // MCP's defaults: a tool that is not read-only may destroy, and is not idempotent.
    destructive: !readOnly && hints.destructiveHint !== false,
    idempotent: readOnly || hints.idempotentHint === true,
    latency: resolvePattern(config.latency, UPSTREAM_DOMAIN, upstream.name) ?? PROXY_DEFAULT_LATENCY,
    faults: resolvePattern(config.faults, UPSTREAM_DOMAIN, upstream.name) ?? {},
    // No domain state: the upstream holds its own, and the recording holds what it answered.
    run: () => null,
    ...(forward ? { forward } : {}),
    annotations: hints,
  };
}

/**
 * The upstream's input schema as zod, so bad arguments are refused before anything is sent. A
 * schema zod cannot read is checked by its property names only; the upstream checks the rest.
 */
function inputOf(schema: JsonObject): z.ZodObject {
  try {
    const converted = z.fromJSONSchema(schema as z.core.JSONSchema.JSONSchema);
    if (converted instanceof z.ZodObject) return converted;
  } catch {
    // Fall through to the names-only check.
  }
  const properties = isJsonObject(schema.properties) ? Object.keys(schema.properties) : [];
  return z.object(Object.fromEntries(properties.map((name) => [name, z.unknown()]))) as z.ZodObject;
}

/** The snapshot a recording header holds, if it is a proxy's (see `ProxySnapshot`). */
export function snapshotOf(
  options: Readonly<Record<string, JsonValue>> | undefined,
): ProxySnapshot | undefined {
  const value = options?.proxy;
  if (!isJsonObject(value) || !isJsonObject(value.config) || !Array.isArray(value.tools)) return undefined;
  return {
    upstream: value.upstream as unknown as ProxySnapshot["upstream"],
    config: parseProxyConfig(value.config),
    tools: value.tools as unknown as UpstreamTool[],
  };
}
