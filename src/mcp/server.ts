import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import {
  type CallToolRequest,
  type CallToolResult,
  ListToolsRequestSchema,
  type LoggingLevel,
  type ProgressToken,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { Scenario } from "../scenarios/scenario.js";
import { episodeBrief } from "./brief.js";
import { appToolMeta, registerEpisodeApp } from "./episode-app.js";
import { type CallExtras, EpisodeSession, type SessionOptions } from "./episode-session.js";
import { LooseSetLevelRequestSchema, passes, requestedLevel } from "./log-level.js";
import { admitResourceRead, readJobResource } from "./resource-reads.js";
import { sharedSchemaValidator } from "./schema-validator.js";
import {
  installTaskHandlers,
  servesTasks,
  TASKS_CAPABILITY,
  type TaskRoutes,
  toolExecution,
} from "./tasks.js";
import { setToolsCallHandler } from "./tools-call-handler.js";

export interface EpisodeServer {
  readonly mcp: McpServer;
  readonly session: EpisodeSession;
  /**
   * Ends the episode and resolves once every call in flight has been answered and recorded
   * (the recording then closes with `status`): a transport may close after this without
   * leaving a request unanswered. A shared episode only ends when the server shuts down.
   */
  end(status?: CloseStatus, reason?: string): Promise<void>;
  /** Ends the episode as `end` does, then closes the MCP connection. */
  close(status?: CloseStatus, reason?: string): Promise<void>;
}

type CloseStatus = "disconnected" | "interrupted" | "error";

export const BRIEF_URI = "asynctool://episode/brief";

/** The job resources' template, parsed once: a template only reads its parts. */
const JOB_URI_TEMPLATE = new UriTemplate("asynctool://jobs/{job_id}");

/**
 * tools/call registered with a loose schema. The SDK parses a handler's own schema before its
 * tools/call check, so with CallToolRequestSchema here, params it rejects (arguments that are not
 * an object, a name that is not a string) came back as an internal error
 * (JSONRPC.INTERNAL_ERROR) with zod's dump; with this one, the SDK's check answers them as
 * invalid params (JSONRPC.INVALID_PARAMS).
 */
const LooseCallToolRequestSchema = z.object({
  method: z.literal("tools/call"),
  params: z.unknown().optional(),
});

/**
 * A factory: one MCP server per session, publishing one episode. Nothing happens until a
 * transport connects; the episode (and its clock and recording) starts when the client has
 * initialized, so the client's name is in the recording's header.
 */
export function createEpisodeServer(
  options: SessionOptions,
  shared?: EpisodeSession,
  nextEpisode?: NextEpisode,
): EpisodeServer {
  // A shared session outlives this connection: clients that connect once per call share one episode.
  let session = shared ?? new EpisodeSession(options);
  // Episodes of a series that have ended but may still be recording their calls in flight.
  const previous = new Set<EpisodeSession>();
  const { scenario } = options;
  const tasks = servesTasks(options);
  const mcp = new McpServer(options.server, {
    // A series announces a new episode's tools when they differ from the last one's.
    capabilities: {
      tools: { listChanged: nextEpisode !== undefined },
      logging: {},
      prompts: {},
      resources: {},
      ...(tasks ? { tasks: TASKS_CAPABILITY } : {}),
    },
    instructions: briefWithoutEpisode(session) + (nextEpisode ? `\n${SERIES_NOTE}` : ""),
    // Not one Ajv per session (schema-validator.ts).
    jsonSchemaValidator: sharedSchemaValidator,
  });

  let logLevel: LoggingLevel | undefined;
  const listenForNotices = (s: EpisodeSession) =>
    s.onNotice((jobId, text) => {
      if (!passes("info", logLevel)) return;
      mcp.server
        .sendLoggingMessage({
          level: "info",
          logger: "asynctool.jobs",
          data: { job_id: jobId, message: text },
        })
        .catch(() => {});
    });
  listenForNotices(session);

  /**
   * The session a request is for. In a series, once the episode has ended the next request
   * begins the next episode: a new session (and recording), with this client's identity.
   */
  const current = (): EpisodeSession => {
    if (!nextEpisode || !session.started || !session.episode.ended) return session;
    const ended = session;
    previous.add(ended);
    void ended.closed().then(() => previous.delete(ended));
    session = new EpisodeSession(nextEpisode(ended.options));
    session.setClient(mcp.server.getClientVersion() ?? null);
    listenForNotices(session);
    if (toolNames(ended) !== toolNames(session)) mcp.server.sendToolListChanged().catch(() => {});
    return session;
  };

  // MCP Tasks (--mode tasks): tasks/* on the episode's jobs (src/mcp/tasks.ts).
  const taskRoutes: TaskRoutes | undefined = tasks
    ? installTaskHandlers(mcp.server, () => current())
    : undefined;

  mcp.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: toolList(current()) }));
  // Not async: an answer the session gives at once (an instant job, check_job) goes back to the
  // SDK in the same turn, without a promise and a microtask hop of its own. The SDK's checks
  // around it are its own but for one: an answer of the plain shape is not copied by zod
  // (tools-call-handler.ts).
  setToolsCallHandler(mcp.server, LooseCallToolRequestSchema, (loose, extra) => {
    // The SDK's own tools/call check has run before this (see LooseCallToolRequestSchema).
    const request = loose as unknown as CallToolRequest;
    const token = request.params._meta?.progressToken;
    const s = current();
    // No closure here: one would make V8 allocate this handler's captured variables in a context
    // on every call. Without a progress token there is nothing to send (the tools then get the
    // session's no-op).
    const extras: CallExtras =
      token === undefined
        ? { signal: extra.signal }
        : { signal: extra.signal, progress: progressSender(extra, token) };
    // A task-augmented call (the SDK lets it through only when TASKS_CAPABILITY is advertised).
    if (request.params.task !== undefined && taskRoutes)
      return taskRoutes.create(s, request.params.name, request.params.arguments ?? {}, extras);
    const answered = s.call(request.params.name, request.params.arguments ?? {}, extras);
    return nextEpisode ? withNextEpisodeNote(s, answered) : answered;
  });

  mcp.server.oninitialized = () => {
    session.setClient(mcp.server.getClientVersion() ?? null);
    try {
      session.start();
    } catch (error) {
      // The recording cannot be opened: the first tool call reports it to the agent.
      options.logger?.error({ err: (error as Error).message }, "episode could not start");
    }
  };
  mcp.server.setRequestHandler(LooseSetLevelRequestSchema, (request) => {
    logLevel = requestedLevel(request.params);
    return {};
  });

  mcp.registerPrompt(
    "episode_brief",
    {
      title: "Episode brief",
      description: `The tasks of episode ${scenario.id} and how its slow tools deliver results.`,
    },
    () => ({
      messages: [{ role: "user", content: { type: "text", text: episodeBrief(current().episode) } }],
    }),
  );
  mcp.registerResource(
    "episode-brief",
    BRIEF_URI,
    {
      title: "Episode brief",
      description: "The episode's tasks and how its tools work.",
      mimeType: "text/plain",
    },
    (uri) => {
      const s = current();
      admitResourceRead(s, uri.href);
      return { contents: [{ uri: uri.href, mimeType: "text/plain", text: episodeBrief(s.episode) }] };
    },
  );
  mcp.registerResource(
    "job",
    new ResourceTemplate(JOB_URI_TEMPLATE, {
      list: () => ({
        resources: current().started
          ? session.episode.jobs().map((job) => ({
              uri: `asynctool://jobs/${job.id}`,
              name: `${job.tool} ${job.id}`,
              mimeType: "application/json",
            }))
          : [],
      }),
    }),
    {
      title: "Job",
      description: "One job of this session: its status, and its result once done.",
      mimeType: "application/json",
    },
    (uri, variables) => readJobResource(current(), uri, String(variables.job_id)),
  );

  options.republish?.(mcp);

  // `serve --app`: the episode as an MCP App page, linked from the tools that look at the jobs.
  // It reads the latest session, not `current()`: a read of the app's must never begin the next
  // episode of a series, or the page would lose the ended one before showing its answers.
  if (options.app) registerEpisodeApp(mcp, options.app, () => session);

  // The SDK marks tools.listChanged true as it registers the tools; only a series ever sends
  // notifications/tools/list_changed, so a single episode does not advertise it.
  mcp.server.registerCapabilities({ tools: { listChanged: nextEpisode !== undefined } });

  let closed = false;
  mcp.server.onclose = () => {
    if (!shared) session.close("disconnected", "the client closed the connection");
  };
  const end = async (status: CloseStatus = "interrupted", reason = "the server shut down") => {
    if (shared && status !== "interrupted") return;
    session.close(status, reason);
    await Promise.all([session.closed(), ...[...previous].map((s) => s.closed())]);
    // The SDK sends a handler's answer a few promise turns after the handler returns.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    mcp,
    get session() {
      return session;
    },
    end,
    async close(status = "interrupted", reason = "the server shut down") {
      if (closed) return;
      closed = true;
      await end(status, reason);
      await mcp.close();
    },
  };
}

