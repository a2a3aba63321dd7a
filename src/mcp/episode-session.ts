import { join } from "node:path";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "pino";
import { type RealTime, systemRealTime } from "../engine/clock.js";
import { Episode } from "../engine/episode.js";
import { isFinal, type Job } from "../engine/job.js";
import type { ClockKind, DeliveryMode, EndStatus } from "../engine/types.js";
import { AsyncToolError, messageOf } from "../errors.js";
import type { JsonValue } from "../json.js";
import { RECORDING_BUDGET_DEFAULT, recordingFailureReason } from "../recorder/budget.js";
import { recordEpisode, recordingHeader } from "../recorder/episode-recorder.js";
import { recordingFileName } from "../recorder/file-name.js";
import type { EventInput, ResponseEvent } from "../recorder/format.js";
import { isPlainJson } from "../recorder/lean-schemas.js";
import { type LiveRecording, LiveRecordings } from "../recorder/live-recordings.js";
import { MemoryRecordingWriter } from "../recorder/memory-writer.js";
import type { RecordingSink } from "../recorder/sink.js";
import {
  createRecordingFile,
  discardRecordingFile,
  openRecordingWriter,
  type RecordingIo,
} from "../recorder/writer.js";
import type { Scenario } from "../scenarios/scenario.js";
import { MAX_ARGUMENT_DEPTH, nestedDeeperThan } from "./argument-depth.js";
import type { ProtocolEra } from "./brief.js";
import { ERROR_META_KEY, type ErrorMeta } from "./error-meta.js";
import type { JobDirectory } from "./job-directory.js";
import { RateLimiter } from "./rate-limiter.js";
import { scenarioToolDefinition } from "./scenario-tool.js";
import type { SessionSettings, ToolContext, ToolDefinition, ToolOutcome } from "./tool-definition.js";
import { jobTools } from "./tools/index.js";

export interface SessionOptions {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly mode?: DeliveryMode;
  readonly clock?: ClockKind;
  readonly timeScale?: number;
  /** Where recordings go; null keeps them in memory only. */
  readonly recordingsDir: string | null;
  readonly server: { readonly name: string; readonly version: string };
  /** The MCP session id (HTTP), or a generated one (stdio, in memory). */
  readonly sessionId: string;
  /** The protocol revision its client speaks (default 2025-11-25): the brief's Tasks wording follows it. */
  readonly era?: ProtocolEra;
  readonly settings?: Partial<SessionSettings>;
  /** Send a logging notification when a job ends (for clients that listen). */
  readonly notices?: boolean;
  readonly logger?: Logger;
  readonly realTime?: RealTime;
  readonly newJobId?: () => string;
  /** Extra facts for the recording header (runner, model...). */
  readonly headerOptions?: Record<string, JsonValue>;
  /** Server-wide limits on a session. */
  readonly limits?: SessionLimits;
  /**
   * The jobs of the server's other sessions (HTTP, one episode per session): a call naming one
   * of them is still JOB_NOT_FOUND, with a message that says why and names --shared-episode.
   */
  readonly jobDirectory?: JobDirectory;
  /** The recording file's writing functions (tests count or fail writes with it); node:fs by default. */
  readonly recordingIo?: RecordingIo;
  /** Where the recording is shown while it is written (the dashboard); none by default. */
  readonly live?: LiveRecordings;
  /**
   * Something the episode depends on is lost (the proxy's upstream server): when aborted, the
   * episode ends as `error` with the signal's reason, and is recorded so.
   */
  readonly stopSignal?: AbortSignal;
  /** Publishes more on the session's MCP server (the proxy: its upstream's resources and prompts). */
  readonly republish?: (mcp: McpServer) => void;
  /** The episode as an MCP App (`serve --app`); none by default. */
  readonly app?: EpisodeApp;
}

/**
 * The episode as an MCP App page (`serve --app`), drawn from the recording so far. Injected,
 * since drawing is the dashboard's, not MCP's.
 */
export interface EpisodeApp {
  /** The page the host shows (ui://asynctool/episode): the session so far, and the script that follows it. */
  page(recording: LiveRecording | undefined): string;
  /** What the page redraws itself from (asynctool://episode/view), as JSON text. */
  view(recording: LiveRecording | undefined): string;
}

export interface SessionLimits {
  /** Jobs a session may start (the scenario's own cap applies when lower). */
  readonly maxJobs?: number;
  /** Tool calls per second a session may make; more are refused with RATE_LIMITED. */
  readonly maxCallsPerSecond?: number;
  /** Bytes its recording may take (default RECORDING_BUDGET_DEFAULT); past it the episode ends `error`. */
  readonly maxRecordingBytes?: number;
}

export const DEFAULT_SETTINGS: SessionSettings = {
  maxResultChars: 16_000,
  waitCapMs: 25_000,
  inlineMs: 0,
  progressEveryMs: 5_000,
};

