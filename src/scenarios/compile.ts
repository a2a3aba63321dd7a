import { createHash } from "node:crypto";
import { z } from "zod";
import {
  builtInDomainNames,
  findDomain,
  isBuiltInDomain,
  loadedBuiltInDomain,
} from "../domains/built-in-domains.js";
import { counterIds } from "../domains/shared/state-kit.js";
import type { Domain } from "../domains/shared/types.js";
import { AsyncToolError } from "../errors.js";
import { canonicalJson, type JsonObject, type JsonValue } from "../json.js";
import {
  type AnswerCheck,
  compileAnswerCheck,
  compileStateCheck,
  type Expected,
  type StateCheck,
} from "./answer-checks.js";
import { textWords } from "./answer-text.js";
import { compileDeclaredTool } from "./declared-tools.js";
import {
  fieldNames,
  type JsonType,
  mayAcceptType,
  propertiesOf,
  requiredOf,
  schemaAtPath,
} from "./json-schema-shape.js";
import type { FaultSpec, LatencySpec } from "./latency-spec.js";
import {
  compileMatcher,
  exampleValue,
  type Matcher,
  type MatcherIssue,
  referencedSteps,
} from "./matchers.js";
import { portableJsonSchema } from "./portable-json-schema.js";
import { RESERVED_TOOL_NAMES } from "./reserved-names.js";
import type { GoldStep, Scenario, ScenarioDomain, ScenarioTool, Task } from "./scenario.js";
import { type ScenarioFile, scenarioFileSchema } from "./schema.js";

/** A problem in a scenario file: where (a path inside the file) and what to do about it. */
export interface ScenarioIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export interface CompileOptions {
  /** The file, for messages. */
  readonly file?: string;
  /**
   * The simulators the scenario may use: the built-in ones unless a caller brings its own. The
   * built-in ones a scenario names must have been loaded (loadBuiltInDomains; the loader does it).
   */
  readonly domains?: readonly Domain[];
  /** Maps a path inside the file to "line:column", when the source text is known. */
  readonly locate?: (path: readonly (string | number)[]) => string | undefined;
}

/** Latency of a declared tool nobody configured: one unit. */
const DECLARED_DEFAULT_LATENCY: LatencySpec = { fixed: 1 };

/** Renders `["tasks", 1, "steps", 0, "args", "date"]` as `tasks[1].steps[0].args.date`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "string" && /^[A-Za-z_$][\w$]*$/.test(segment))
      out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out || "(top level)";
}

export function invalidScenario(issues: readonly ScenarioIssue[], options: CompileOptions): AsyncToolError {
  const file = options.file ?? "scenario";
  const lines = issues.map((issue) => {
    const at = options.locate?.(issue.path);
    return `  ${file}${at ? `:${at}` : ""}: ${formatPath(issue.path)}: ${issue.message}`;
  });
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  return new AsyncToolError(
    "SCENARIO_INVALID",
    `${file} is not a valid scenario (${count}):\n${lines.join("\n")}`,
    {
      where: file,
      issues: issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    },
  );
}

/** Checks a parsed scenario file (any JSON) and compiles it. Throws SCENARIO_INVALID listing every problem. */
export function compileScenario(raw: unknown, options: CompileOptions = {}): Scenario {
  const parsed = scenarioFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw invalidScenario(
      parsed.error.issues.map((issue) => ({
        path: issue.path as (string | number)[],
        message: zodMessage(issue),
      })),
      options,
    );
  }
  const spec = parsed.data;
  const issues: ScenarioIssue[] = [];
  const domains = compileDomains(spec, issues, options.domains);
  const tools = compileTools(spec, domains, issues);
  const tasks = spec.tasks.map((task, i) => compileTask(task, i, tools, domains, issues));
  checkUnique(
    spec.tasks.map((t) => t.id),
    (i) => ["tasks", i, "id"],
    "task id",
    issues,
  );
  if (issues.length > 0) throw invalidScenario(issues, options);
  return {
    id: spec.id,
    title: spec.title,
    description: spec.description,
    hash: createHash("sha256").update(canonicalJson(spec)).digest("hex"),
    file: options.file,
    clock: spec.clock,
    mode: spec.mode,
    unitMs: spec.unitMs,
    limits: spec.limits,
    spec,
    domains,
    tools,
    tasks,
  };
}

function zodMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}; check the spelling against docs/scenario-format.md`;
  }
  if (issue.code === "invalid_union") {
    return `${issue.message}: see docs/scenario-format.md for the accepted forms`;
  }
  return issue.message;
}

function compileDomains(
  spec: ScenarioFile,
  issues: ScenarioIssue[],
  known: readonly Domain[] | undefined,
): ScenarioDomain[] {
  const out: ScenarioDomain[] = [];
  for (const [name, entry] of Object.entries(spec.domains)) {
    const domain = known ? findDomain(name, known) : builtInDomain(name);
    if (!domain) {
      const names = known ? known.map((d) => d.name) : builtInDomainNames;
      issues.push({
        path: ["domains", name],
        message: `unknown domain; the built-in domains are ${names.join(", ")}`,
      });
      continue;
    }
    const state = domain.state.safeParse(entry.state);
    if (!state.success) {
      for (const issue of state.error.issues) {
        issues.push({
          path: ["domains", name, "state", ...(issue.path as (string | number)[])],
          message: zodMessage(issue),
        });
      }
      continue;
    }
    out.push({ name, domain, initialState: state.data as JsonObject });
  }
  return out;
}

/** A built-in domain by name; one that exists but was not loaded first is the caller's mistake. */
function builtInDomain(name: string): Domain | undefined {
  if (!isBuiltInDomain(name)) return undefined;
  const domain = loadedBuiltInDomain(name);
  if (domain === undefined)
    throw new Error(`the built-in domain ${name} is not loaded: await loadBuiltInDomains before compiling`);
  return domain;
}

/** Most specific pattern wins: `domain.tool`, then `tool`, then `domain.*`, then `*`. */
export function resolvePattern<T>(map: Record<string, T>, domain: string, tool: string): T | undefined {
  return map[`${domain}.${tool}`] ?? map[tool] ?? map[`${domain}.*`] ?? map["*"];
}

function compileTools(
  spec: ScenarioFile,
  domains: ScenarioDomain[],
  issues: ScenarioIssue[],
): Map<string, ScenarioTool> {
  const tools = new Map<string, ScenarioTool>();
  const add = (tool: ScenarioTool, path: (string | number)[]) => {
    if (RESERVED_TOOL_NAMES.includes(tool.name)) {
      issues.push({
        path,
        message: `${tool.name} is a tool the server itself provides; choose another name`,
      });
    } else if (tools.has(tool.name)) {
      issues.push({
        path,
        message: `two tools are named ${tool.name}; tool names must be unique in a scenario`,
      });
    } else {
      tools.set(tool.name, tool);
    }
  };
  for (const { name: domainName, domain } of domains) {
    for (const tool of domain.tools) {
      add(
        {
          name: tool.name,
          domain: domainName,
          description: tool.description,
          input: tool.input,
          inputJsonSchema: toolInputJsonSchema(tool.input),
          output: tool.output,
          readOnly: tool.readOnly,
          destructive: !tool.readOnly && tool.destructive === true,
          idempotent: tool.readOnly || tool.idempotent === true,
          latency: resolvePattern(spec.latency, domainName, tool.name) ?? tool.latency,
          faults: resolvePattern(spec.faults, domainName, tool.name) ?? {},
          run: (states, args, ids) =>
            tool.run(states[domainName] as JsonObject, tool.input.parse(args), {
              ids: ids ? ids.forDomain(domainName) : counterIds,
            }),
        },
        ["domains", domainName],
      );
    }
  }
  spec.tools.forEach((declared, i) => {
    const declaredIssues: MatcherIssue[] = [];
    const latency = resolvePattern(spec.latency, "declared", declared.name) ?? DECLARED_DEFAULT_LATENCY;
    const faults: FaultSpec = resolvePattern(spec.faults, "declared", declared.name) ?? {};
    const tool = compileDeclaredTool(declared, latency, faults, declaredIssues);
    for (const issue of declaredIssues)
      issues.push({ path: ["tools", i, ...issue.path], message: issue.message });
    add(tool, ["tools", i, "name"]);
  });
  for (const section of ["latency", "faults"] as const) {
    for (const pattern of Object.keys(spec[section])) {
      const hit = [...tools.values()].some((t) =>
        [`${t.domain}.${t.name}`, t.name, `${t.domain}.*`, "*"].includes(pattern),
      );
      if (!hit) {
        issues.push({
          path: [section, pattern],
          message: `matches no tool of this scenario; use a tool name, domain.tool, domain.* or *`,
        });
      }
    }
  }
  return tools;
}

/** JSON Schemas of zod schemas, made once per schema: a suite compiles the same tools hundreds of times. */
const inputSchemas = new WeakMap<z.ZodType, JsonObject>();
const outputSchemas = new WeakMap<z.ZodType, unknown>();

/** The JSON Schema a client sees for a zod input schema (input side: defaults are optional). */
export function toolInputJsonSchema(input: z.ZodType): JsonObject {
  const known = inputSchemas.get(input);
  if (known) return known;
  const { $schema: _ignored, ...schema } = z.toJSONSchema(input, {
    io: "input",
    unrepresentable: "any",
  }) as JsonObject;
  const portable = portableJsonSchema(schema);
  inputSchemas.set(input, portable);
  return portable;
}

function outputJsonSchema(output: z.ZodType): unknown {
  if (!outputSchemas.has(output))
    outputSchemas.set(output, z.toJSONSchema(output, { unrepresentable: "any" }));
  return outputSchemas.get(output);
}

function checkUnique(
  ids: readonly string[],
  pathOf: (index: number) => (string | number)[],
  what: string,
  issues: ScenarioIssue[],
): void {
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else
      issues.push({
        path: pathOf(i),
        message: `duplicate ${what} ${JSON.stringify(id)} (also at index ${first}); ids must be unique`,
      });
  });
}

export function compileTask(
  task: ScenarioFile["tasks"][number],
  taskIndex: number,
  tools: ReadonlyMap<string, ScenarioTool>,
  domains: readonly ScenarioDomain[],
  issues: ScenarioIssue[],
): Task {
  const base: (string | number)[] = ["tasks", taskIndex];
  checkUnique(
    task.steps.map((s) => s.id),
    (i) => [...base, "steps", i, "id"],
    "step id",
    issues,
  );
  const stepIds = new Set(task.steps.map((s) => s.id));
  const steps: GoldStep[] = task.steps.map((step, stepIndex) => {
    const at = [...base, "steps", stepIndex];
    const toolName = step.tool.includes(".") ? step.tool.slice(step.tool.indexOf(".") + 1) : step.tool;
    const tool = tools.get(toolName);
    if (!tool || (step.tool.includes(".") && !step.tool.startsWith(`${tool.domain}.`))) {
      issues.push({ path: [...at, "tool"], message: unknownToolMessage(step.tool, tools) });
    }
    for (const [k, dep] of step.after.entries()) {
      if (!stepIds.has(dep)) {
        issues.push({
          path: [...at, "after", k],
          message: `unknown step ${JSON.stringify(dep)}; dependencies name steps of the same task (${[...stepIds].join(", ")})`,
        });
      } else if (dep === step.id) {
        issues.push({ path: [...at, "after", k], message: "a step cannot depend on itself" });
      }
    }
    const args: Record<string, Matcher> = {};
    for (const [name, value] of Object.entries(step.args)) {
      const matcherIssues: MatcherIssue[] = [];
      args[name] = compileMatcher(value, matcherIssues);
      for (const issue of matcherIssues)
        issues.push({ path: [...at, "args", name, ...issue.path], message: issue.message });
    }
    return { id: step.id, task: task.id, tool: tool?.name ?? toolName, args, after: step.after };
  });
  const cycle = findCycle(steps);
  if (cycle) {
    const index = task.steps.findIndex((s) => s.id === cycle[0]);
    issues.push({
      path: [...base, "steps", index, "after"],
      message: `dependency cycle ${cycle.join(" → ")}; steps must form a DAG`,
    });
  }
  const ancestors = cycle ? new Map<string, Set<string>>() : ancestorSets(steps);
  steps.forEach((step, stepIndex) => {
    const tool = tools.get(step.tool);
    if (tool) checkStepArgs(step, tool, [...base, "steps", stepIndex, "args"], issues);
    for (const [name, matcher] of Object.entries(step.args)) {
      for (const ref of referencedSteps(matcher)) {
        if (!stepIds.has(ref)) {
          issues.push({
            path: [...base, "steps", stepIndex, "args", name],
            message: `$from names unknown step ${JSON.stringify(ref)}`,
          });
        } else if (!cycle && !ancestors.get(step.id)?.has(ref)) {
          issues.push({
            path: [...base, "steps", stepIndex, "args", name],
            message: `$from reads step ${ref}, which this step does not depend on; add ${JSON.stringify(ref)} to its \`after\``,
          });
        }
      }
      checkFromPaths(matcher, steps, tools, [...base, "steps", stepIndex, "args", name], issues);
    }
  });
  let answer: AnswerCheck = { kind: "any" };
  try {
    answer = compileAnswerCheck(task.answer, task.instruction);
    if (answer.kind === "regex" && !answer.re.test(answer.example)) {
      issues.push({
        path: [...base, "answer", "example"],
        message: `the example answer does not match /${answer.re.source}/`,
      });
    }
    if (answer.kind === "choice") checkChoiceOptions(answer, [...base, "answer"], issues);
  } catch (error) {
    issues.push({
      path: [...base, "answer", "regex"],
      message: `not a valid regular expression: ${(error as Error).message}`,
    });
  }
  checkExpectedRefs(answer, steps, tools, [...base, "answer"], issues);
  const state: StateCheck[] = (task.state ?? []).map((check, i) => {
    const compiled = compileStateCheck(check);
    const head = String(compiled.path[0]);
    if (!domains.some((d) => d.name === head)) {
      issues.push({
        path: [...base, "state", i, "path"],
        message: `a state path starts with a domain of this scenario (${domains.map((d) => d.name).join(", ") || "none has state"})`,
      });
    }
    checkExpectedRefs(compiled, steps, tools, [...base, "state", i], issues);
    return compiled;
  });
  return { id: task.id, instruction: task.instruction, steps, answer, state };
}