type RequestExtra = Parameters<Parameters<McpServer["server"]["setRequestHandler"]>[1]>[1];

/** The call's `progress`: notifications/progress with the client's token. */
function progressSender(extra: RequestExtra, token: ProgressToken): NonNullable<CallExtras["progress"]> {
  return (progress, total, message) => {
    extra
      .sendNotification({
        method: "notifications/progress",
        params: {
          progressToken: token,
          progress,
          ...(total !== undefined ? { total } : {}),
          ...(message ? { message } : {}),
        },
      })
      .catch(() => {});
  };
}

/**
 * The answer that ended an episode of a series says what comes next (not recorded: the
 * recording holds the structured result, which is the same as in a single episode).
 */
function withNextEpisodeNote(
  s: EpisodeSession,
  answered: CallToolResult | Promise<CallToolResult>,
): CallToolResult | Promise<CallToolResult> {
  const next = (result: CallToolResult): CallToolResult =>
    s.started && s.episode.ended && result.isError !== true
      ? { ...result, content: [...result.content, { type: "text" as const, text: NEXT_EPISODE_NOTE }] }
      : result;
  return answered instanceof Promise ? answered.then(next) : next(answered);
}

/**
 * The next episode of a series (a stdio server plays episode after episode): the options of the
 * episode that follows `previous`, with a session id of its own.
 */
