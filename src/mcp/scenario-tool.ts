import { z } from "zod";
import { isFinal } from "../engine/job.js";
import type { JsonObject, JsonValue } from "../json.js";
import { portableJsonSchema } from "../scenarios/portable-json-schema.js";
import type { ScenarioTool } from "../scenarios/scenario.js";
import { describeHandle, jobHandle, jobHandleSchema } from "./job-view.js";
import type { ToolDefinition } from "./tool-definition.js";
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
    async run(args, { episode, call, settings, signal, progress, every }) {
      const job = episode.startJob(tool.name, args as JsonValue, call);
      let inline = false;
      // `instant` has no latency, but a proxied tool's result still takes its server's time.
      if ((episode.mode === "sync" || episode.mode === "instant") && job.status === "working") {
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
      } else if (
        (episode.mode === "async" || episode.mode === "tasks") &&
        settings.inlineMs > 0 &&
        episode.clockKind === "wall" &&
        job.status === "working"
      ) {
        await episode.wait([job.id], { all: true, timeout: settings.inlineMs / episode.timeScale, signal });
        inline = isFinal(job.status);
      }
      const handle = jobHandle(episode, job, { maxResultChars: settings.maxResultChars });
      // Whatever the mode, a handle that carries the job's final output delivers it.
      const delivered = isFinal(job.status) ? [job.id] : [];
      return {
        structured: handle,
        text: describeHandle(handle),
        job: job.id,
        ...(delivered.length ? { delivered } : {}),
        ...(inline ? { inline: true } : {}),
      };
    },
  };
}
