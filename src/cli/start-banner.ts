import { resolve } from "node:path";
import { packageRoot, serverInfo } from "../paths.js";
import { inspectorListTools } from "./inspector-command.js";

/** What the HTTP start-up banner is built from. */
export interface BannerInput {
  /** The URL the server listens on, as the transport reports it (`http://0.0.0.0:3000/mcp` when bound to every interface). */
  readonly url: string;
  /** The address the server was bound to (`--host`). */
  readonly host: string;
  /** `--allowed-hosts`, or undefined for the default (loopback names). */
  readonly allowedHosts: readonly string[] | undefined;
  /** Whether a bearer token is required. */
  readonly auth: boolean;
  readonly scenario: string | undefined;
  readonly scenarioCount: number;
  readonly recordings: string | null;
  /** `--shared-episode`: every connection joins one episode. */
  readonly sharedEpisode: boolean;
}

const WILDCARDS = new Set(["0.0.0.0", "::", "[::]"]);
const LOOPBACK_DEFAULTS = ["127.0.0.1", "localhost", "::1"];
/** The names a banner prefers, when the server is bound to every interface: reachable from here. */
const PREFERRED = ["127.0.0.1", "localhost", "::1"];

const bare = (host: string): string => host.replace(/^\[|\]$/g, "");
const forUrl = (host: string): string => (host.includes(":") ? `[${host}]` : host);

/**
 * The host a client must put in the URL for the server to accept it: the Host header check
 * refuses any name not in --allowed-hosts, so a server bound to 0.0.0.0 is reached under an
 * allowed name (a loopback one when there is one), never under 0.0.0.0 itself.
 */
export function reachableHost(
  host: string,
  allowedHosts: readonly string[] | undefined,
): {
  readonly host: string;
  readonly accepted: boolean;
} {
  const allowed = (allowedHosts ?? LOOPBACK_DEFAULTS).map(bare);
  if (allowed.includes(bare(host))) return { host: bare(host), accepted: true };
  if (WILDCARDS.has(host)) {
    const chosen = PREFERRED.find((name) => allowed.includes(name)) ?? allowed[0];
    if (chosen !== undefined) return { host: chosen, accepted: true };
  }
  return { host: bare(host), accepted: false };
}

/** The URL to print: the listening URL with the host a client must use. */
export function publicUrl(url: string, host: string, allowedHosts: readonly string[] | undefined): string {
  const parsed = new URL(url);
  parsed.hostname = forUrl(reachableHost(host, allowedHosts).host);
  return parsed.toString();
}

/** The banner `serve --transport http` prints on stderr: where it listens and how to connect. */
export function startBanner(input: BannerInput): string {
  const url = publicUrl(input.url, input.host, input.allowedHosts);
  const { accepted } = reachableHost(input.host, input.allowedHosts);
  const cli = resolve(packageRoot, "dist", "cli.js");
  const desktop = JSON.stringify(
    { mcpServers: { asynctool: { command: "node", args: [cli, "serve"] } } },
    null,
    2,
  );
  // The token itself is never printed (a banner ends up in logs): the commands read it from the
  // variable the server also reads, which the user sets in their own shell.
  const header = input.auth ? ` --header "Authorization: Bearer $ASYNCTOOL_AUTH_TOKEN"` : "";
  const what = input.scenario ? `scenario ${input.scenario}` : `${input.scenarioCount} scenarios in turn`;
  return [
    `asynctool-mcp ${serverInfo.version} serving ${what} at ${url}`,
    ...(WILDCARDS.has(input.host)
      ? [`(bound to ${input.host}: every interface; clients use an allowed host name)`]
      : []),
    ...(accepted
      ? []
      : [
          `Warning: ${input.host} is not in --allowed-hosts, so requests to ${url} get 403 Invalid Host: add it to --allowed-hosts.`,
        ]),
    ...(input.auth
      ? [
          "Requests need the header `Authorization: Bearer <token>`, with the token of ASYNCTOOL_AUTH_TOKEN or --auth-token.",
        ]
      : []),
    `Recordings: ${input.recordings ?? "in memory only"}. Health: ${new URL("/healthz", url)}. Stop with Ctrl-C.`,
    "",
    "Connect the MCP Inspector (Node 22.19 or later):",
    `  ${inspectorListTools(url)}${header}`,
    input.sharedEpisode
      ? "  (every connection joins one episode: the README's Inspector walkthrough plays it call by call)"
      : "  (each CLI call is a new session, so a new episode: serve with --shared-episode to play one episode call by call)",
    "Connect Claude Code:",
    `  claude mcp add --transport http asynctool ${url}${header}`,
    "A 2026-07-28 client (no sessions): create an episode, then connect to the URL it answers:",
    `  curl -X POST${input.auth ? ` -H "Authorization: Bearer $ASYNCTOOL_AUTH_TOKEN"` : ""} ${new URL("/episodes", url)}`,
    "Claude Desktop (claude_desktop_config.json, stdio):",
    desktop.replace(/^/gm, "  "),
    "Score the recordings afterwards:",
    `  node ${JSON.stringify(cli)} report${input.recordings ? ` ${JSON.stringify(input.recordings)}` : ""}`,
    "",
  ].join("\n");
}
