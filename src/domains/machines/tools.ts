import { z } from "zod";
import { sameId, takenIn } from "../shared/state-kit.js";
import { DomainError, type DomainTool, defineDomain, defineTool } from "../shared/types.js";
import {
  checkView,
  count,
  diagnose,
  hours,
  isDue,
  type Machine,
  type MachinesState,
  machineStatus,
  machinesStateSchema,
  paramName,
  WARN_AT,
} from "./state.js";

export { type MachinesState, machinesStateSchema };

const MAX_BATCH = 100_000;

const outputParameter = z.strictObject({
  value: z.number(),
  min: z.number(),
  max: z.number(),
  unit: z.string(),
});
const machineView = z.strictObject({
  machine_id: z.string(),
  name: z.string(),
  type: z.string(),
  status: machineStatus,
  error_code: z.string().nullable(),
  restricted: z.boolean(),
  parameters: z.record(z.string(), outputParameter),
  units_per_hour: z.number(),
  hours_since_maintenance: hours,
  maintenance_interval: z.number(),
  maintenance_due: z.boolean(),
});
const transitionView = z.strictObject({
  machine_id: z.string(),
  status: machineStatus,
  previous_status: machineStatus,
});

const round2 = (x: number): number => Math.round(x * 100) / 100;

function viewMachine(m: Machine) {
  const parameters = Object.fromEntries(Object.entries(m.parameters).map(([k, p]) => [k, { ...p }]));
  return { ...m, parameters, maintenance_due: isDue(m) };
}

function findMachine(state: MachinesState, id: string): Machine {
  const machine = state.machines.find((m) => sameId(m.machine_id, id));
  if (!machine) throw new DomainError("NOT_FOUND", `No machine ${id}; call list_machines to see machine ids`);
  return machine;
}

/** Restricted machines can be read and stopped (stopping is a safety action), not operated. */
function requireOperable(m: Machine): void {
  if (m.restricted) {
    throw new DomainError(
      "PERMISSION_DENIED",
      `${m.machine_id} is restricted to supervisors; you may read its status or stop it, but not operate it. Use another machine`,
    );
  }
}

function requireStopped(m: Machine, action: string): void {
  if (m.status === "running") {
    throw new DomainError("INVALID_STATE", `${m.machine_id} is running; call stop_machine before ${action}`);
  }
}

const machineIdArg = z.string().min(1).describe("Machine id, as list_machines returns it.");

function tool<A extends z.ZodObject>(spec: DomainTool<MachinesState, A>): DomainTool<MachinesState> {
  return defineTool(spec);
}

const listMachines = tool({
  name: "list_machines",
  description:
    "Lists the machines, optionally only those in one status. Returns { machines: [{ machine_id, name, type, " +
    "status }], count }, in shop-floor order. No machine is not an error.",
  input: z.strictObject({
    status: machineStatus
      .optional()
      .describe('Only machines in this status: "idle", "running", "maintenance" or "error". Default: all.'),
  }),
  output: z.strictObject({
    machines: z.array(
      z.strictObject({ machine_id: z.string(), name: z.string(), type: z.string(), status: machineStatus }),
    ),
    count,
  }),
  readOnly: true,
  latency: 1,
  run(state, args) {
    const machines = state.machines
      .filter((m) => args.status === undefined || m.status === args.status)
      .map((m) => ({ machine_id: m.machine_id, name: m.name, type: m.type, status: m.status }));
    return { machines, count: machines.length };
  },
});

const getMachineStatus = tool({
  name: "get_machine_status",
  description:
    "Gets a machine's full status. Returns { machine_id, name, type, status, error_code, restricted, " +
    "parameters: { name: { value, min, max, unit } }, units_per_hour, hours_since_maintenance, " +
    "maintenance_interval, maintenance_due }. Errors: NOT_FOUND if no machine has that id.",
  input: z.strictObject({ machine_id: machineIdArg }),
  output: machineView,
  readOnly: true,
  latency: 1,
  run(state, args) {
    return viewMachine(findMachine(state, args.machine_id));
  },
});

const startMachine = tool({
  name: "start_machine",
  description:
    'Starts an idle machine, which then runs until stopped. Returns { machine_id, status: "running", ' +
    'previous_status: "idle" }. Errors: NOT_FOUND if no machine has that id; PERMISSION_DENIED if it is ' +
    "restricted; INVALID_STATE if it is already running, under maintenance, in error (call run_diagnostics, " +
    "then perform_maintenance) or due for maintenance.",
  input: z.strictObject({ machine_id: machineIdArg }),
  output: transitionView,
  readOnly: false,
  idempotent: true,
  latency: { lognormal: { median: 4, p95: 10 } },
  run(state, args) {
    const m = findMachine(state, args.machine_id);
    requireOperable(m);
    const refusal = {
      running: `${m.machine_id} is already running; nothing to do`,
      maintenance: `${m.machine_id} is under maintenance; call perform_maintenance to complete it, or use another machine`,
      error: `${m.machine_id} is in error ${m.error_code}; call run_diagnostics, then perform_maintenance to clear it`,
      idle: isDue(m)
        ? `${m.machine_id} is due for maintenance (${m.hours_since_maintenance} of ${m.maintenance_interval} h); call perform_maintenance first`
        : undefined,
    }[m.status];
    if (refusal) throw new DomainError("INVALID_STATE", refusal);
    m.status = "running";
    return { machine_id: m.machine_id, status: "running", previous_status: "idle" };
  },
});