export interface CallExtras {
  readonly signal: AbortSignal;
  /** Sends a progress notification for this call (no-op without a progress token). */
  readonly progress?: (progress: number, total?: number, message?: string) => void;
  /** The call came through MCP Tasks (src/mcp/tasks.ts): its request is recorded with `via`. */
  readonly via?: "tasks";
  /** Rewrites an error of the call before it is recorded and answered (tasks name their own codes). */
  readonly mapError?: (error: AsyncToolError) => AsyncToolError | undefined;
}

/** The tools of each scenario, built once: a definition holds no session state. */
const toolsByScenario = new WeakMap<Scenario, ReadonlyMap<string, ToolDefinition>>();

/**
 * A scenario's tools and the job tools, by name. Every session of a server opens on the same
 * scenario object, so building them per session (a definition, a title and annotations per
 * tool) only made garbage for the collector that times the jobs' timers.
 */
function toolsOf(scenario: Scenario): ReadonlyMap<string, ToolDefinition> {
  let tools = toolsByScenario.get(scenario);
  if (!tools) {
    const own = [...scenario.tools.values()].map(scenarioToolDefinition);
    tools = new Map([...own, ...jobTools].map((tool) => [tool.name, tool]));
    toolsByScenario.set(scenario, tools);
  }
  return tools;
}

/**
 * One MCP session's episode and the recording seam: every tools/call goes through `callTool`,
 * which advances the clock, records the request, runs the tool, records the response (with the
 * jobs whose output it delivered) and only then answers. Agent-caused errors become tool results
 * with isError; nothing the agent does can throw out of here.
 */
export class EpisodeSession {
  readonly options: SessionOptions;
  readonly settings: SessionSettings;
  readonly tools: ReadonlyMap<string, ToolDefinition>;
  private episodeValue: Episode | undefined;
  private sinkValue: RecordingSink | undefined;
  private liveValue: LiveRecording | undefined;
  private startedAtValue: Date | undefined;
  private calls = 0;
  private client: { name: string; version: string } | null = null;
  private readonly noticeListeners = new Set<(jobId: string, text: string) => void>();
  private readonly rateLimiter: RateLimiter | undefined;
  /** The app page's own budget of reads: what the app reads never takes one of the agent's calls. */
  private readonly appRateLimiter: RateLimiter | undefined;
  /** Reads of the app's resources, noted once before the end line (see `countAppRead`). */
  private appReads = 0;
  /** Calls between their arrival and their recorded response. */
  private inFlight = 0;
  /** The episode's end, while calls in flight are still being recorded. */
  private pendingEnd: { status: EndStatus; reason: string | undefined } | null = null;
  private readonly closedListeners: (() => void)[] = [];
  /** Settles when the closed recording is synced and its file closed (see `closed`). */
  private released: Promise<void> | undefined;
  /** Jobs whose final output an answer of this session has carried (a cancelled answer carries none). */
  private readonly deliveredJobs = new Set<string>();
  /** The recording file made ahead of the episode's start (`prepareRecording`), until it starts. */
  private prepared: { readonly fd: number; readonly path: string } | undefined;
  /** `prepareRecording` under way; `discardPrepared` set when its file is no longer wanted. */
  private preparing: Promise<void> | undefined;
  private discardPrepared = false;
  /** Settles when a prepared file the session did not use is closed and removed. */
  private discarded: Promise<void> | undefined;

  constructor(options: SessionOptions) {
    this.options = options;
    const perSecond = options.limits?.maxCallsPerSecond;
    const real = options.realTime ?? systemRealTime;
    this.rateLimiter = perSecond === undefined ? undefined : new RateLimiter(perSecond, () => real.now());
    this.appRateLimiter =
      perSecond === undefined || !options.app ? undefined : new RateLimiter(perSecond, () => real.now());
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
    this.tools = toolsOf(options.scenario);
  }

  /** The episode, started at the latest by the first call: the clock's t0 is the client's start. */
  get episode(): Episode {
    return this.start();
  }

  get sink(): RecordingSink | undefined {
    return this.sinkValue;
  }

  /** The recording so far as the live view holds it (with a dashboard or an app page); else undefined. */
  get liveRecording(): LiveRecording | undefined {
    return this.liveValue;
  }

  /** When the episode started (the recording header's time); undefined before it starts. */
  get startedAt(): Date | undefined {
    return this.startedAtValue;
  }

  get started(): boolean {
    return this.episodeValue !== undefined;
  }

  /** Client identity from initialize, for the recording header. Call before the first tool call. */
  setClient(client: { name: string; version: string } | null): void {
    if (!this.episodeValue) this.client = client;
  }

