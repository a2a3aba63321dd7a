import { z } from "zod";
import type { Episode } from "../engine/episode.js";
import { isFinal, type Job } from "../engine/job.js";
import type { JsonObject, JsonValue } from "../json.js";
import { portableJsonSchema } from "../scenarios/portable-json-schema.js";
import type { ScenarioTool } from "../scenarios/scenario.js";
import { jobHandleSchema, jobView } from "./job-view.js";
import type { SessionSettings, ToolContext, ToolDefinition, ToolOutcome } from "./tool-definition.js";
import { toolTitle } from "./tool-title.js";

const handleJsonSchema = (() => {
  const { $schema: _omit, ...rest } = z.toJSONSchema(jobHandleSchema, {
    io: "output",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return portableJsonSchema(rest as JsonObject) as ToolDefinition["outputSchema"];
})();

/**
 * Publishes a scenario tool with its real input schema. A call starts a job; how its result
 * reaches the agent depends on the mode: a handle at once (async, and tasks, where the MCP layer
 * wraps the handle in a task when the client asks for one), the result after the latency (sync),
 * or the result at once (instant). The engine checks the arguments.
 */
export function scenarioToolDefinition(tool: ScenarioTool): ToolDefinition {
  return {
    name: tool.name,
    title: toolTitle(tool.name),
    description: tool.description,
    inputSchema: tool.inputJsonSchema,
    outputSchema: handleJsonSchema,
    annotations: tool.forward
      ? // A proxied tool keeps its server's hints (destructive, open world...) as that server gave them.
        { title: toolTitle(tool.name), ...tool.annotations }
      : {
          title: toolTitle(tool.name),
          readOnlyHint: tool.readOnly,
          destructiveHint: tool.destructive,
          idempotentHint: tool.idempotent,
          // Simulated: nothing outside the episode is reached, whatever the tool's name suggests.
          openWorldHint: false,
        },
    parse: (args) => args ?? {},
    run(args, context) {
      const { episode, settings } = context;
      const job = episode.startJob(tool.name, args as JsonValue, context.call);
      // `instant` has no latency, but a proxied tool's result still takes its server's time.
      if ((episode.mode === "sync" || episode.mode === "instant") && job.status === "working")
        return answerWhenEnded(job, context);
      if (
        (episode.mode === "async" || episode.mode === "tasks") &&
        settings.inlineMs > 0 &&
        episode.clockKind === "wall" &&
        job.status === "working"
      )
        return answerInlineOrHandle(job, context);
      // Nothing to wait for (an instant job has ended, an async one answers with its handle): the
      // outcome is returned as it is, not in a promise, so the session need not await it.
      return handleOutcome(episode, job, settings, false);
    },
  };
}

/*
 * The two answers that wait are functions of their own, not closures in `run`: a closure there
 * made V8 allocate `run`'s captured variables in a context on every call, the instant ones too.
 */

/** A blocking call (sync mode, or a proxied job in instant mode): the job's outcome once it has ended. */
async function answerWhenEnded(
  job: Job,
  { episode, settings, signal, progress, every }: ToolContext,
): Promise<ToolOutcome> {
  const stopTicker =
    episode.clockKind === "wall"
      ? every(settings.progressEveryMs, () => progress(episode.now() - job.startedAt, job.latency))
      : undefined;
  try {
    const outcome = await episode.wait([job.id], { all: true, signal });
    // The client stopped waiting for a blocking call: its job is cancelled, by the client.
    if (outcome.aborted && job.status === "working") episode.cancelJob(job.id, "client");
  } finally {
    stopTicker?.();
  }
  return handleOutcome(episode, job, settings, false);
}

/** Live use in async mode: the result inline if the job ends within `inlineMs`, else the handle. */
function answerInlineOrHandle(job: Job, { episode, settings, signal }: ToolContext): Promise<ToolOutcome> {
  return episode
    .wait([job.id], { all: true, timeout: settings.inlineMs / episode.timeScale, signal })
    .then(() => handleOutcome(episode, job, settings, isFinal(job.status)));
}

/**
 * A scenario tool's answer: the job's handle, which delivers the job's final output once it has
 * ended. The session's settings are the view's options (their maxResultChars, no offset): no
 * object per call.
 */
function handleOutcome(episode: Episode, job: Job, settings: SessionSettings, inline: boolean): ToolOutcome {
  const { handle, text } = jobView(episode, job, settings);
  // Built in place: no spread of a small object per optional field on every call.
  const outcome: { -readonly [K in keyof ToolOutcome]: ToolOutcome[K] } = {
    structured: handle,
    text,
    job: job.id,
  };
  if (isFinal(job.status)) outcome.delivered = [job.id];
  if (inline) outcome.inline = true;
  return outcome;
}