const stopMachine = tool({
  name: "stop_machine",
  description:
    'Stops a running machine. Any operator may stop any machine, restricted or not. Returns { machine_id, status: "idle", ' +
    'previous_status: "running" }. Errors: NOT_FOUND if no machine has that id; INVALID_STATE if it is not running.',
  input: z.strictObject({ machine_id: machineIdArg }),
  output: transitionView,
  readOnly: false,
  idempotent: true,
  latency: { uniform: { min: 2, max: 4 } },
  run(state, args) {
    const m = findMachine(state, args.machine_id);
    if (m.status !== "running") {
      throw new DomainError(
        "INVALID_STATE",
        `${m.machine_id} is not running (it is ${m.status}); nothing to stop`,
      );
    }
    m.status = "idle";
    return { machine_id: m.machine_id, status: "idle", previous_status: "running" };
  },
});

const setParameter = tool({
  name: "set_parameter",
  description:
    "Changes one setting of a machine, running or not, within its allowed range. Returns { machine_id, " +
    "parameter, value, previous, unit }. Errors: NOT_FOUND if no machine has that id or it has no such " +
    "parameter (get_machine_status lists them); PERMISSION_DENIED if the machine is restricted; " +
    "INVALID_ARGUMENT if the value is outside the parameter's range.",
  input: z.strictObject({
    machine_id: machineIdArg,
    parameter: z
      .string()
      .regex(paramName, "give the parameter's snake_case name, e.g. spindle_speed")
      .describe("Parameter name, as get_machine_status lists it, e.g. spindle_speed."),
    value: z.number().finite().describe("New setting, in the parameter's unit, e.g. 1200."),
  }),
  output: z.strictObject({
    machine_id: z.string(),
    parameter: z.string(),
    value: z.number(),
    previous: z.number(),
    unit: z.string(),
  }),
  readOnly: false,
  idempotent: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(state, args) {
    const m = findMachine(state, args.machine_id);
    requireOperable(m);
    const p = Object.hasOwn(m.parameters, args.parameter) ? m.parameters[args.parameter] : undefined;
    if (!p) {
      const names = Object.keys(m.parameters).sort().join(", ") || "none";
      throw new DomainError(
        "NOT_FOUND",
        `${m.machine_id} has no parameter ${args.parameter}; its parameters are: ${names}`,
      );
    }
    if (args.value < p.min || args.value > p.max) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `${args.parameter} of ${m.machine_id} must be between ${p.min} and ${p.max}${p.unit ? ` ${p.unit}` : ""}; got ${args.value}`,
      );
    }
    const previous = p.value;
    p.value = args.value;
    return { machine_id: m.machine_id, parameter: args.parameter, value: p.value, previous, unit: p.unit };
  },
});

const runProductionBatch = tool({
  name: "run_production_batch",
  description:
    "Runs a production batch on a running machine and waits until it is done; it takes quantity ÷ " +
    "units_per_hour operating hours, which count towards maintenance. Returns { batch_id, machine_id, product, " +
    "quantity, hours, hours_since_maintenance, maintenance_due }. Errors: NOT_FOUND if no machine has that id; " +
    "PERMISSION_DENIED if it is restricted; INVALID_STATE if it is not running (call start_machine) or the " +
    "batch would run past the machine's maintenance interval (run fewer units, or perform_maintenance first).",
  input: z.strictObject({
    machine_id: machineIdArg,
    product: z.string().regex(/\S/, "name the product to make").describe("Product to make, e.g. bracket-A."),
    quantity: z.number().int().min(1).max(MAX_BATCH).describe(`Units to make, 1 to ${MAX_BATCH}.`),
  }),
  output: z.strictObject({
    batch_id: z.string(),
    machine_id: z.string(),
    product: z.string(),
    quantity: z.number().int().positive(),
    hours,
    hours_since_maintenance: hours,
    maintenance_due: z.boolean(),
  }),
  readOnly: false,
  latency: { lognormal: { median: 10, p95: 30 } },
  run(state, args, ctx) {
    const m = findMachine(state, args.machine_id);
    requireOperable(m);
    if (m.status !== "running") {
      throw new DomainError(
        "INVALID_STATE",
        `${m.machine_id} is ${m.status}, not running; call start_machine first`,
      );
    }
    const needed = round2(args.quantity / m.units_per_hour);
    const left = round2(m.maintenance_interval - m.hours_since_maintenance);
    if (needed > left) {
      const most = Math.floor(Math.max(0, left) * m.units_per_hour);
      throw new DomainError(
        "INVALID_STATE",
        `The batch needs ${needed} h but ${m.machine_id} is due for maintenance in ${Math.max(0, left)} h; run at most ${most} units, or stop it and call perform_maintenance first`,
      );
    }
    const { id, next } = ctx.ids.text(
      "B",
      state.nextBatchNumber,
      takenIn(state.batches.map((b) => b.batch_id)),
    );
    state.nextBatchNumber = next;
    m.hours_since_maintenance = round2(m.hours_since_maintenance + needed);
    const batch = {
      batch_id: id,
      machine_id: m.machine_id,
      product: args.product.trim(),
      quantity: args.quantity,
      hours: needed,
    };
    state.batches.push(batch);
    return { ...batch, hours_since_maintenance: m.hours_since_maintenance, maintenance_due: isDue(m) };
  },
});