function unknownToolMessage(name: string, tools: ReadonlyMap<string, ScenarioTool>): string {
  const names = [...tools.keys()];
  const close = names.filter((n) => n.includes(name.split(".").pop() ?? name) || name.includes(n));
  return `unknown tool ${JSON.stringify(name)}; this scenario's tools are ${names.join(", ") || "none (add a domain or declare tools)"}${close.length ? ` (did you mean ${close[0]}?)` : ""}`;
}

/** Returns one cycle of the `after` graph as a list of step ids, or null. */
function findCycle(steps: readonly GoldStep[]): string[] | null {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === "done") return null;
    if (state.get(id) === "open") return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, "open");
    stack.push(id);
    for (const dep of byId.get(id)?.after ?? []) {
      if (!byId.has(dep) || dep === id) continue;
      const found = visit(dep);
      if (found) return found;
    }
    stack.pop();
    state.set(id, "done");
    return null;
  };
  for (const step of steps) {
    const found = visit(step.id);
    if (found) return found;
  }
  return null;
}

/** Transitive dependencies of each step (the graph is known to be acyclic). */
export function ancestorSets(steps: readonly GoldStep[]): Map<string, Set<string>> {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const memo = new Map<string, Set<string>>();
  const of = (id: string): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const set = new Set<string>();
    memo.set(id, set);
    for (const dep of byId.get(id)?.after ?? []) {
      if (!byId.has(dep) || dep === id) continue;
      set.add(dep);
      for (const a of of(dep)) set.add(a);
    }
    return set;
  };
  for (const step of steps) of(step.id);
  return memo;
}

