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

/** Shop-floor templates, part 1: single calls and two-step chains. */
export const machinesShortCallPaths = [
  defineTemplate({
    id: "machines/read-setting",
    domains: ["machines"],
    instantiate(ctx) {
      const { machine } = addMachine(ctx, { status: ctx.pick(["idle", "running"] as const) });
      addMachine(ctx);
      const [name, p] = setting(machine, ctx.int(0, 1));
      return {
        instruction: `What is the ${spoken(name)} of ${machine.name} (${machine.machine_id}) set to right now? Answer with the value.`,
        steps: [{ id: "status", tool: "get_machine_status", args: id(machine.machine_id) }],
        answer: { number: p.value },
      };
    },
  }),
  defineTemplate({
    id: "machines/start-machine",
    domains: ["machines"],
    instantiate(ctx) {
      const { machine, index } = addMachine(ctx, { status: "idle" });
      const other = addMachine(ctx, { status: "idle" });
      return {
        instruction: `Start ${machine.name} (${machine.machine_id}); leave ${other.machine.machine_id} alone. Confirm the status it reports once started.`,
        steps: [{ id: "start", tool: "start_machine", args: id(machine.machine_id) }],
        answer: { contains: { $from: "start.status" } },
        state: [
          { path: statusPath(index), equals: "running" },
          { path: statusPath(other.index), equals: "idle" },
        ],
      };
    },
  }),
  defineTemplate({
    id: "machines/stop-machine",
    domains: ["machines"],
    instantiate(ctx) {
      const { machine, index } = addMachine(ctx, { status: "running" });
      const other = addMachine(ctx, { status: "running" });
      return {
        instruction: `Stop ${machine.name} (${machine.machine_id}) right away, but keep ${other.machine.machine_id} running. Confirm the status it reports once stopped.`,
        steps: [{ id: "stop", tool: "stop_machine", args: id(machine.machine_id) }],
        answer: { contains: { $from: "stop.status" } },
        state: [
          { path: statusPath(index), equals: "idle" },
          { path: statusPath(other.index), equals: "running" },
        ],
      };
    },
  }),
  defineTemplate({
    id: "machines/change-setting",
    domains: ["machines"],
    instantiate(ctx) {
      const { machine, index } = addMachine(ctx, { status: ctx.pick(["idle", "running"] as const) });
      const [name, p] = setting(machine, ctx.int(0, 1));
      const value = newValue(ctx, p);
      return {
        instruction: `Set the ${spoken(name)} of ${machine.machine_id} to ${value}${p.unit ? ` ${p.unit}` : ""}. What was it before?`,
        steps: [
          { id: "set", tool: "set_parameter", args: { ...id(machine.machine_id), parameter: name, value } },
        ],
        answer: { number: p.value },
        state: [{ path: valuePath(index, name), equals: value }],
      };
    },
  }),
  defineTemplate({
    id: "machines/self-test",
    domains: ["machines"],
    instantiate(ctx) {
      const outcome = ctx.pick(["none", "adjust_parameters", "perform_maintenance"] as const);
      const interval = 400;
      const { machine } = addMachine(ctx, {
        status: "idle",
        interval,
        ...(outcome === "adjust_parameters" ? { highSetting: ctx.int(0, 1) } : {}),
        ...(outcome === "perform_maintenance" ? { hours: interval + ctx.int(0, 20) } : {}),
      });
      return {
        instruction: `Run a self-test on ${machine.name} (${machine.machine_id}). What action does it recommend?`,
        steps: [{ id: "diagnose", tool: "run_diagnostics", args: id(machine.machine_id) }],
        answer: { normalized: outcome },
      };
    },
  }),
  defineTemplate({
    id: "machines/service-faulted-machine",
    domains: ["machines"],
    instantiate(ctx) {
      const fault = ctx.pick(FAULTS);
      const { machine, index } = addMachine(ctx, { status: "error", error: fault, hours: ctx.int(50, 150) });
      addMachine(ctx, { status: "error" });
      return {
        instruction: `${machine.name} (${machine.machine_id}) is showing a fault. Service it to clear the fault, and tell me which fault code was cleared.`,
        steps: [{ id: "service", tool: "perform_maintenance", args: id(machine.machine_id) }],
        answer: { contains: fault },
        state: [
          { path: statusPath(index), equals: "idle" },
          { path: hoursPath(index), equals: 0 },
        ],
      };
    },
  }),
  defineTemplate({
    id: "machines/start-and-run-batch",
    domains: ["machines"],
    instantiate(ctx) {
      const { machine, index } = addMachine(ctx, { status: "idle" });
      const item = product(ctx);
      const quantity = machine.units_per_hour * ctx.int(1, 6) + ctx.pick([0, 10, 25]);
      const hours = round2(quantity / machine.units_per_hour);
      return {
        instruction: `Start ${machine.machine_id} and run a batch of ${quantity} ${item} on it. How many operating hours did the batch take?`,
        steps: [
          { id: "start", tool: "start_machine", args: id(machine.machine_id) },
          {
            id: "batch",
            tool: "run_production_batch",
            args: { ...id(machine.machine_id), product: { $ci: item }, quantity },
            after: ["start"],
          },
        ],
        answer: { number: hours, tolerance: 0.01 },
        state: [{ path: hoursPath(index), equals: round2(machine.hours_since_maintenance + hours) }],
      };
    },
  }),
  defineTemplate({
    id: "machines/stop-and-self-test",
    domains: ["machines"],
    instantiate(ctx) {
      const high = ctx.int(0, 1) === 0;
      const { machine, index } = addMachine(ctx, {
        status: "running",
        ...(high ? { highSetting: ctx.int(0, 1) } : {}),
      });
      return {
        instruction: `Stop ${machine.name} (${machine.machine_id}) and run a self-test on it. What does the self-test recommend?`,
        steps: [
          { id: "stop", tool: "stop_machine", args: id(machine.machine_id) },
          { id: "diagnose", tool: "run_diagnostics", args: id(machine.machine_id), after: ["stop"] },
        ],
        answer: { normalized: high ? "adjust_parameters" : "none" },
        state: [{ path: statusPath(index), equals: "idle" }],
      };
    },
  }),
  defineTemplate({
    id: "machines/stop-and-service",
    domains: ["machines"],
    instantiate(ctx) {
      const interval = ctx.pick([300, 400, 500]);
      const { machine, index } = addMachine(ctx, {
        status: "running",
        interval,
        hours: interval - ctx.int(2, 15),
      });
      return {
        instruction: `${machine.name} (${machine.machine_id}) is nearly due for its service. Stop it and service it now. Answer with the maintenance id.`,
        steps: [
          { id: "stop", tool: "stop_machine", args: id(machine.machine_id) },
          { id: "service", tool: "perform_maintenance", args: id(machine.machine_id), after: ["stop"] },
        ],
        answer: { contains: { $from: "service.maintenance_id" } },
        state: [
          { path: statusPath(index), equals: "idle" },
          { path: hoursPath(index), equals: 0 },
        ],
      };
    },
  }),
  defineTemplate({
    id: "machines/max-out-setting",
    domains: ["machines"],
    instantiate(ctx) {
      const { machine, index } = addMachine(ctx, { status: ctx.pick(["idle", "running"] as const) });
      const [name, p] = setting(machine, ctx.int(0, 1));
      return {
        instruction: `Turn the ${spoken(name)} of ${machine.machine_id} up to the highest value it allows. What is that value?`,
        steps: [
          { id: "status", tool: "get_machine_status", args: id(machine.machine_id) },
          {
            id: "set",
            tool: "set_parameter",
            args: {
              ...id(machine.machine_id),
              parameter: name,
              value: { $from: `status.parameters.${name}.max` },
            },
            after: ["status"],
          },
        ],
        answer: { number: p.max },
        state: [{ path: valuePath(index, name), equals: p.max }],
      };
    },
  }),
  defineTemplate({
    id: "machines/batch-until-due",
    domains: ["machines"],
    instantiate(ctx) {
      const interval = ctx.pick([200, 300, 400]);
      const left = ctx.int(2, 8);
      const { machine, index } = addMachine(ctx, { status: "running", interval, hours: interval - left });
      const item = product(ctx);
      const quantity = left * machine.units_per_hour;
      return {
        instruction: `Run as many ${item} on ${machine.machine_id} as it can make before it is due for maintenance. How many units is that?`,
        steps: [
          { id: "status", tool: "get_machine_status", args: id(machine.machine_id) },
          {
            id: "batch",
            tool: "run_production_batch",
            args: { ...id(machine.machine_id), product: { $ci: item }, quantity },
            after: ["status"],
          },
        ],
        answer: { number: quantity },
        state: [{ path: hoursPath(index), equals: interval }],
      };
    },
  }),
  defineTemplate({
    id: "machines/more-hours-left",
    domains: ["machines"],
    instantiate(ctx) {
      const a = addMachine(ctx).machine;
      const b = addMachine(ctx).machine;
      const left = (m: typeof a) => m.maintenance_interval - m.hours_since_maintenance;
      if (left(a) === left(b)) b.hours_since_maintenance += 1;
      const winner = left(a) > left(b) ? a : b;
      return {
        instruction: `Which of ${a.machine_id} and ${b.machine_id} can run longer before its next maintenance is due? Answer with the machine id.`,
        steps: [
          { id: "statusA", tool: "get_machine_status", args: id(a.machine_id) },
          { id: "statusB", tool: "get_machine_status", args: id(b.machine_id) },
        ],
        answer: { contains: winner.machine_id },
      };
    },
  }),
  defineTemplate({
    id: "machines/start-the-unrestricted-one",
    domains: ["machines"],
    instantiate(ctx) {
      const first = ctx.int(0, 1) === 0;
      const a = addMachine(ctx, { status: "idle", restricted: !first });
      const b = addMachine(ctx, { status: "idle", restricted: first });
      const target = first ? a : b;
      return {
        instruction: `One of ${a.machine.machine_id} and ${b.machine.machine_id} is restricted to supervisors. Check which one I'm allowed to operate, and start it. Answer with the id of the machine you started.`,
        steps: [
          { id: "statusA", tool: "get_machine_status", args: id(a.machine.machine_id) },
          { id: "statusB", tool: "get_machine_status", args: id(b.machine.machine_id) },
          {
            id: "start",
            tool: "start_machine",
            args: id(target.machine.machine_id),
            after: ["statusA", "statusB"],
          },
        ],
        answer: { contains: target.machine.machine_id },
        state: [{ path: statusPath(target.index), equals: "running" }],
      };
    },
  }),
  defineTemplate({
    id: "machines/lower-flagged-setting",
    domains: ["machines"],
    instantiate(ctx) {
      const position = ctx.int(0, 1);
      const { machine, index } = addMachine(ctx, { status: "idle", highSetting: position });
      const [name, p] = setting(machine, position);
      const middle = (p.min + p.max) / 2;
      return {
        instruction: `Run a self-test on ${machine.machine_id}. If it flags a setting as near its maximum, set that setting to the middle of its allowed range. Which setting did you change?`,
        steps: [
          { id: "diagnose", tool: "run_diagnostics", args: id(machine.machine_id) },
          {
            id: "set",
            tool: "set_parameter",
            args: { ...id(machine.machine_id), parameter: name, value: middle },
            after: ["diagnose"],
          },
        ],
        answer: { contains: spoken(name) },
        state: [{ path: valuePath(index, name), equals: middle }],
      };
    },
  }),
];
