import { defineTemplate } from "../../../dataset/template.js";
import {
  addMachine,
  differ,
  newValue,
  product,
  round2,
  setting,
  spoken,
  statusPath,
  valuePath,
} from "../kit.js";

const id = (machineId: string) => ({ machine_id: { $ci: machineId } });

/**
 * Shop-floor templates, part 3: settings and rates read from one result and written elsewhere
 * (a machine's own earlier value, or its twin's: a machine of the same kind).
 */
export const machinesTwinSettingTemplates = [
  defineTemplate({
    id: "machines/test-batch-then-restore",
    domains: ["machines"],
    instantiate(ctx) {
      const { machine, index } = addMachine(ctx, { status: "running" });
      const [name, p] = setting(machine, ctx.int(0, 1));
      const trial = newValue(ctx, p);
      const item = product(ctx);
      const quantity = ctx.pick([10, 20, 25, 40]);
      return {
        instruction: `Try a ${spoken(name)} of ${trial} on ${machine.machine_id} for a short test run of ${quantity} ${item}, then put the ${spoken(name)} back to what it was before. What value did you restore?`,
        steps: [
          {
            id: "trial",
            tool: "set_parameter",
            args: { ...id(machine.machine_id), parameter: name, value: trial },
          },
          {
            id: "batch",
            tool: "run_production_batch",
            args: { ...id(machine.machine_id), product: { $ci: item }, quantity },
            after: ["trial"],
          },
          {
            id: "restore",
            tool: "set_parameter",
            args: { ...id(machine.machine_id), parameter: name, value: { $from: "trial.previous" } },
            after: ["batch"],
          },
        ],
        answer: { number: p.value },
        state: [{ path: valuePath(index, name), equals: p.value }],
      };
    },
  }),
  defineTemplate({
    id: "machines/match-twin-setting",
    domains: ["machines"],
    instantiate(ctx) {
      const a = addMachine(ctx).machine;
      const b = addMachine(ctx, { like: a, status: ctx.pick(["idle", "running"] as const) });
      const position = ctx.int(0, 1);
      const [name, pa] = setting(a, position);
      differ(pa, setting(b.machine, position)[1]);
      return {
        instruction: `${b.machine.machine_id} should run with the same ${spoken(name)} as ${a.machine_id}. Make it match. What value did you set?`,
        steps: [
          { id: "source", tool: "get_machine_status", args: id(a.machine_id) },
          {
            id: "set",
            tool: "set_parameter",
            args: {
              ...id(b.machine.machine_id),
              parameter: name,
              value: { $from: `source.parameters.${name}.value` },
            },
            after: ["source"],
          },
        ],
        answer: { number: pa.value },
        state: [{ path: valuePath(b.index, name), equals: pa.value }],
      };
    },
  }),
  defineTemplate({
    id: "machines/copy-settings-to-twin",
    domains: ["machines"],
    instantiate(ctx) {
      const a = addMachine(ctx, { status: "running" }).machine;
      const b = addMachine(ctx, { like: a, status: "idle" });
      const [n0, p0] = setting(a, 0);
      const [n1, p1] = setting(a, 1);
      differ(p0, setting(b.machine, 0)[1]);
      const set = (step: string, name: string) => ({
        id: step,
        tool: "set_parameter",
        args: {
          ...id(b.machine.machine_id),
          parameter: name,
          value: { $from: `source.parameters.${name}.value` },
        },
        after: ["source"],
      });
      return {
        instruction: `Copy both settings of ${a.machine_id} (its ${spoken(n0)} and ${spoken(n1)}) onto ${b.machine.machine_id}, which is the same kind of machine. Answer with the two values.`,
        steps: [
          { id: "source", tool: "get_machine_status", args: id(a.machine_id) },
          set("set1", n0),
          set("set2", n1),
        ],
        answer: { contains: [String(p0.value), String(p1.value)] },
        state: [
          { path: valuePath(b.index, n0), equals: p0.value },
          { path: valuePath(b.index, n1), equals: p1.value },
        ],
      };
    },
  }),
  defineTemplate({
    id: "machines/replace-broken-machine-with-twin",
    domains: ["machines"],
    instantiate(ctx) {
      const a = addMachine(ctx, { status: "error" }).machine;
      const b = addMachine(ctx, { like: a, status: "idle" });
      const [n0, p0] = setting(a, 0);
      const [n1, p1] = setting(a, 1);
      differ(p1, setting(b.machine, 1)[1]);
      const set = (step: string, name: string) => ({
        id: step,
        tool: "set_parameter",
        args: {
          ...id(b.machine.machine_id),
          parameter: name,
          value: { $from: `broken.parameters.${name}.value` },
        },
        after: ["broken"],
      });
      return {
        instruction: `${a.machine_id} has broken down. Bring in ${b.machine.machine_id} to take over its work: give it the same ${spoken(n0)} and ${spoken(n1)} as ${a.machine_id}, then start it. Answer with the id of the machine now running.`,
        steps: [
          { id: "broken", tool: "get_machine_status", args: id(a.machine_id) },
          set("set1", n0),
          set("set2", n1),
          { id: "start", tool: "start_machine", args: id(b.machine.machine_id), after: ["set1", "set2"] },
        ],
        answer: { contains: b.machine.machine_id },
        state: [
          { path: valuePath(b.index, n0), equals: p0.value },
          { path: valuePath(b.index, n1), equals: p1.value },
          { path: statusPath(b.index), equals: "running" },
        ],
      };
    },
  }),
  defineTemplate({
    id: "machines/start-at-lowest-setting",
    domains: ["machines"],
    instantiate(ctx) {
      const { machine, index } = addMachine(ctx, { status: "idle" });
      const [name, p] = setting(machine, ctx.int(0, 1));
      return {
        instruction: `Start ${machine.machine_id} gently: first set its ${spoken(name)} to the lowest value allowed, then start it. What was that lowest value?`,
        steps: [
          { id: "status", tool: "get_machine_status", args: id(machine.machine_id) },
          {
            id: "set",
            tool: "set_parameter",
            args: {
              ...id(machine.machine_id),
              parameter: name,
              value: { $from: `status.parameters.${name}.min` },
            },
            after: ["status"],
          },
          { id: "start", tool: "start_machine", args: id(machine.machine_id), after: ["set"] },
        ],
        answer: { number: p.min },
        state: [
          { path: valuePath(index, name), equals: p.min },
          { path: statusPath(index), equals: "running" },
        ],
      };
    },
  }),
  defineTemplate({
    id: "machines/swap-twin-settings",
    domains: ["machines"],
    instantiate(ctx) {
      const a = addMachine(ctx);
      const b = addMachine(ctx, { like: a.machine });
      const position = ctx.int(0, 1);
      const [name, pa] = setting(a.machine, position);
      const pb = setting(b.machine, position)[1];
      differ(pa, pb);
      const [va, vb] = [pa.value, pb.value];
      const set = (step: string, machineId: string, other: string) => ({
        id: step,
        tool: "set_parameter",
        args: { ...id(machineId), parameter: name, value: { $from: `${other}.parameters.${name}.value` } },
        after: ["statusA", "statusB"],
      });
      return {
        instruction: `Swap the ${spoken(name)} settings of ${a.machine.machine_id} and ${b.machine.machine_id}: each should end up with the value the other has now. Answer with the two new values.`,
        steps: [
          { id: "statusA", tool: "get_machine_status", args: id(a.machine.machine_id) },
          { id: "statusB", tool: "get_machine_status", args: id(b.machine.machine_id) },
          set("setA", a.machine.machine_id, "statusB"),
          set("setB", b.machine.machine_id, "statusA"),
        ],
        answer: { contains: [String(va), String(vb)] },
        state: [
          { path: valuePath(a.index, name), equals: vb },
          { path: valuePath(b.index, name), equals: va },
        ],
      };
    },
  }),
  defineTemplate({
    id: "machines/one-hour-on-two-machines",
    domains: ["machines"],
    instantiate(ctx) {
      const a = addMachine(ctx, { status: "running" });
      const b = addMachine(ctx, { status: "running" });
      const item = product(ctx);
      const batch = (step: string, machineId: string, status: string) => ({
        id: step,
        tool: "run_production_batch",
        args: { ...id(machineId), product: { $ci: item }, quantity: { $from: `${status}.units_per_hour` } },
        after: [status],
      });
      return {
        instruction: `Run exactly one hour's worth of ${item} on each of ${a.machine.machine_id} and ${b.machine.machine_id}, each at its own normal rate. How many units is that in total?`,
        steps: [
          { id: "statusA", tool: "get_machine_status", args: id(a.machine.machine_id) },
          { id: "statusB", tool: "get_machine_status", args: id(b.machine.machine_id) },
          batch("batchA", a.machine.machine_id, "statusA"),
          batch("batchB", b.machine.machine_id, "statusB"),
        ],
        answer: { number: a.machine.units_per_hour + b.machine.units_per_hour },
        state: [
          {
            path: ["machines", "machines", a.index, "hours_since_maintenance"],
            equals: round2(a.machine.hours_since_maintenance + 1),
          },
          {
            path: ["machines", "machines", b.index, "hours_since_maintenance"],
            equals: round2(b.machine.hours_since_maintenance + 1),
          },
        ],
      };
    },
  }),
  defineTemplate({
    id: "machines/hand-down-old-setting",
    domains: ["machines"],
    instantiate(ctx) {
      const a = addMachine(ctx);
      const b = addMachine(ctx, { like: a.machine });
      const position = ctx.int(0, 1);
      const [name, pa] = setting(a.machine, position);
      const old = pa.value;
      const fresh = newValue(ctx, pa);
      differ(pa, setting(b.machine, position)[1]);
      return {
        instruction: `Set ${a.machine.machine_id}'s ${spoken(name)} to ${fresh}, and give ${b.machine.machine_id} the ${spoken(name)} that ${a.machine.machine_id} had before the change. What value did ${b.machine.machine_id} get?`,
        steps: [
          {
            id: "setA",
            tool: "set_parameter",
            args: { ...id(a.machine.machine_id), parameter: name, value: fresh },
          },
          {
            id: "setB",
            tool: "set_parameter",
            args: { ...id(b.machine.machine_id), parameter: name, value: { $from: "setA.previous" } },
            after: ["setA"],
          },
        ],
        answer: { number: old },
        state: [
          { path: valuePath(a.index, name), equals: fresh },
          { path: valuePath(b.index, name), equals: old },
        ],
      };
    },
  }),
  defineTemplate({
    id: "machines/match-hourly-output",
    domains: ["machines"],
    instantiate(ctx) {
      const a = addMachine(ctx, { status: "running" }).machine;
      const b = addMachine(ctx, { status: "running", unitsPerHour: 400 });
      const item = product(ctx);
      return {
        instruction: `${b.machine.machine_id} has to keep up with ${a.machine_id}: run a batch of ${item} on ${b.machine.machine_id} as large as what ${a.machine_id} makes in one hour. How many units was the batch?`,
        steps: [
          { id: "pace", tool: "get_machine_status", args: id(a.machine_id) },
          {
            id: "batch",
            tool: "run_production_batch",
            args: {
              ...id(b.machine.machine_id),
              product: { $ci: item },
              quantity: { $from: "pace.units_per_hour" },
            },
            after: ["pace"],
          },
        ],
        answer: { number: a.units_per_hour },
        state: [
          {
            path: ["machines", "machines", b.index, "hours_since_maintenance"],
            equals: round2(b.machine.hours_since_maintenance + round2(a.units_per_hour / 400)),
          },
        ],
      };
    },
  }),
];