/** Checks a step's argument matchers against the tool's input schema: could any call pass both? */
function checkStepArgs(
  step: GoldStep,
  tool: ScenarioTool,
  at: (string | number)[],
  issues: ScenarioIssue[],
): void {
  const properties = propertiesOf(tool.inputJsonSchema) ?? {};
  const known = Object.keys(properties);
  for (const [name, matcher] of Object.entries(step.args)) {
    if (!Object.hasOwn(properties, name)) {
      issues.push({
        path: [...at, name],
        message: `${tool.name} has no argument ${JSON.stringify(name)}; it takes ${known.join(", ") || "no arguments"}`,
      });
      continue;
    }
    const property = tool.input.shape[name] as z.ZodType | undefined;
    checkMatcherFits(matcher, properties[name], property, [...at, name], issues);
  }
  for (const name of requiredOf(tool.inputJsonSchema)) {
    const matcher = step.args[name];
    if (!matcher) {
      issues.push({
        path: at,
        message: `${tool.name} requires argument ${JSON.stringify(name)}; add it (use { $any: true, $example: … } to accept any value)`,
      });
    } else if (!referencedSteps(matcher).size && exampleValue(matcher) === undefined) {
      issues.push({
        path: [...at, name],
        message: `the oracle agent needs a value to pass for required argument ${JSON.stringify(name)}; add $example`,
      });
    }
  }
}

