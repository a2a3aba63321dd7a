import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import { buildReport } from "../../src/report/build.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "../metrics/session.js";

const scenario = declaredScenario();

function markdownOf(recording: ReturnType<Session["end"]>) {
  return renderMarkdown(buildReport(scenario, recording, computeMetrics(scenario, recording)));
}

function row(markdown: string, label: string): string[] {
  const line = markdown.split("\n").find((l) => l.startsWith(`| ${label} |`));
  if (!line) throw new Error(`no row ${label}`);
  return line
    .split(/(?<!\\)\|/) // cells end at pipes that are not escaped
    .slice(1, -1)
    .map((c) => c.trim());
}

describe("renderMarkdown", () => {
  it('shows "—" for a figure without a value, with its unit and direction', () => {
    const s = new Session(scenario);
    s.call(1, "fetch", { key: "c" });
    s.other(2, "finish");
    const md = markdownOf(s.end("finished"));
    // No polls → poll efficiency 0/0; a failed episode → no speedup.
    expect(row(md, "Poll efficiency")).toEqual(["Poll efficiency", "—", "ratio", "higher"]);
    expect(row(md, "Speedup S / M")).toEqual(["Speedup S / M", "—", "×", "higher"]);
    expect(row(md, "Makespan M")).toEqual(["Makespan M", "2", "steps", "lower"]);
    expect(row(md, "Sequential bound S")).toEqual(["Sequential bound S", "13", "steps", "—"]);
    expect(row(md, "Episode success")).toEqual(["Episode success", "no", "yes/no", "higher"]);
  });

  it("states the δ used and has a per-task table", () => {
    const s = new Session(scenario);
    const c = s.call(1, "fetch", { key: "c" });
    s.wait(2, [c]);
    s.answer(5, "solo", "v-c");
    const md = markdownOf(s.end());
    expect(md).toContain("**δ used:** 1 step (step clock: one agent action)");
    expect(md).toContain(
      "What each figure means: [docs/metrics.md#headline-figures](docs/metrics.md#headline-figures)",
    );
    expect(row(md, "solo")).toEqual(["solo", "1/1", "0", "5 steps", "yes", "pass", "—", "1", "yes"]);
    expect(row(md, "chain")).toEqual(["chain", "0/2", "0", "—", "—", "unanswered", "—", "—", "no"]);
    expect(md).toContain("Neglected tasks (no step done): chain.");
  });

  it("says when the log was truncated", () => {
    const s = new Session(scenario);
    s.call(1, "fetch", { key: "c" });
    const md = markdownOf(s.truncate());
    expect(md).toContain("**Truncated log:**");
    expect(md).toContain("**End:** in progress (no end recorded; last event at t = 1 steps).");
    expect(md).not.toContain("none at t");
  });

  it("labels an unfinished session above its tables and in the task table", () => {
    const s = new Session(scenario);
    const c = s.call(1, "fetch", { key: "c" });
    s.wait(2, [c]);
    s.answer(5, "solo", "v-c");
    const md = markdownOf(s.end("interrupted"));
    expect(md).toContain(
      "**End:** interrupted: the server shut down at t = 5 steps, before the episode ended.",
    );
    expect(md).toContain("> **Unfinished session:** it stopped before the episode ended");
    expect(md).toContain("## Headline (unfinished session: figures so far)");
    expect(row(md, "chain")[5]).toBe("unanswered (session unfinished)");
    expect(row(md, "solo")[5]).toBe("pass");
  });

  it("says nothing of unfinished for an episode that ended", () => {
    const s = new Session(scenario);
    s.answer(1, "solo", "v-c");
    const md = markdownOf(s.end("finished"));
    expect(md).toContain("**End:** finished: the agent called finish at t = 1 steps.");
    expect(md).not.toMatch(/unfinished/i);
    expect(row(md, "chain")[5]).toBe("unanswered");
  });

  it("escapes an answer that would break the table", () => {
    const s = new Session(scenario);
    s.answer(1, "solo", "a | b\nc");
    const md = markdownOf(s.end());
    expect(row(md, "solo")[5]).toBe('fail: expected v-c, got "a \\| b\\nc"');
  });
});
