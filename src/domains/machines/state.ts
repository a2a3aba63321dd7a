import { z } from "zod";
import { checkUnique } from "../shared/state-kit.js";

/** The shop floor's state, and the health checks derived from it. */

/** A parameter in the top tenth of its range, or maintenance nine tenths due, is flagged as a warning. */
export const WARN_AT = 0.9;

export const count = z.number().int().nonnegative();
export const hours = z.number().finite().nonnegative();
export const machineStatus = z.enum(["idle", "running", "maintenance", "error"]);
export const paramName = /^[a-z][a-z0-9_]*$/;

const parameterSchema = z.strictObject({
  value: z.number().finite().describe("Current setting."),
  min: z.number().finite().describe("Lowest allowed setting."),
  max: z.number().finite().describe("Highest allowed setting."),
  unit: z.string().default("").describe("Unit, e.g. rpm or °C. Default empty."),
});

const machineSchema = z.strictObject({
  machine_id: z.string().min(1).describe("Machine id (any text, unique among the machines)."),
  name: z.string().min(1).describe("Machine name, e.g. Milling centre 1."),
  type: z.string().default("").describe("Kind of machine, e.g. cnc_mill. Default empty."),
  status: machineStatus
    .default("idle")
    .describe('"idle" (default), "running", "maintenance" (under service) or "error" (needs error_code).'),
  error_code: z
    .string()
    .min(1)
    .nullable()
    .default(null)
    .describe("Fault code when status is error, e.g. E-OVERHEAT; null otherwise."),
  restricted: z
    .boolean()
    .default(false)
    .describe(
      "Operable only by a supervisor: the agent may read it and stop it, not change it. Default false.",
    ),
  parameters: z
    .record(z.string().regex(paramName, "name parameters in snake_case, e.g. spindle_speed"), parameterSchema)
    .default({})
    .describe("Settings by name, e.g. spindle_speed, each with its allowed range."),
  units_per_hour: z
    .number()
    .positive()
    .default(100)
    .describe("Units a production batch makes per hour. Default 100."),
  hours_since_maintenance: hours
    .default(0)
    .describe("Operating hours since the last maintenance. Default 0."),
  maintenance_interval: z
    .number()
    .positive()
    .default(500)
    .describe(
      "Operating hours between maintenances; when reached, the machine must be serviced. Default 500.",
    ),
});

export const machinesStateSchema = z
  .strictObject({
    machines: z.array(machineSchema).default([]).describe("The machines of the shop floor."),
    batches: z
      .array(
        z.strictObject({
          batch_id: z.string().min(1).describe("Batch id (any text, unique among the batches)."),
          machine_id: z.string().min(1).describe("Machine that ran it."),
          product: z.string().describe("Product made."),
          quantity: z.number().int().positive().describe("Units made."),
          hours: hours.describe("Operating hours it took."),
        }),
      )
      .default([])
      .describe("Production batches run so far, oldest first."),
    maintenance_log: z
      .array(
        z.strictObject({
          maintenance_id: z.string().min(1).describe("Maintenance id (any text, unique in the log)."),
          machine_id: z.string().min(1).describe("Machine serviced."),
          cleared_error: z.string().nullable().describe("Fault code it cleared, or null."),
        }),
      )
      .default([])
      .describe("Maintenance done so far, oldest first."),
    nextBatchNumber: count
      .default(1001)
      .describe(
        "Index of the next batch id: which one it is; the id itself is drawn from the episode's seed, so this only numbers them (older scenario files set it; any positive value works).",
      ),
    nextMaintenanceNumber: count
      .default(1001)
      .describe(
        "Index of the next maintenance id: which one it is; the id itself is drawn from the episode's seed, so this only numbers them (older scenario files set it; any positive value works).",
      ),
  })
  .superRefine((state, ctx) => {
    checkUnique(
      ctx,
      "machines",
      state.machines.map((m) => m.machine_id),
    );
    checkUnique(
      ctx,
      "batches",
      state.batches.map((b) => b.batch_id),
    );
    checkUnique(
      ctx,
      "maintenance_log",
      state.maintenance_log.map((m) => m.maintenance_id),
    );
    state.machines.forEach((m, i) => {
      if ((m.status === "error") !== (m.error_code !== null)) {
        ctx.addIssue({
          code: "custom",
          path: ["machines", i, "error_code"],
          message: "give an error_code exactly when status is error, e.g. E-OVERHEAT",
        });
      }
      for (const [name, p] of Object.entries(m.parameters)) {
        if (p.min > p.max || p.value < p.min || p.value > p.max) {
          ctx.addIssue({
            code: "custom",
            path: ["machines", i, "parameters", name],
            message: `needs min <= value <= max, got ${p.min} <= ${p.value} <= ${p.max}`,
          });
        }
      }
    });
  });

export type MachinesState = z.infer<typeof machinesStateSchema>;
export type Machine = MachinesState["machines"][number];

export const checkView = z.strictObject({
  check: z.string(),
  result: z.enum(["ok", "warn", "fail"]),
  detail: z.string(),
});

export const isDue = (m: Machine): boolean => m.hours_since_maintenance >= m.maintenance_interval;

/** The self-test of run_diagnostics: a fault or due maintenance fails, a setting near its maximum warns. */
export function diagnose(m: Machine) {
  const checks: z.infer<typeof checkView>[] = [];
  checks.push(
    m.status === "error"
      ? { check: "error", result: "fail", detail: `fault ${m.error_code} reported` }
      : { check: "error", result: "ok", detail: "no fault reported" },
  );
  const worn = m.hours_since_maintenance / m.maintenance_interval;
  checks.push({
    check: "maintenance",
    result: worn >= 1 ? "fail" : worn >= WARN_AT ? "warn" : "ok",
    detail: `${m.hours_since_maintenance} of ${m.maintenance_interval} operating hours since the last maintenance`,
  });
  for (const name of Object.keys(m.parameters).sort()) {
    const p = m.parameters[name] as Machine["parameters"][string];
    const unit = p.unit ? ` ${p.unit}` : "";
    const high = p.max > p.min && (p.value - p.min) / (p.max - p.min) >= WARN_AT;
    checks.push({
      check: `parameter:${name}`,
      result: high ? "warn" : "ok",
      detail: `${p.value}${unit}, allowed ${p.min} to ${p.max}${high ? "; near its maximum" : ""}`,
    });
  }
  const failed = checks.some((c) => c.result === "fail");
  const paramWarn = checks.some((c) => c.check.startsWith("parameter:") && c.result === "warn");
  const action: "none" | "adjust_parameters" | "perform_maintenance" = failed
    ? "perform_maintenance"
    : paramWarn
      ? "adjust_parameters"
      : "none";
  return { healthy: !failed, checks, recommended_action: action };
}
