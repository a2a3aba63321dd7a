import { readFile } from "node:fs/promises";
import { env } from "node:process";
import { Command } from "commander";
import { parse as parseYaml } from "yaml";
import { connectUpstream, type Upstream, type UpstreamTarget } from "../client/upstream.js";
import { AsyncToolError } from "../errors.js";
import type { JsonValue } from "../json.js";
import { serverInfo } from "../paths.js";
import { Catalogue } from "../scenarios/catalogue.js";
import { type LatencySpec, latencySpecSchema } from "../scenarios/latency-spec.js";
import {
  type ProxyConfig,
  type ProxySnapshot,
  parseProxyConfig,
  proxyScenario,
} from "../scenarios/proxy-scenario.js";
import type { Output } from "./output.js";
import { type ServingFlags, type StopServer, startServing, withServingOptions } from "./serve.js";

interface ProxyFlags extends ServingFlags {
  upstream?: string;
  header: string[];
  config?: string;
  latency?: LatencySpec;
  readOnly?: boolean;
}

/** The variable a bearer token for an HTTP upstream is read from (never from the command line). */
const UPSTREAM_TOKEN_VARIABLE = "ASYNCTOOL_UPSTREAM_TOKEN";

export function proxyCommand(
  io: Output,
  onRunning: (stop: StopServer, endsWithStdin: boolean, stopWhen?: AbortSignal) => void,
): Command {
  const command = new Command("proxy")
    .description(
      "Delay another MCP server: republish its tools as delayed tools (job handles, check/wait/cancel), recorded and scored like a scenario's.",
    )
    .argument("[command...]", "the upstream server's command and arguments, after `--` (stdio upstream)")
    .option("--upstream <url>", "the upstream server's Streamable HTTP URL (instead of a command)")
    .option(
      "--header <name:value>",
      `HTTP upstream: a header sent with every request (repeatable); a bearer token is better given in ${UPSTREAM_TOKEN_VARIABLE}. Never recorded`,
      (value: string, list: string[]) => [...list, value],
      [],
    )
    .option(
      "--config <file>",
      "proxy config (YAML or JSON): latencies and faults per tool, optional tasks (docs/proxy.md)",
    )
    .option(
      "--latency <spec>",
      'latency of every upstream tool a config pattern does not name: a number of units, or JSON such as \'{"uniform":{"min":2,"max":6}}\'',
      parseLatency,
    )
    .option("--read-only", "publish only the upstream tools marked read-only (readOnlyHint)");
  return withServingOptions(command)
    .addHelpText(
      "after",
      [
        "",
        "A call is forwarded to the upstream at once; its result is delivered no earlier than the drawn",
        "latency (the upstream's own time counts toward it). Upstream resources and prompts are passed",
        "through undelayed. The upstream's command line, URL and headers are not recorded.",
        "",
        "Examples:",
        "  asynctool proxy --latency 5 -- npx -y @modelcontextprotocol/server-everything",
        "  asynctool proxy -t http -p 3000 --config proxy.yaml -- node my-server.js",
        `  ${UPSTREAM_TOKEN_VARIABLE}=... asynctool proxy --upstream https://example.com/mcp --read-only`,
      ].join("\n"),
    )
    .action(async (commandLine: string[], flags: ProxyFlags) => {
      const target = upstreamTarget(commandLine, flags);
      const config = await loadConfig(flags);
      const upstream = await connectUpstream(target, {
        name: `${serverInfo.name}-proxy`,
        version: serverInfo.version,
      });
      const snapshot = snapshotOf(upstream, config, flags, io);
      let scenario: ReturnType<typeof proxyScenario>;
      try {
        scenario = proxyScenario(snapshot, (tool) => upstream.forward(tool), flags.config);
      } catch (error) {
        await upstream.close().catch(() => {});
        throw error;
      }
      io.err(
        `Proxying ${upstream.info.name} ${upstream.info.version}: ${[...scenario.tools.keys()].join(", ") || "no tools"}`,
      );
      // The server stops once the sessions have ended their episodes as `error` on the upstream's
      // loss (their listeners run as the loss is signalled; this runs after them).
      const stopWhen = new AbortController();
      upstream.gone.addEventListener("abort", () => setImmediate(() => stopWhen.abort(upstream.gone.reason)));
      await startServing(
        flags,
        { catalogue: new Catalogue([scenario]), defaultId: scenario.id, suite: false },
        io,
        (stop, endsWithStdin) =>
          onRunning(
            async (why) => {
              await stop(why);
              await upstream.close().catch(() => {});
            },
            endsWithStdin,
            stopWhen.signal,
          ),
        {
          headerOptions: { proxy: snapshot as unknown as JsonValue },
          stopSignal: upstream.gone,
          republish: (mcp) => upstream.republish(mcp),
        },
      );
      upstream.gone.addEventListener("abort", () =>
        io.err(
          `error [UPSTREAM_GONE]: ${String((upstream.gone.reason as Error)?.message ?? upstream.gone.reason)}; stopping.`,
        ),
      );
    });
}

