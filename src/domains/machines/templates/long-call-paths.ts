import { defineTemplate } from "../../../dataset/template.js";
import {
  addMachine,
  FAULTS,
  hoursPath,
  newValue,
  product,
  round2,
  setting,
  spoken,
  statusPath,
  valuePath,
} from "../kit.js";

const id = (machineId: string) => ({ machine_id: { $ci: machineId } });

/** Shop-floor templates, part 2: fan-out, fan-in and chains of three or four steps. */
export const machinesLongCallPaths = [
  defineTemplate({
    id: "machines/restore-faulted-machine",
    domains: ["machines"],
    instantiate(ctx) {
      const fault = ctx.pick(FAULTS);
      const { machine, index } = addMachine(ctx, { status: "error", error: fault });
      return {
        instruction: `${machine.name} (${machine.machine_id}) stopped with a fault. Run a self-test to see what it reports, service it to clear the fault, then start it again. Which fault code did it have?`,
        steps: [
          { id: "diagnose", tool: "run_diagnostics", args: id(machine.machine_id) },
          { id: "service", tool: "perform_maintenance", args: id(machine.machine_id), after: ["diagnose"] },
          { id: "start", tool: "start_machine", args: id(machine.machine_id), after: ["service"] },
        ],
        answer: { contains: fault },
        state: [{ path: statusPath(index), equals: "running" }],
      };
    },
  }),
  defineTemplate({
    id: "machines/service-before-long-batch",
    domains: ["machines"],
    instantiate(ctx) {
      const interval = ctx.pick([200, 300, 400]);
      const left = ctx.int(1, 3);
      const { machine, index } = addMachine(ctx, { status: "running", interval, hours: interval - left });
      const item = product(ctx);
      const quantity = machine.units_per_hour * (left + ctx.int(2, 6));
      const hours = round2(quantity / machine.units_per_hour);
      return {
        instruction: `I need ${quantity} ${item} from ${machine.machine_id}, but it's only a few hours from its service interval. Stop it, service it, start it again and run the batch. How many operating hours will it have since maintenance after the batch?`,
        steps: [
          { id: "stop", tool: "stop_machine", args: id(machine.machine_id) },
          { id: "service", tool: "perform_maintenance", args: id(machine.machine_id), after: ["stop"] },
          { id: "start", tool: "start_machine", args: id(machine.machine_id), after: ["service"] },
          {
            id: "batch",
            tool: "run_production_batch",
            args: { ...id(machine.machine_id), product: { $ci: item }, quantity },
            after: ["start"],
          },
        ],
        answer: { number: hours, tolerance: 0.01 },
        state: [
          { path: hoursPath(index), equals: hours },
          { path: statusPath(index), equals: "running" },
        ],
      };
    },
  }),
  defineTemplate({
    id: "machines/change-two-settings",
    domains: ["machines"],
    instantiate(ctx) {
      const { machine, index } = addMachine(ctx, { status: ctx.pick(["idle", "running"] as const) });
      const [n0, p0] = setting(machine, 0);
      const [n1, p1] = setting(machine, 1);
      const [v0, v1] = [newValue(ctx, p0), newValue(ctx, p1)];
      return {
        instruction: `On ${machine.machine_id}, set the ${spoken(n0)} to ${v0} and the ${spoken(n1)} to ${v1}. What were the two values before?`,
        steps: [
          {
            id: "set1",
            tool: "set_parameter",
            args: { ...id(machine.machine_id), parameter: n0, value: v0 },
          },
          {
            id: "set2",
            tool: "set_parameter",
            args: { ...id(machine.machine_id), parameter: n1, value: v1 },
          },
        ],
        answer: { contains: [String(p0.value), String(p1.value)] },
        state: [
          { path: valuePath(index, n0), equals: v0 },
          { path: valuePath(index, n1), equals: v1 },
        ],
      };
    },
  }),
  defineTemplate({
    id: "machines/stop-and-service-two",
    domains: ["machines"],
    instantiate(ctx) {
      const a = addMachine(ctx, { status: "running" });
      const b = addMachine(ctx, { status: "running" });
      const [ma, mb] = [a.machine.machine_id, b.machine.machine_id];
      return {
        instruction: `Take ${ma} and ${mb} offline for their scheduled service: stop each of them and service it. Answer with the two maintenance ids.`,
        steps: [
          { id: "stopA", tool: "stop_machine", args: id(ma) },
          { id: "stopB", tool: "stop_machine", args: id(mb) },
          { id: "serviceA", tool: "perform_maintenance", args: id(ma), after: ["stopA"] },
          { id: "serviceB", tool: "perform_maintenance", args: id(mb), after: ["stopB"] },
        ],
        answer: { contains: [{ $from: "serviceA.maintenance_id" }, { $from: "serviceB.maintenance_id" }] },
        state: [
          { path: hoursPath(a.index), equals: 0 },
          { path: hoursPath(b.index), equals: 0 },
        ],
      };
    },
  }),
  defineTemplate({
    id: "machines/last-batch-then-self-test",
    domains: ["machines"],
    instantiate(ctx) {
      const interval = ctx.pick([200, 300, 400, 500]);
      const left = ctx.int(2, 6);
      const { machine, index } = addMachine(ctx, { status: "running", interval, hours: interval - left });
      const item = product(ctx);
      const quantity = left * machine.units_per_hour;
      return {
        instruction: `Run a final batch of ${quantity} ${item} on ${machine.machine_id}, then stop it and run a self-test. What does the self-test recommend?`,
        steps: [
          {
            id: "batch",
            tool: "run_production_batch",
            args: { ...id(machine.machine_id), product: { $ci: item }, quantity },
          },
          { id: "stop", tool: "stop_machine", args: id(machine.machine_id), after: ["batch"] },
          { id: "diagnose", tool: "run_diagnostics", args: id(machine.machine_id), after: ["stop"] },
        ],
        answer: { normalized: "perform_maintenance" },
        state: [
          { path: statusPath(index), equals: "idle" },
          { path: hoursPath(index), equals: interval },
        ],
      };
    },
  }),
  defineTemplate({
    id: "machines/service-due-then-start",
    domains: ["machines"],
    instantiate(ctx) {
      const interval = ctx.pick([200, 300, 400, 500]);
      const { machine, index } = addMachine(ctx, {
        status: "idle",
        interval,
        hours: interval + ctx.int(0, 12),
      });
      return {
        instruction: `${machine.machine_id} won't start. Check its status; if it is due for maintenance, service it, then start it. How many operating hours had it run since its last maintenance?`,
        steps: [
          { id: "status", tool: "get_machine_status", args: id(machine.machine_id) },
          { id: "service", tool: "perform_maintenance", args: id(machine.machine_id), after: ["status"] },
          { id: "start", tool: "start_machine", args: id(machine.machine_id), after: ["service"] },
        ],
        answer: { number: machine.hours_since_maintenance },
        state: [
          { path: statusPath(index), equals: "running" },
          { path: hoursPath(index), equals: 0 },
        ],
      };
    },
  }),
  defineTemplate({
    id: "machines/configure-start-and-run",
    domains: ["machines"],
    instantiate(ctx) {
      const { machine, index } = addMachine(ctx, { status: "idle" });
      const [name, p] = setting(machine, ctx.int(0, 1));
      const value = newValue(ctx, p);
      const item = product(ctx);
      const quantity = machine.units_per_hour * ctx.int(1, 4);
      return {
        instruction: `Set the ${spoken(name)} of ${machine.machine_id} to ${value}, start it, and once both are done run ${quantity} ${item} on it. Answer with the batch id.`,
        steps: [
          { id: "set", tool: "set_parameter", args: { ...id(machine.machine_id), parameter: name, value } },
          { id: "start", tool: "start_machine", args: id(machine.machine_id) },
          {
            id: "batch",
            tool: "run_production_batch",
            args: { ...id(machine.machine_id), product: { $ci: item }, quantity },
            after: ["set", "start"],
          },
        ],
        answer: { contains: { $from: "batch.batch_id" } },
        state: [
          { path: valuePath(index, name), equals: value },
          { path: statusPath(index), equals: "running" },
        ],
      };
    },
  }),
  defineTemplate({
    id: "machines/split-batch-across-two",
    domains: ["machines"],
    instantiate(ctx) {
      const a = addMachine(ctx, { status: "running" }).machine;
      const b = addMachine(ctx, { status: "running" }).machine;
      const item = product(ctx);
      const half = ctx.pick([100, 150, 200, 240, 300]);
      const hours = round2(round2(half / a.units_per_hour) + round2(half / b.units_per_hour));
      return {
        instruction: `Make ${half * 2} ${item}, split evenly: ${half} on ${a.machine_id} and ${half} on ${b.machine_id}. How many operating hours do the two batches take in total?`,
        steps: [
          {
            id: "batchA",
            tool: "run_production_batch",
            args: { ...id(a.machine_id), product: { $ci: item }, quantity: half },
          },
          {
            id: "batchB",
            tool: "run_production_batch",
            args: { ...id(b.machine_id), product: { $ci: item }, quantity: half },
          },
        ],
        answer: { number: hours, tolerance: 0.02 },
      };
    },
  }),
  defineTemplate({
    id: "machines/fix-setting-and-retest",
    domains: ["machines"],
    instantiate(ctx) {
      const position = ctx.int(0, 1);
      const { machine, index } = addMachine(ctx, { status: "idle", highSetting: position });
      const [name, p] = setting(machine, position);
      const value = newValue(ctx, p);
      return {
        instruction: `${machine.machine_id}'s ${spoken(name)} is set too high. Set it to ${value}, then run a self-test to check. What does the self-test recommend now?`,
        steps: [
          { id: "set", tool: "set_parameter", args: { ...id(machine.machine_id), parameter: name, value } },
          { id: "diagnose", tool: "run_diagnostics", args: id(machine.machine_id), after: ["set"] },
        ],
        answer: { normalized: "none" },
        state: [{ path: valuePath(index, name), equals: value }],
      };
    },
  }),
  defineTemplate({
    id: "machines/stop-reconfigure-restart",
    domains: ["machines"],
    instantiate(ctx) {
      const { machine, index } = addMachine(ctx, { status: "running" });
      const [name, p] = setting(machine, ctx.int(0, 1));
      const value = newValue(ctx, p);
      return {
        instruction: `Stop ${machine.machine_id}, change its ${spoken(name)} to ${value} while it is stopped, then start it again. What was the ${spoken(name)} before?`,
        steps: [
          { id: "stop", tool: "stop_machine", args: id(machine.machine_id) },
          {
            id: "set",
            tool: "set_parameter",
            args: { ...id(machine.machine_id), parameter: name, value },
            after: ["stop"],
          },
          { id: "start", tool: "start_machine", args: id(machine.machine_id), after: ["set"] },
        ],
        answer: { number: p.value },
        state: [
          { path: valuePath(index, name), equals: value },
          { path: statusPath(index), equals: "running" },
        ],
      };
    },
  }),
  defineTemplate({
    id: "machines/minimise-both-settings",
    domains: ["machines"],
    instantiate(ctx) {
      const { machine, index } = addMachine(ctx, { status: "idle" });
      const [n0, p0] = setting(machine, 0);
      const [n1, p1] = setting(machine, 1);
      const set = (step: string, name: string) => ({
        id: step,
        tool: "set_parameter",
        args: {
          ...id(machine.machine_id),
          parameter: name,
          value: { $from: `status.parameters.${name}.min` },
        },
        after: ["status"],
      });
      return {
        instruction: `Put ${machine.machine_id} in its gentlest mode: set both its ${spoken(n0)} and its ${spoken(n1)} to the lowest values they allow. What are those two values?`,
        steps: [
          { id: "status", tool: "get_machine_status", args: id(machine.machine_id) },
          set("set1", n0),
          set("set2", n1),
        ],
        answer: { contains: [String(p0.min), String(p1.min)] },
        state: [
          { path: valuePath(index, n0), equals: p0.min },
          { path: valuePath(index, n1), equals: p1.min },
        ],
      };
    },
  }),
  defineTemplate({
    id: "machines/one-hour-batch",
    domains: ["machines"],
    instantiate(ctx) {
      const { machine, index } = addMachine(ctx, { status: "running" });
      const item = product(ctx);
      return {
        instruction: `Run exactly one hour's worth of ${item} on ${machine.machine_id} at its normal rate. How many units is that?`,
        steps: [
          { id: "status", tool: "get_machine_status", args: id(machine.machine_id) },
          {
            id: "batch",
            tool: "run_production_batch",
            args: {
              ...id(machine.machine_id),
              product: { $ci: item },
              quantity: { $from: "status.units_per_hour" },
            },
            after: ["status"],
          },
        ],
        answer: { number: machine.units_per_hour },
        state: [{ path: hoursPath(index), equals: round2(machine.hours_since_maintenance + 1) }],
      };
    },
  }),
  defineTemplate({
    id: "machines/self-test-two-service-the-failing-one",
    domains: ["machines"],
    instantiate(ctx) {
      const faulty = ctx.int(0, 1);
      const interval = 300;
      const make = (bad: boolean) =>
        addMachine(
          ctx,
          bad ? { status: "idle", interval, hours: interval + ctx.int(0, 10) } : { status: "idle", interval },
        );
      const a = make(faulty === 0);
      const b = make(faulty === 1);
      const target = faulty === 0 ? a : b;
      return {
        instruction: `Self-test ${a.machine.machine_id} and ${b.machine.machine_id}, and service whichever one fails. Answer with the id of the machine you serviced.`,
        steps: [
          { id: "diagnoseA", tool: "run_diagnostics", args: id(a.machine.machine_id) },
          { id: "diagnoseB", tool: "run_diagnostics", args: id(b.machine.machine_id) },
          {
            id: "service",
            tool: "perform_maintenance",
            args: id(target.machine.machine_id),
            after: ["diagnoseA", "diagnoseB"],
          },
        ],
        answer: { contains: target.machine.machine_id },
        state: [{ path: hoursPath(target.index), equals: 0 }],
      };
    },
  }),
];
