import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  type CallToolResult,
  ErrorCode,
  McpError,
  type Prompt,
  type Resource,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { AsyncToolError } from "../errors.js";
import type { JsonObject, JsonValue } from "../json.js";
import { publishedName, type UpstreamTool } from "../scenarios/proxy-scenario.js";
import type { Forward, ForwardOutcome } from "../scenarios/scenario.js";

/**
 * The proxy's connection to the server it delays (the upstream): started as a child process over
 * stdio, or reached over Streamable HTTP. It lists what the upstream offers and forwards calls.
 * Headers (a bearer token...) go to the upstream only; nothing here writes them anywhere.
 */

export type UpstreamTarget =
  | {
      readonly kind: "stdio";
      readonly command: string;
      readonly args: readonly string[];
      readonly env?: Record<string, string>;
      readonly cwd?: string;
    }
  | { readonly kind: "http"; readonly url: URL; readonly headers: Readonly<Record<string, string>> };

/**
 * Longest a forwarded call may take. The SDK's default (60 s) would cut slow tools short, which
 * is the very case the proxy is for; progress notifications from the upstream reset it.
 */
const FORWARD_TIMEOUT_MS = 30 * 60_000;

export interface Upstream {
  readonly info: { readonly name: string; readonly version: string };
  /** The upstream's tools, named as the proxy publishes them. */
  readonly tools: readonly UpstreamTool[];
  /** Aborted when the upstream's connection closes (the process exited, the server went away). */
  readonly gone: AbortSignal;
  readonly client: Client;
  /** Publishes the upstream's resources and prompts on a session's server, read through to it. */
  republish(mcp: McpServer): void;
  /** The forwarding function of one of its tools. */
  forward(tool: UpstreamTool): Forward;
  close(): Promise<void>;
}

/** Connects to the upstream and lists its tools; throws UPSTREAM_UNAVAILABLE when it cannot. */
export async function connectUpstream(
  target: UpstreamTarget,
  identity: { name: string; version: string },
): Promise<Upstream> {
  const client = new Client(identity);
  const transport: Transport =
    target.kind === "stdio"
      ? new StdioClientTransport({
          command: target.command,
          args: [...target.args],
          ...(target.env ? { env: target.env } : {}),
          ...(target.cwd ? { cwd: target.cwd } : {}),
          stderr: "inherit",
        })
      : new StreamableHTTPClientTransport(target.url, { requestInit: { headers: { ...target.headers } } });
  const where = target.kind === "stdio" ? [target.command, ...target.args].join(" ") : target.url.href;
  const lost = new AbortController();
  try {
    await client.connect(transport);
  } catch (error) {
    await client.close().catch(() => {});
    throw unavailable(where, error);
  }
  let closing = false;
  client.onclose = () => {
    if (closing) return;
    // The SDK fails the calls in flight right after this: let their jobs record that first. The
    // reason ends the episode in its recording, so it names the server as it introduced itself,
    // never its command line or URL (either may carry a secret).
    const name = client.getServerVersion()?.name ?? "the upstream";
    setImmediate(() =>
      lost.abort(new Error(`the upstream server ${JSON.stringify(name)} closed its connection`)),
    );
  };
  let tools: UpstreamTool[];
  try {
    tools = (await listAllTools(client)).map((tool) => ({
      name: publishedName(tool.name),
      upstreamName: tool.name,
      ...(tool.title ? { title: tool.title } : {}),
      description: tool.description ?? tool.title ?? tool.name,
      inputSchema: tool.inputSchema as JsonObject,
      ...(tool.annotations ? { annotations: tool.annotations as JsonObject } : {}),
    }));
  } catch (error) {
    await client.close().catch(() => {});
    throw unavailable(where, error);
  }
  const version = client.getServerVersion();
  const offers = client.getServerCapabilities() ?? {};
  // Resources and prompts are passed through as they are: not delayed, not recorded.
  const resources = offers.resources
    ? await listAll((cursor) => client.listResources(cursor), "resources").catch(() => [])
    : [];
  const prompts = offers.prompts
    ? await listAll((cursor) => client.listPrompts(cursor), "prompts").catch(() => [])
    : [];
  return {
    info: { name: version?.name ?? "upstream", version: version?.version ?? "unknown" },
    tools,
    gone: lost.signal,
    client,
    republish: (mcp) => {
      for (const resource of resources as Resource[]) {
        // An upstream resource at one of the proxy's own URIs (an asynctool upstream) stays unpublished.
        if (resource.uri.startsWith("asynctool://")) continue;
        mcp.registerResource(
          `upstream:${resource.name}`,
          resource.uri,
          {
            ...(resource.title ? { title: resource.title } : {}),
            ...(resource.description ? { description: resource.description } : {}),
            ...(resource.mimeType ? { mimeType: resource.mimeType } : {}),
          },
          (uri) => client.readResource({ uri: uri.href }),
        );
      }
      for (const prompt of prompts as Prompt[]) {
        const shape = Object.fromEntries(
          (prompt.arguments ?? []).map((arg) => [
            arg.name,
            arg.required ? z.string().describe(arg.description ?? arg.name) : z.string().optional(),
          ]),
        );
        mcp.registerPrompt(
          publishedPromptName(prompt.name),
          {
            ...(prompt.title ? { title: prompt.title } : {}),
            ...(prompt.description ? { description: prompt.description } : {}),
            argsSchema: shape,
          },
          (args: Record<string, string | undefined>) =>
            client.getPrompt({
              name: prompt.name,
              arguments: Object.fromEntries(
                Object.entries(args ?? {}).filter(
                  (entry): entry is [string, string] => entry[1] !== undefined,
                ),
              ),
            }),
        );
      }
    },
    forward: (tool) => async (args, signal) => {
      try {
        const result = (await client.callTool({ name: tool.upstreamName, arguments: args }, undefined, {
          signal,
          timeout: FORWARD_TIMEOUT_MS,
          resetTimeoutOnProgress: true,
        })) as CallToolResult;
        return outcomeOf(result);
      } catch (error) {
        return failureOf(tool, error);
      }
    },
    close: () => {
      // Closed by the proxy itself (it is stopping): not a loss.
      closing = true;
      return client.close();
    },
  };
}