function checkMatcherFits(
  matcher: Matcher,
  jsonSchema: unknown,
  zodSchema: z.ZodType | undefined,
  at: (string | number)[],
  issues: ScenarioIssue[],
): void {
  const needType = (type: JsonType, form: string) => {
    if (!mayAcceptType(jsonSchema, type)) {
      issues.push({
        path: at,
        message: `${form} compares ${type}s, but this argument never takes a ${type}`,
      });
    }
  };
  const parses = (value: JsonValue, what: string) => {
    if (!zodSchema) return;
    const result = zodSchema.safeParse(value);
    if (!result.success) {
      const first = result.error.issues[0];
      issues.push({
        path: at,
        message: `the tool's input schema never accepts ${what} ${JSON.stringify(value)}: ${first?.message ?? "invalid"}`,
      });
    }
  };
  switch (matcher.kind) {
    case "eq":
      parses(matcher.value, "the value");
      break;
    case "ci":
      needType("string", "$ci");
      break;
    case "regex":
      needType("string", "$regex");
      if (matcher.example !== undefined) parses(matcher.example, "the example");
      break;
    case "approx":
      needType("number", "$approx");
      break;
    case "any":
      if (matcher.example !== undefined) parses(matcher.example, "the example");
      break;
    case "oneOf":
      matcher.options.forEach((option, i) => {
        checkMatcherFits(option, jsonSchema, zodSchema, [...at, "$oneOf", i], issues);
      });
      break;
    case "object":
    case "array": {
      const example = exampleValue(matcher);
      if (example !== undefined && referencedSteps(matcher).size === 0) parses(example, "the value");
      break;
    }
    case "from":
      break;
  }
}

function checkFromPaths(
  matcher: Matcher,
  steps: readonly GoldStep[],
  tools: ReadonlyMap<string, ScenarioTool>,
  at: (string | number)[],
  issues: ScenarioIssue[],
): void {
  const visit = (m: Matcher) => {
    if (m.kind === "from") checkResultPath(m.step, m.path, undefined, steps, tools, at, issues);
    else if (m.kind === "object") for (const f of Object.values(m.fields)) visit(f);
    else if (m.kind === "array") for (const f of m.items) visit(f);
    else if (m.kind === "oneOf") for (const f of m.options) visit(f);
  };
  visit(matcher);
}