export type NextEpisode = (previous: SessionOptions) => SessionOptions;

/** Told at initialize by a server that serves a series of episodes. */
export const SERIES_NOTE =
  "This server serves episode after episode: when this episode ends, your next tool call starts a new one, with new tasks. Call list_tasks then to read them.";

/** Added to the answer that ended an episode of a series. */
export const NEXT_EPISODE_NOTE =
  "This episode is over. Your next tool call starts a new episode with new tasks: call list_tasks first to read them.";

/**
 * What tools/list answers, by scenario, then by what else it depends on (Tasks, the app): the
 * same for every session of a server, so made once rather than once per session.
 */
const toolLists = new WeakMap<Scenario, Map<string, Tool[]>>();

export function toolList(session: EpisodeSession): Tool[] {
  let lists = toolLists.get(session.options.scenario);
  if (!lists) {
    lists = new Map();
    toolLists.set(session.options.scenario, lists);
  }
  const key = `${servesTasks(session.options)} ${Boolean(session.options.app)}`;
  const made = lists.get(key);
  if (made) return made;
  const tools = [...session.tools.values()].map((tool) => ({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: tool.inputSchema as Tool["inputSchema"],
    outputSchema: tool.outputSchema as Tool["outputSchema"],
    annotations: tool.annotations,
    ...toolExecution(session, tool.name),
    ...appToolMeta(session, tool.name),
  }));
  lists.set(key, tools);
  return tools;
}

function toolNames(session: EpisodeSession): string {
  return [...session.tools.keys()].sort().join(",");
}

/** Briefs made before an episode exists, by scenario, then by mode, clock and era. */
const briefs = new WeakMap<Scenario, Map<string, string>>();

/**
 * Instructions are sent at initialize, before the episode exists: the brief from the scenario.
 * It depends only on the scenario, the mode, the clock and the era, so it is made once per
 * combination rather than once per session.
 */
export function briefWithoutEpisode(session: EpisodeSession, era = session.options.era): string {
  const o = session.options;
  const mode = o.mode ?? o.scenario.mode;
  const clock = o.clock ?? o.scenario.clock;
  let made = briefs.get(o.scenario);
  if (!made) {
    made = new Map();
    briefs.set(o.scenario, made);
  }
  const key = `${mode} ${clock} ${era ?? ""}`;
  let brief = made.get(key);
  if (brief === undefined) {
    brief = episodeBrief({ scenario: o.scenario, mode, clockKind: clock }, era);
    made.set(key, brief);
  }
  return brief;
}