/** The proxy's own prompt keeps its name; an upstream prompt of the same name gets a prefix. */
function publishedPromptName(name: string): string {
  return name === "episode_brief" ? "upstream_episode_brief" : name;
}

async function listAll<T>(
  page: (params: {
    cursor?: string;
  }) => Promise<Record<string, unknown> & { nextCursor?: string | undefined }>,
  key: string,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const answer = await page(cursor ? { cursor } : {});
    items.push(...((answer[key] as T[] | undefined) ?? []));
    cursor = answer.nextCursor;
  } while (cursor);
  return items;
}

async function listAllTools(client: Client) {
  const tools = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

/**
 * An upstream answer as a job's outcome: its structured content, else its text, else its content
 * items as they are; an error result becomes UPSTREAM_TOOL_ERROR with the upstream's own text.
 */
export function outcomeOf(result: CallToolResult): ForwardOutcome {
  const content = result.content ?? [];
  const texts = content.flatMap((item) => (item.type === "text" ? [item.text] : []));
  if (result.isError === true) {
    return {
      error: {
        code: "UPSTREAM_TOOL_ERROR",
        message: texts.join("\n") || "The upstream tool reported an error without a message.",
        retryable: false,
      },
    };
  }
  if (result.structuredContent !== undefined) return { result: result.structuredContent as JsonValue };
  if (texts.length === content.length) return { result: texts.join("\n") };
  return { result: content as unknown as JsonValue };
}

function failureOf(tool: UpstreamTool, error: unknown): ForwardOutcome {
  if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed) {
    return {
      error: {
        code: "UPSTREAM_GONE",
        message: `The upstream server closed its connection while ${tool.name} was running; the episode cannot go on.`,
        retryable: false,
      },
    };
  }
  return {
    error: {
      code: "UPSTREAM_TOOL_ERROR",
      message: `The upstream server refused ${tool.name}: ${(error as Error)?.message ?? String(error)}`,
      retryable: false,
    },
  };
}

function unavailable(where: string, error: unknown): AsyncToolError {
  return new AsyncToolError(
    "UPSTREAM_UNAVAILABLE",
    `The upstream server ${where} could not be reached or listed (${(error as Error)?.message ?? String(error)}). Check the command or URL, and that it speaks MCP (stdio, or Streamable HTTP at that URL).`,
  );
}