/** A `$from` path must exist in the referenced tool's output schema (when the tool declares one). */
function checkResultPath(
  stepId: string,
  path: readonly string[],
  wantType: JsonType | undefined,
  steps: readonly GoldStep[],
  tools: ReadonlyMap<string, ScenarioTool>,
  at: (string | number)[],
  issues: ScenarioIssue[],
): void {
  const step = steps.find((s) => s.id === stepId);
  if (!step) {
    issues.push({ path: at, message: `$from names unknown step ${JSON.stringify(stepId)}` });
    return;
  }
  const tool = tools.get(step.tool);
  if (!tool?.output) return;
  const outputSchema = outputJsonSchema(tool.output);
  const node = schemaAtPath(outputSchema, path);
  if (node === null) {
    issues.push({
      path: at,
      message: `the result of step ${stepId} (${tool.name}) has no field ${path.join(".")}; its fields are ${fieldNames(outputSchema).join(", ")}`,
    });
  } else if (wantType && node !== undefined && !mayAcceptType(node, wantType)) {
    issues.push({
      path: at,
      message: `${stepId}.${path.join(".")} is never a ${wantType}, so this check can never pass`,
    });
  }
}

function checkExpectedRefs(
  check: AnswerCheck | StateCheck,
  steps: readonly GoldStep[],
  tools: ReadonlyMap<string, ScenarioTool>,
  at: (string | number)[],
  issues: ScenarioIssue[],
): void {
  const wantType: JsonType | undefined = check.kind === "number" ? "number" : undefined;
  const expectations: Expected[] =
    check.kind === "contains"
      ? [...check.expected]
      : check.kind === "exact" ||
          check.kind === "normalized" ||
          check.kind === "number" ||
          check.kind === "choice"
        ? [check.expected]
        : check.kind === "equals" && check.expected.kind !== "json"
          ? [check.expected]
          : [];
  for (const expected of expectations) {
    if (expected.kind === "from") {
      checkResultPath(expected.step, expected.path, wantType, steps, tools, at, issues);
    } else if (check.kind === "number" && typeof expected.value !== "number") {
      const numeric =
        typeof expected.value === "string" &&
        expected.value.trim() !== "" &&
        Number.isFinite(Number(expected.value));
      if (!numeric) {
        issues.push({
          path: [...at, "number"],
          message: `a number check needs a number, not ${JSON.stringify(expected.value)}`,
        });
      }
    }
  }
}

/**
 * A choice check's options must differ once case and punctuation are folded, and a literal
 * expected value must be one of them (a `$from` value is checked against them when judged).
 */
function checkChoiceOptions(
  check: Extract<AnswerCheck, { kind: "choice" }>,
  at: (string | number)[],
  issues: ScenarioIssue[],
): void {
  const folded = check.options.map((o) => textWords(o).join(" "));
  folded.forEach((option, i) => {
    if (option === "") {
      issues.push({ path: [...at, "options", i], message: "an option needs a letter or a digit" });
    } else if (folded.indexOf(option) !== i) {
      issues.push({
        path: [...at, "options", i],
        message: `option ${JSON.stringify(check.options[i])} repeats ${JSON.stringify(check.options[folded.indexOf(option)])} (case and punctuation do not count); list each option once`,
      });
    }
  });
  if (check.expected.kind === "literal") {
    const expected = textWords(String(check.expected.value)).join(" ");
    if (!folded.includes(expected)) {
      issues.push({
        path: [...at, "choice"],
        message: `the expected answer ${JSON.stringify(check.expected.value)} is not one of the options (${check.options.join(", ")}); add it to options or correct it`,
      });
    }
  }
}