/** The upstream's tools (only the read-only ones with --read-only), and the config with --latency. */
function snapshotOf(upstream: Upstream, config: ProxyConfig, flags: ProxyFlags, io?: Output): ProxySnapshot {
  const tools = flags.readOnly
    ? upstream.tools.filter((tool) => tool.annotations?.readOnlyHint === true)
    : upstream.tools;
  const left = upstream.tools.filter((tool) => !tools.includes(tool)).map((tool) => tool.name);
  if (io && left.length > 0) io.err(`--read-only: not publishing ${left.join(", ")} (not marked read-only)`);
  return {
    upstream: upstream.info,
    config:
      flags.latency === undefined
        ? config
        : { ...config, latency: { "*": flags.latency, ...config.latency } },
    tools,
  };
}

function upstreamTarget(commandLine: readonly string[], flags: ProxyFlags): UpstreamTarget {
  if (flags.upstream && commandLine.length > 0) {
    throw new AsyncToolError(
      "USAGE",
      "Give the upstream either as a command after `--` or as --upstream URL, not both.",
    );
  }
  if (flags.upstream) {
    let url: URL;
    try {
      url = new URL(flags.upstream);
    } catch {
      throw new AsyncToolError(
        "USAGE",
        `--upstream ${flags.upstream} is not a URL; give the server's full http(s) address, e.g. http://127.0.0.1:3000/mcp.`,
      );
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new AsyncToolError("USAGE", `--upstream ${flags.upstream} is not an http(s) URL.`);
    return { kind: "http", url, headers: upstreamHeaders(flags.header) };
  }
  if (flags.header.length > 0)
    throw new AsyncToolError(
      "USAGE",
      "--header goes to an HTTP upstream (--upstream URL); a command upstream takes its settings from its own arguments and environment.",
    );
  const [command, ...args] = commandLine;
  if (!command) {
    throw new AsyncToolError(
      "USAGE",
      "Name the server to delay: `asynctool proxy -- <command> [args...]` (stdio) or `asynctool proxy --upstream URL` (Streamable HTTP).",
    );
  }
  // The upstream gets this process's environment, as it would from a shell (its API keys...).
  const childEnv = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return { kind: "stdio", command, args, env: childEnv };
}

/** `Name: value` headers, and the bearer token from the environment; a malformed one is a usage error. */
function upstreamHeaders(given: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const header of given) {
    const at = header.indexOf(":");
    const name = at > 0 ? header.slice(0, at).trim() : "";
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
      throw new AsyncToolError(
        "USAGE",
        `--header ${JSON.stringify(header.split(":")[0])}…: give it as "Name: value", e.g. --header "X-Api-Key: 123".`,
      );
    }
    headers[name] = header.slice(at + 1).trim();
  }
  const token = env[UPSTREAM_TOKEN_VARIABLE];
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}

async function loadConfig(flags: ProxyFlags): Promise<ProxyConfig> {
  if (!flags.config) return parseProxyConfig({});
  let text: string;
  try {
    text = await readFile(flags.config, "utf8");
  } catch (error) {
    throw new AsyncToolError(
      "PROXY_CONFIG_INVALID",
      `--config ${flags.config} cannot be read (${(error as Error).message}); check the path.`,
      { where: flags.config },
    );
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new AsyncToolError(
      "PROXY_CONFIG_INVALID",
      `${flags.config} is not valid YAML or JSON: ${(error as Error).message.split("\n")[0]}`,
      { where: flags.config },
    );
  }
  return parseProxyConfig(raw, flags.config);
}

function parseLatency(value: string): LatencySpec {
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    raw = undefined;
  }
  const parsed = latencySpecSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AsyncToolError(
      "USAGE",
      `--latency ${value} is not a latency: give a number of units (--latency 3) or one of the forms of docs/scenario-format.md as JSON, e.g. '{"uniform":{"min":2,"max":6}}'.`,
    );
  }
  return parsed.data;
}