  onNotice(listener: (jobId: string, text: string) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  /**
   * Creates the recording's file ahead of the episode, in the thread pool: the HTTP transport
   * has its initialize answer wait for it, so the episode's start (at `initialized`, synchronous)
   * writes its header into a file that exists rather than blocking the event loop on the file's
   * creation. Never rejects: if the file cannot be made, `start` tries as it always did and
   * reports the failure. A session that ends without starting removes the empty file (`close`).
   */
  prepareRecording(): Promise<void> {
    const dir = this.options.recordingsDir;
    if (dir === null || this.episodeValue || this.prepared || this.discardPrepared) return Promise.resolve();
    if (this.preparing) return this.preparing;
    // Named at its creation: the header's startedAt stays the episode's start (t0).
    const path = join(dir, recordingFileName(new Date(), this.options.scenario.id, this.options.sessionId));
    this.preparing = createRecordingFile(path).then(
      (fd) => {
        this.preparing = undefined;
        if (!this.discardPrepared) {
          this.prepared = { fd, path };
          return;
        }
        this.discarded = discardRecordingFile(fd, path);
        return this.discarded;
      },
      () => {
        // `start` creates the file itself, and reports why it cannot.
        this.preparing = undefined;
      },
    );
    return this.preparing;
  }

  /** Creates the episode and opens its recording (throws RECORDING_WRITE if the file cannot be created). */
  start(): Episode {
    if (this.episodeValue) return this.episodeValue;
    // A file still being made is left to be removed when it is: the episode makes its own now.
    if (this.preparing) this.discardPrepared = true;
    const o = this.options;
    const episode = new Episode({
      scenario: o.scenario,
      seed: o.seed,
      ...(o.mode ? { mode: o.mode } : {}),
      ...(o.clock ? { clock: o.clock } : {}),
      ...(o.timeScale ? { timeScale: o.timeScale } : {}),
      ...(o.realTime ? { realTime: o.realTime } : {}),
      ...(o.newJobId ? { newJobId: o.newJobId } : {}),
      ...(o.limits?.maxJobs !== undefined ? { maxJobs: o.limits.maxJobs } : {}),
    });
    const startedAt = new Date();
    const header = recordingHeader({
      episode,
      server: o.server,
      session: o.sessionId,
      client: this.client,
      startedAt,
      options: {
        inlineMs: this.settings.inlineMs,
        waitCapMs: this.settings.waitCapMs,
        maxResultChars: this.settings.maxResultChars,
        // The agent under test may see the app's resources: a recording says whether it could.
        ...(o.app ? { app: true } : {}),
        ...o.headerOptions,
      },
    });
    // The app page draws from the recording so far: kept in a registry of its own without a dashboard.
    const live = o.live ?? (o.app ? new LiveRecordings({ keepEnded: 1 }) : undefined);
    // The dashboard watches the events as they are written (the header registers the session).
    const observe = live?.open(header, o.scenario);
    const sinkOptions = {
      header,
      episodeTime: () => episode.now(),
      maxBytes: o.limits?.maxRecordingBytes ?? RECORDING_BUDGET_DEFAULT,
      ...(o.realTime ? { now: () => o.realTime?.now() ?? 0 } : {}),
      ...(observe ? { observe } : {}),
    };
    // By its key, not by a search of every session the registry holds.
    this.liveValue = observe ? live?.get(observe.id) : undefined;
    const sink =
      o.recordingsDir === null
        ? new MemoryRecordingWriter(sinkOptions)
        : openRecordingWriter({
            ...sinkOptions,
            ...(this.takePrepared() ?? {
              path: join(o.recordingsDir, recordingFileName(startedAt, o.scenario.id, o.sessionId)),
            }),
            ...(o.recordingIo ? { io: o.recordingIo } : {}),
            // Group commit: the lines of a call go to the file in one write, which `callTool`
            // flushes right before the answer leaves (see there).
            groupCommit: true,
            onDeferredFailure: (error) => {
              this.reportWriteError(error);
              episode.end("error", recordingFailureReason(error));
            },
          });
    recordEpisode(episode, sink, {
      onEnd: (status, reason) => {
        this.pendingEnd = { status, reason };
        this.closeRecordingIfDrained();
      },
      onWriteError: (error) => this.reportWriteError(error),
    });
    episode.on((event) => {
      if (event.type === "job" && event.job.status === "working")
        o.jobDirectory?.add(event.job.id, o.sessionId);
      if (event.type === "job" && event.job.status !== "working" && o.notices)
        this.notify(event.job.id, event.job.status);
      if (event.type === "end")
        o.logger?.info({ session: o.sessionId, status: event.status, reason: event.reason }, "episode ended");
    });
    this.episodeValue = episode;
    this.sinkValue = sink;
    const stop = o.stopSignal;
    if (stop) {
      const onStop = () => this.close("error", messageOf(stop.reason));
      if (stop.aborted) onStop();
      else {
        stop.addEventListener("abort", onStop, { once: true });
        episode.on((event) => {
          if (event.type === "end") stop.removeEventListener("abort", onStop);
        });
      }
    }
    this.startedAtValue = startedAt;
    o.logger?.info(
      {
        session: o.sessionId,
        scenario: o.scenario.id,
        seed: o.seed,
        mode: episode.mode,
        clock: episode.clockKind,
        recording: sink.path,
      },
      "episode started",
    );
    return episode;
  }

  /**
   * Ends the episode unless it has ended already. Its recording closes once every call in
   * flight is answered and recorded (see `closed`).
   */
  close(status: EndStatus, reason?: string): void {
    if (!this.episodeValue) {
      this.discardPreparedFile();
      return;
    }
    this.episodeValue.end(status, reason);
  }

  /**
   * The prepared file, handed to the writer that takes it over (and removes it if the header
   * cannot be written); until then a start that fails leaves it to `close` to remove.
   */
  private takePrepared(): { readonly fd: number; readonly path: string } | undefined {
    const prepared = this.prepared;
    this.prepared = undefined;
    return prepared;
  }

  /** A session that ends before its episode starts leaves no file: the one prepared is removed. */
  private discardPreparedFile(): void {
    this.discardPrepared = true;
    const prepared = this.prepared;
    if (!prepared) return;
    this.prepared = undefined;
    this.discarded = discardRecordingFile(prepared.fd, prepared.path);
  }

  /**
   * Resolves once the recording is closed: at once if the episode never started, otherwise
   * after the episode ended and the last call in flight was recorded (then the end line).
   */
  closed(): Promise<void> {
    const sink = this.sinkValue;
    if (!sink) {
      // A prepared file being made or removed: gone once this settles.
      if (this.preparing) return this.preparing.then(() => this.closed());
      return this.discarded ?? Promise.resolve();
    }
    if (sink.closed) return this.released ?? sink.released().catch(() => {});
    return new Promise((resolve) => this.closedListeners.push(resolve));
  }

  /**
   * Every tools/call goes through here. The episode stops taking work the moment it ends, but a
   * call already in flight is still answered and recorded: the recording closes (end line)
   * only when the last of them has its response. A call that arrives after the end, while
   * those are drained, is recorded with its EPISODE_OVER answer; one that arrives after the
   * end line is answered EPISODE_OVER and belongs to no episode.
   */
  async callTool(name: string, args: unknown, extras: CallExtras): Promise<CallToolResult> {
    return this.call(name, args, extras);
  }

  /**
   * `callTool` without a promise when the call ran through without awaiting (an instant job,
   * check_job, a handle in async mode): the answer is returned as it is, so the MCP handler hands
   * it on in the same turn, without the promises and microtask hops of three async functions.
   * A call that awaits returns a promise, settled as `callTool`'s.
   */
  call(name: string, args: unknown, extras: CallExtras): CallToolResult | Promise<CallToolResult> {
    this.inFlight += 1;
    // The lines this call queues while it runs through are written by its answer's flush: the
    // recording's safety net need not schedule a turn of the event loop for them. (The first
    // call of a session opens the recording, and does without.)
    const held = this.sinkValue;
    held?.holdFlush();
    let ran: CallToolResult | Promise<CallToolResult>;
    try {
      ran = this.runCall(name, args, extras);
    } catch (error) {
      held?.unholdFlush();
      this.callDone();
      throw error;
    }
    if (!(ran instanceof Promise)) return this.answer(ran, held);
    // The call awaits: its request line must not wait for its answer to be written.
    held?.unholdFlush();
    return ran.then(
      (answer) => this.answer(answer),
      (error: unknown) => {
        this.callDone();
        throw error;
      },
    );
  }

  /** A call's answer, once its lines are written; the call is then no longer in flight. */
  private answer(answer: CallToolResult, held?: RecordingSink): CallToolResult {
    try {
      // The batching boundary of group commit: the answer is about to leave (the caller hands it
      // to the SDK, which sends it), so every line queued so far — this call's request, the job
      // lines it caused and its response, with whatever else was stamped meanwhile, in seq order —
      // is written now, with one write, before it is returned. An answer is never sent before
      // its lines are written, so the recording's promise holds (a SIGKILL after the answer loses
      // nothing it acknowledged); batching at the answer rather than at the end of a microtask
      // is what makes a call one write, since its request and response are stamped on either
      // side of the tool's awaits. If the write fails, the call is answered with the failure.
      const unwritten = this.flushRecording();
      return unwritten ? errorResult(unwritten, this.options.logger) : answer;
    } finally {
      held?.unholdFlush();
      this.callDone();
    }
  }

  private callDone(): void {
    this.inFlight -= 1;
    this.closeRecordingIfDrained();
  }

  private runCall(name: string, args: unknown, extras: CallExtras): CallToolResult | Promise<CallToolResult> {
    let episode: Episode;
    try {
      episode = this.start();
    } catch (error) {
      return errorResult(error, this.options.logger);
    }
    if (episode.ended) return this.refuseAfterEnd(episode, name, args, extras);
    if (this.rateLimiter && !this.rateLimiter.tryTake()) {
      // Refused before it reached the episode: not an agent step, so noted rather than recorded as a call.
      this.note(`call refused by the rate limit: ${name}`, "warn");
      return errorResult(
        new AsyncToolError(
          "RATE_LIMITED",
          `This session may make at most ${this.options.limits?.maxCallsPerSecond} calls per second; ${name} was not run. Wait a moment, then call it again (wait_for_jobs blocks without spending calls).`,
          { retryable: true },
        ),
      );
    }
    const call = ++this.calls;
    const tooDeep = nestedDeeperThan(args, MAX_ARGUMENT_DEPTH);
    const recordedArgs = tooDeep ? cutToDepth(args, MAX_ARGUMENT_DEPTH) : toJson(args);
    let requestT: number;
    try {
      requestT = episode.beginCall();
    } catch (error) {
      // Refused before it started (call cap, time limit): still an agent call, so recorded.
      const failed =
        this.recordRequest(call, name, recordedArgs, extras, episode.now()) ?? this.recordError(call, error);
      return errorResult(failed ?? error, this.options.logger);
    }
    const unrecorded = this.recordRequest(call, name, recordedArgs, extras, requestT);
    if (unrecorded) return errorResult(unrecorded, this.options.logger);
    try {
      if (tooDeep) {
        throw new AsyncToolError(
          "BAD_ARGUMENTS",
          `${name} was called with arguments nested more than ${MAX_ARGUMENT_DEPTH} levels deep, which no tool takes. Call it again with arguments that fit its input schema.`,
        );
      }
      const tool = this.tools.get(name);
      if (!tool) {
        throw new AsyncToolError(
          "TOOL_NOT_FOUND",
          `This episode has no tool ${JSON.stringify(name)}. Its tools are ${[...this.tools.keys()].join(", ")}.`,
        );
      }
      // Step clock: a forwarded job due by this step is answered before a call that shows jobs
      // looks at it (a client that gives the call up stops the wait; the call then runs as is).
      const due = tool.seesJobs ? episode.dueForwards() : undefined;
      if (due) {
        const afterDue = untilSettledOrAborted(due, extras.signal).then(() =>
          tool.run(tool.parse(args), this.toolContext(episode, call, extras)),
        );
        return this.respondWhenRun(afterDue, episode, call, args, extras);
      }
      const ran = tool.run(tool.parse(args), this.toolContext(episode, call, extras));
      if (ran instanceof Promise) return this.respondWhenRun(ran, episode, call, args, extras);
      return this.respond(ran, episode, call, extras);
    } catch (thrown) {
      return this.answerError(thrown, call, args, extras);
    }
  }

  /*
   * A cancellation is recorded when it comes, and it can come only while the call awaits: a call
   * that awaits (below) listens for it, and a call that runs through without awaiting (an
   * instant job, check_job) adds no listener.
   */

  /**
   * `runCall`'s answer to an outcome that is not there yet: a tool that returned a promise, or one
   * run once the forwarded jobs due by this step are answered.
   */
  private async respondWhenRun(
    ran: Promise<ToolOutcome>,
    episode: Episode,
    call: number,
    args: unknown,
    extras: CallExtras,
  ): Promise<CallToolResult> {
    const stopListening = this.listenForAbort(call, extras);
    try {
      return this.respond(await ran, episode, call, extras);
    } catch (thrown) {
      return this.answerError(thrown, call, args, extras);
    } finally {
      stopListening();
    }
  }

  /**
   * Records a `client_cancel` when the client gives the call up (`fallback` is the reason when the
   * signal gives none); returns the listener's removal.
   */
  private listenForAbort(call: number, extras: CallExtras, fallback = "cancelled by the client"): () => void {
    const onAbort = () => {
      this.record({ type: "client_cancel", call, reason: messageOf(extras.signal.reason ?? fallback) });
    };
    extras.signal.addEventListener("abort", onAbort, { once: true });
    return () => extras.signal.removeEventListener("abort", onAbort);
  }

  private toolContext(episode: Episode, call: number, extras: CallExtras): ToolContext {
    return {
      episode,
      call,
      signal: extras.signal,
      settings: this.settings,
      era: this.options.era ?? "2025-11-25",
      progress: extras.progress ?? noProgress,
      every: this.every,
      delivered: this.delivered,
    };
  }

  /** Records the response of a tool's outcome and answers it (or the failure to record it). */
  private respond(outcome: ToolOutcome, episode: Episode, call: number, extras: CallExtras): CallToolResult {
    // A call the client gave up on delivers nothing: its answer never reached the agent.
    const cancelled = extras.signal.aborted;
    // Built in place, in the line's key order: no spread of a small object per optional field.
    const response: Omit<ResponseEvent, "seq" | "wall" | "t"> & { t?: number } = {
      type: "response",
      call,
      isError: false,
    };
    if (outcome.job) response.job = outcome.job;
    // The outcome's own array: a tool makes it for this answer and nothing changes it after.
    if (outcome.delivered?.length && !cancelled) response.delivered = outcome.delivered as string[];
    if (outcome.inline && !cancelled) response.inline = true;
    if (cancelled) response.clientCancelled = true;
    response.result = toJson(outcome.structured);
    response.t = episode.now();
    const failed = this.record(response);
    if (failed) return errorResult(failed, this.options.logger);
    if (!cancelled) for (const id of outcome.delivered ?? []) this.deliveredJobs.add(id);
    outcome.after?.();
    return { content: [{ type: "text", text: outcome.text }], structuredContent: outcome.structured };
  }

  /** Records a call's error (an agent's mistake, a refused job, a tool's failure) and answers it. */
  private answerError(thrown: unknown, call: number, args: unknown, extras: CallExtras): CallToolResult {
    const named = this.jobOfOtherSession(thrown, args) ?? thrown;
    const error = (named instanceof AsyncToolError ? extras.mapError?.(named) : undefined) ?? named;
    const failed = this.recordError(call, error, extras.signal.aborted);
    return errorResult(failed ?? error, this.options.logger);
  }

  /** The tools' `every`, on the session's real time: made once, not per call. */
  private readonly every = (ms: number, fn: () => void): (() => void) =>
    repeat(this.options.realTime ?? systemRealTime, ms, fn);

  /** The tools' `delivered`: made once, not per call. */
  private readonly delivered = (jobId: string): boolean => this.deliveredJobs.has(jobId);

  /**
   * A listen stream of the Tasks extension on jobs `ids` (src/mcp/task-listen.ts): through the
   * same seam as a call, recorded as the job tool it maps to, a `wait_for_jobs` of mode all with
   * `via: "tasks"`, which it is for the engine: in the step clock the request takes a step and the
   * clock jumps to the last of the jobs' ends, as a wait does. Each job that reaches a terminal
   * status (or had reached one) is handed to `tell` once, right after its `notice` line (kind
   * `tasks`, naming this call) is written: the notification carries the job's final output, so
   * the notice is when the agent saw it (docs/metrics.md). The response line comes when every
   * job has ended, the episode ended or the client closed the stream, and delivers nothing: the
   * notices did. Resolves with null, or the error that refused the stream (recorded as the
   * call's answer, as a job tool's would be).
   */
  async listen(ids: readonly string[], extras: CallExtras, tell: (job: Job) => void): Promise<unknown> {
    this.inFlight += 1;
    try {
      const refused = await this.runListen(ids, extras, tell);
      return this.flushRecording() ?? refused;
    } finally {
      this.inFlight -= 1;
      this.closeRecordingIfDrained();
    }
  }

  private async runListen(
    ids: readonly string[],
    extras: CallExtras,
    tell: (job: Job) => void,
  ): Promise<unknown> {
    const name = "wait_for_jobs";
    const args: JsonValue = { job_ids: [...ids], mode: "all" };
    let episode: Episode;
    try {
      episode = this.start();
    } catch (error) {
      return error;
    }
    if (episode.ended) {
      this.refuseAfterEnd(episode, name, args, extras);
      return episodeOver(episode);
    }
    if (this.rateLimiter && !this.rateLimiter.tryTake()) {
      this.note(`subscriptions/listen refused by the rate limit`, "warn");
      return new AsyncToolError(
        "RATE_LIMITED",
        `This session may make at most ${this.options.limits?.maxCallsPerSecond} calls per second; the listen stream was not opened. Wait a moment, then open it again.`,
        { retryable: true },
      );
    }
    const call = ++this.calls;
    let requestT: number;
    try {
      requestT = episode.beginCall();
    } catch (error) {
      return (
        this.recordRequest(call, name, args, extras, episode.now()) ?? this.recordError(call, error) ?? error
      );
    }
    const unrecorded = this.recordRequest(call, name, args, extras, requestT);
    if (unrecorded) return unrecorded;
    const stopListening = this.listenForAbort(call, extras, "the client closed the listen stream");
    const told = new Set<string>();
    const wanted = new Set(ids);
    const notify = (job: Job, t: number) => {
      if (told.has(job.id) || extras.signal.aborted) return;
      told.add(job.id);
      // On disk before the notification leaves, as a call's lines are before its answer.
      const failed =
        this.record({ type: "notice", kind: "tasks", jobs: [job.id], call, t }) ?? this.flushRecording();
      if (failed) return;
      this.deliveredJobs.add(job.id);
      tell(job);
    };
    let off: (() => void) | undefined;
    try {
      const jobs = ids.map((id) => episode.job(id));
      const due = episode.dueForwards();
      if (due) await untilSettledOrAborted(due, extras.signal);
      for (const job of jobs) if (isFinal(job.status)) notify(job, episode.now());
      off = episode.on((event) => {
        if (event.type === "job" && isFinal(event.job.status) && wanted.has(event.job.id))
          notify(event.job, event.t);
      });
      await episode.wait(ids, { all: true, signal: extras.signal });
      const cancelled = extras.signal.aborted;
      return this.record({
        type: "response",
        call,
        isError: false,
        ...(cancelled ? { clientCancelled: true } : {}),
        result: {},
        t: episode.now(),
      });
    } catch (thrown) {
      const error = (thrown instanceof AsyncToolError ? extras.mapError?.(thrown) : undefined) ?? thrown;
      return this.recordError(call, error, extras.signal.aborted) ?? error;
    } finally {
      off?.();
      stopListening();
    }
  }

  /**
   * A JOB_NOT_FOUND that says why, when another session of this server issued the job: the
   * client most likely connects once per call, and needs --shared-episode. The code stays: the
   * job is not this session's, and agents key on the code.
   */
  private jobOfOtherSession(error: unknown, args: unknown): AsyncToolError | undefined {
    const directory = this.options.jobDirectory;
    if (!directory || !(error instanceof AsyncToolError) || error.code !== "JOB_NOT_FOUND") return undefined;
    const named = args as { job_id?: unknown; job_ids?: unknown } | null;
    const ids = [named?.job_id, ...(Array.isArray(named?.job_ids) ? named.job_ids : [])];
    const foreign = ids.find(
      (id): id is string =>
        typeof id === "string" &&
        directory.owner(id) !== undefined &&
        directory.owner(id) !== this.options.sessionId,
    );
    if (foreign === undefined) return undefined;
    return new AsyncToolError(
      "JOB_NOT_FOUND",
      `No job ${JSON.stringify(foreign)} in this session: it was started in another MCP session, and every session is an episode of its own. A client that connects once per call (the MCP Inspector's CLI, a script) should keep one session open, or the server should be started with --shared-episode, so that every connection joins one episode.`,
    );
  }

  /** Takes one of the session's calls per second: tool calls and resource reads share them. */
  tryTakeRateToken(): boolean {
    return this.rateLimiter?.tryTake() ?? true;
  }

  /** Takes one of the app page's reads per second, a budget apart from the agent's calls. */
  tryTakeAppToken(): boolean {
    return this.appRateLimiter?.tryTake() ?? true;
  }

  /**
   * Counts a read of the app's resources. They are the host's, not the agent's calls: no event
   * is written per read (the app polls, and any event moves the end of a log cut short, which
   * the metrics read), only one note with their number, right before the end line.
   */
  countAppRead(): void {
    this.appReads += 1;
  }

  /** Records something worth knowing that is not an agent call (a resource read, a refused call). */
  note(message: string, level: "info" | "warn" | "error" = "info"): void {
    // After the end line there is no recording to note it in (and nothing of the episode to note).
    const sink = this.sinkValue;
    if (sink && !sink.closed) this.record({ type: "note", level, message });
  }

  /**
   * A call that arrived after the episode ended. While the calls in flight are drained the
   * recording is open, and the call is in it with its answer; after the end line it is not.
   */
  private refuseAfterEnd(episode: Episode, name: string, args: unknown, extras: CallExtras): CallToolResult {
    const refusal = episodeOver(episode);
    const sink = this.sinkValue;
    if (!sink || sink.closed) return errorResult(refusal, this.options.logger);
    const call = ++this.calls;
    const recordedArgs = nestedDeeperThan(args, MAX_ARGUMENT_DEPTH)
      ? cutToDepth(args, MAX_ARGUMENT_DEPTH)
      : toJson(args);
    const failed =
      this.recordRequest(call, name, recordedArgs, extras, episode.now()) ?? this.recordError(call, refusal);
    return errorResult(failed ?? refusal, this.options.logger);
  }

  /** Records a call's request line (with `via` for a call that came through MCP Tasks). */
  private recordRequest(call: number, tool: string, args: JsonValue, extras: CallExtras, t: number) {
    return this.record(
      extras.via
        ? { type: "request", call, tool, args, via: extras.via, t }
        : { type: "request", call, tool, args, t },
    );
  }

  /**
   * Writes an event. Returns null when it is written, or the error that stopped it: the
   * recording failed (the episode then ends as error) or, which is a bug, it was closed
   * already. Either is logged; nothing the server answers goes unrecorded in silence.
   */
  private record(event: EventInput): unknown {
    const sink = this.sinkValue;
    if (!sink) return null;
    if (sink.failed) return sink.failed;
    try {
      sink.write(event);
      return null;
    } catch (error) {
      this.reportWriteError(error);
      this.episodeValue?.end("error", recordingFailureReason(error));
      return error;
    }
  }

  /** Writes the queued lines of the recording (group commit). Returns null, or the error that stopped it. */
  private flushRecording(): unknown {
    const sink = this.sinkValue;
    if (!sink || sink.closed) return null;
    try {
      sink.flush();
      return null;
    } catch (error) {
      this.reportWriteError(error);
      this.episodeValue?.end("error", recordingFailureReason(error));
      return error;
    }
  }

  private reportWriteError(error: unknown): void {
    const closed = this.sinkValue?.closed === true && !this.sinkValue.failed;
    this.options.logger?.error(
      { session: this.options.sessionId, err: messageOf(error) },
      closed ? "recording written after it closed (a bug in asynctool-mcp)" : "recording failed",
    );
  }

  private recordError(call: number, error: unknown, clientCancelled = false): unknown {
    const code = error instanceof AsyncToolError ? error.code : "TOOL_INTERNAL";
    return this.record({
      type: "response",
      call,
      isError: true,
      code,
      ...(clientCancelled ? { clientCancelled: true } : {}),
      t: this.episodeValue?.now() ?? 0,
    });
  }

  /** Writes the end line once the episode has ended and no call is in flight. */
  private closeRecordingIfDrained(): void {
    const end = this.pendingEnd;
    const sink = this.sinkValue;
    if (!end || this.inFlight > 0 || !sink) return;
    this.pendingEnd = null;
    if (!sink.closed) {
      if (this.appReads > 0)
        this.note(
          `the app's resources (ui://asynctool/episode, asynctool://episode/view) were read ${this.appReads} times: reads are not tool calls, and no metric counts them`,
        );
      try {
        // A session that made no tool call (a client listing tools, probing the server) is
        // marked so, and `report` leaves it out of its tables: it measured nothing.
        sink.close(end.status, end.reason, { probe: this.calls === 0 });
      } catch (error) {
        this.options.logger?.error(
          { session: this.options.sessionId, err: messageOf(error) },
          "recording could not be closed",
        );
      }
    }
    // The end line is written; `closed()` also waits for the file to be synced and closed,
    // which happens off the event loop (a failure there is logged: the lines are all written).
    this.released = sink.released().catch((error: unknown) => {
      this.options.logger?.error(
        { session: this.options.sessionId, err: messageOf(error) },
        "recording could not be synced and closed",
      );
    });
    void this.released.then(() => {
      for (const resolve of this.closedListeners.splice(0)) resolve();
    });
  }

  private notify(jobId: string, status: string): void {
    const text = `Job ${jobId} has ${status === "completed" ? "completed" : `ended (${status})`}; read it with check_job.`;
    for (const listener of this.noticeListeners) listener(jobId, text);
    this.record({ type: "notice", kind: "logging", jobs: [jobId] });
  }
}

/** No progress to send: the context's `progress` when the call has no way to send one. */
function noProgress(): void {}

function episodeOver(episode: Episode): AsyncToolError {
  return new AsyncToolError(
    "EPISODE_OVER",
    `This episode has ended (${episode.status}); no further calls are accepted. Start a new session for a new episode.`,
  );
}

/** A tool error the agent reads: the code, what was wrong and what to do. Never a stack trace. */
export function errorResult(error: unknown, logger?: Logger): CallToolResult {
  if (error instanceof AsyncToolError) {
    return {
      content: [{ type: "text", text: `[${error.code}] ${error.message}` }],
      isError: true,
      _meta: { [ERROR_META_KEY]: { code: error.code, retryable: error.retryable } satisfies ErrorMeta },
    };
  }
  logger?.error(
    { err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) },
    "tool failed unexpectedly",
  );
  return {
    content: [
      {
        type: "text",
        text: "[TOOL_INTERNAL] The server failed to handle this call. This is a fault of the server, not of your call; you may try again.",
      },
    ],
    isError: true,
    _meta: { [ERROR_META_KEY]: { code: "TOOL_INTERNAL", retryable: true } satisfies ErrorMeta },
  };
}

/** A repeating timer on injected real time (tests drive it by hand). */
function repeat(real: RealTime, ms: number, fn: () => void): () => void {
  let handle: unknown;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    fn();
    handle = real.setTimeout(tick, ms);
  };
  handle = real.setTimeout(tick, ms);
  return () => {
    stopped = true;
    real.clearTimeout(handle);
  };
}

/** A JSON copy whose objects and arrays below `depth` levels are replaced by a note. */
function cutToDepth(value: unknown, depth: number): JsonValue {
  if (typeof value !== "object" || value === null) return toJson(value);
  if (depth === 0) return "(nested too deep: not recorded)";
  if (Array.isArray(value)) return value.map((item) => cutToDepth(item, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cutToDepth(item, depth - 1)]));
}

/**
 * The value as JSON (undefined becomes null, what JSON cannot hold is dropped). Plain JSON is
 * returned as it is: the recorder serializes it at once, so a copy would change nothing.
 */
function toJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  if (isPlainJson(value)) return value as JsonValue;
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/** Resolves when `promise` settles or `signal` aborts, whichever comes first. */
function untilSettledOrAborted(promise: Promise<unknown>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done, { once: true });
    promise.then(done, done);
  });
}