const runDiagnostics = tool({
  name: "run_diagnostics",
  description:
    "Runs a full self-test of a stopped machine and reports, without changing anything. Returns { machine_id, " +
    'status, healthy, checks: [{ check, result: "ok" | "warn" | "fail", detail }], recommended_action: "none" | ' +
    '"adjust_parameters" | "perform_maintenance" }: checks are "error", "maintenance" (warns from ' +
    `${WARN_AT * 100}% of the interval, fails when due) and "parameter:<name>" for each setting (warns in the ` +
    "top tenth of its range); healthy is false when any check fails. Errors: NOT_FOUND if no machine has that " +
    "id; INVALID_STATE if it is running (call stop_machine first).",
  input: z.strictObject({ machine_id: machineIdArg }),
  output: z.strictObject({
    machine_id: z.string(),
    status: machineStatus,
    healthy: z.boolean(),
    checks: z.array(checkView),
    recommended_action: z.enum(["none", "adjust_parameters", "perform_maintenance"]),
  }),
  readOnly: true,
  latency: { lognormal: { median: 6, p95: 15 } },
  run(state, args) {
    const m = findMachine(state, args.machine_id);
    requireStopped(m, "running diagnostics");
    return { machine_id: m.machine_id, status: m.status, ...diagnose(m) };
  },
});

const performMaintenance = tool({
  name: "perform_maintenance",
  description:
    "Services a stopped machine and waits until the service is done: clears any fault, resets its operating " +
    "hours since maintenance to 0 and leaves it idle. Returns { maintenance_id, machine_id, status: " +
    '"idle", previous_status, cleared_error, hours_since_maintenance: 0 }, cleared_error being the fault ' +
    "code cleared or null. Errors: NOT_FOUND if no machine has that id; PERMISSION_DENIED if it is " +
    "restricted; INVALID_STATE if it is running (call stop_machine first).",
  input: z.strictObject({ machine_id: machineIdArg }),
  output: z.strictObject({
    maintenance_id: z.string(),
    machine_id: z.string(),
    status: z.literal("idle"),
    previous_status: machineStatus,
    cleared_error: z.string().nullable(),
    hours_since_maintenance: z.literal(0),
  }),
  readOnly: false,
  latency: { lognormal: { median: 12, p95: 30 } },
  run(state, args, ctx) {
    const m = findMachine(state, args.machine_id);
    requireOperable(m);
    requireStopped(m, "maintenance");
    const { id, next } = ctx.ids.text(
      "MT",
      state.nextMaintenanceNumber,
      takenIn(state.maintenance_log.map((x) => x.maintenance_id)),
    );
    state.nextMaintenanceNumber = next;
    const previous = m.status;
    const cleared = m.error_code;
    state.maintenance_log.push({ maintenance_id: id, machine_id: m.machine_id, cleared_error: cleared });
    m.status = "idle";
    m.error_code = null;
    m.hours_since_maintenance = 0;
    return {
      maintenance_id: id,
      machine_id: m.machine_id,
      status: "idle",
      previous_status: previous,
      cleared_error: cleared,
      hours_since_maintenance: 0,
    };
  },
});

export const machines = defineDomain({
  name: "machines",
  category: "Machine Operation",
  description:
    "A shop floor of machines: list them, start and stop them, change settings, run production batches, " +
    "diagnose and service them. Batch ids are B followed by a number, maintenance ids MT followed by a number.",
  state: machinesStateSchema,
  tools: [
    listMachines,
    getMachineStatus,
    startMachine,
    stopMachine,
    setParameter,
    runProductionBatch,
    runDiagnostics,
    performMaintenance,
  ],
});
