import type { TemplateContext } from "../../dataset/template.js";

/**
 * What the machines templates share: kinds of machine with their settings, and a helper that
 * adds a task's own machines to the shop floor. Machine ids come from one pool per episode, so
 * two tasks never touch the same machine; the machines list is fixed at the start, so a
 * machine's index in the state is stable for state checks.
 */

export interface Parameter {
  value: number;
  min: number;
  max: number;
  unit: string;
}
export interface Machine {
  machine_id: string;
  name: string;
  type: string;
  status: "idle" | "running" | "maintenance" | "error";
  error_code: string | null;
  restricted: boolean;
  parameters: Record<string, Parameter>;
  units_per_hour: number;
  hours_since_maintenance: number;
  maintenance_interval: number;
}
interface MachinesState {
  machines: Machine[];
  [key: string]: unknown;
}

interface Kind {
  readonly type: string;
  readonly prefix: string;
  readonly label: string;
  /** Two settings: name, unit, min, max (whole numbers, max − min divisible by 20). */
  readonly parameters: readonly (readonly [string, string, number, number])[];
}

const KINDS: readonly Kind[] = [
  {
    type: "cnc_mill",
    prefix: "CNC",
    label: "Milling centre",
    parameters: [
      ["spindle_speed", "rpm", 500, 12500],
      ["feed_rate", "mm/min", 40, 2040],
    ],
  },
  {
    type: "lathe",
    prefix: "LTH",
    label: "Lathe",
    parameters: [
      ["spindle_speed", "rpm", 200, 4200],
      ["coolant_flow", "L/min", 2, 22],
    ],
  },
  {
    type: "press",
    prefix: "PRS",
    label: "Hydraulic press",
    parameters: [
      ["pressure", "bar", 60, 400],
      ["stroke_rate", "strokes/min", 5, 65],
    ],
  },
  {
    type: "oven",
    prefix: "OVN",
    label: "Curing oven",
    parameters: [
      ["temperature", "°C", 80, 260],
      ["fan_speed", "%", 0, 100],
    ],
  },
  {
    type: "printer_3d",
    prefix: "PRT",
    label: "3D printer",
    parameters: [
      ["nozzle_temp", "°C", 180, 280],
      ["bed_temp", "°C", 40, 120],
    ],
  },
  {
    type: "laser_cutter",
    prefix: "LSR",
    label: "Laser cutter",
    parameters: [
      ["power", "W", 100, 2100],
      ["cutting_speed", "mm/s", 0, 200],
    ],
  },
  {
    type: "welder",
    prefix: "WLD",
    label: "Welding robot",
    parameters: [
      ["current", "A", 40, 300],
      ["wire_speed", "m/min", 2, 22],
    ],
  },
  {
    type: "injection_moulder",
    prefix: "INJ",
    label: "Injection moulder",
    parameters: [
      ["melt_temp", "°C", 180, 300],
      ["clamp_force", "t", 50, 550],
    ],
  },
];

const IDS = KINDS.flatMap((k) => Array.from({ length: 30 }, (_, i) => `${k.prefix}-${i + 1}`));

export const PRODUCTS = [
  "bracket-A",
  "hinge-7",
  "gear-12",
  "flange-B",
  "spacer-3",
  "housing-C",
  "clip-9",
  "valve-cap",
  "rotor-4",
  "panel-D",
  "bushing-5",
  "lever-E",
] as const;

export const FAULTS = ["E-OVERHEAT", "E-VIBRATION", "E-JAM", "E-PRESSURE", "E-SENSOR", "E-MOTOR"] as const;

/** "spindle_speed" → "spindle speed", as a person says it. */
export const spoken = (parameter: string): string => parameter.replaceAll("_", " ");

/** Two decimals, as the domain rounds operating hours. */
export const round2 = (x: number): number => Math.round(x * 100) / 100;

export interface MachineOptions {
  readonly status?: Machine["status"];
  readonly error?: string;
  readonly restricted?: boolean;
  /** Operating hours since maintenance (default: well below the interval). */
  readonly hours?: number;
  readonly interval?: number;
  readonly unitsPerHour?: number;
  /** Put this setting (by position, 0 or 1) in the top tenth of its range, where a self-test warns. */
  readonly highSetting?: number;
  /** Of the same kind as this machine (same settings), e.g. a twin on the next line. */
  readonly like?: Machine;
}

function kindOf(type: string): Kind {
  const kind = KINDS.find((k) => k.type === type);
  if (!kind) throw new RangeError(`no kind of machine ${type}`);
  return kind;
}

/** Adds a machine of the task, returns it with its index in the state. */
export function addMachine(
  ctx: TemplateContext,
  options: MachineOptions = {},
): { machine: Machine; index: number } {
  const state = ctx.state<MachinesState & Record<string, never>>("machines");
  const kind = options.like ? kindOf(options.like.type) : ctx.pick(KINDS);
  const id = ctx.unique(
    "machines.id",
    IDS.filter((i) => i.startsWith(`${kind.prefix}-`)),
  );
  const interval = options.interval ?? ctx.pick([200, 250, 300, 400, 500, 600]);
  const parameters: Record<string, Parameter> = {};
  kind.parameters.forEach(([name, unit, min, max], i) => {
    const step = (max - min) / 20;
    // Between a fifth and seven tenths of the range, or above nine tenths when asked.
    const at = options.highSetting === i ? ctx.int(19, 20) : ctx.int(4, 14);
    parameters[name] = { value: min + at * step, min, max, unit };
  });
  const machine: Machine = {
    machine_id: id,
    name: `${kind.label} ${id.split("-")[1]}`,
    type: kind.type,
    status: options.status ?? "idle",
    error_code: options.status === "error" ? (options.error ?? ctx.pick(FAULTS)) : null,
    restricted: options.restricted ?? false,
    parameters,
    units_per_hour: options.unitsPerHour ?? ctx.pick([40, 50, 60, 75, 80, 100, 120, 150, 200]),
    hours_since_maintenance: options.hours ?? ctx.int(0, Math.floor(interval * 0.6)),
    maintenance_interval: interval,
  };
  state.machines.push(machine);
  return { machine, index: state.machines.length - 1 };
}

export function setting(machine: Machine, position: number): [string, Parameter] {
  const entry = Object.entries(machine.parameters)[position];
  if (!entry) throw new RangeError(`${machine.machine_id} has no setting ${position}`);
  return entry;
}

export const statusPath = (index: number): (string | number)[] => ["machines", "machines", index, "status"];
export const valuePath = (index: number, parameter: string): (string | number)[] => [
  "machines",
  "machines",
  index,
  "parameters",
  parameter,
  "value",
];
export const hoursPath = (index: number): (string | number)[] => [
  "machines",
  "machines",
  index,
  "hours_since_maintenance",
];

/** Moves a setting of `b` one step off `a`'s, when the two are equal: a copy must change something. */
export function differ(a: Parameter, b: Parameter): void {
  if (a.value !== b.value) return;
  const step = (b.max - b.min) / 20;
  b.value += b.value + step <= b.min + 14 * step ? step : -step;
}

/** A new value for a setting: a whole step of its range, different from the current one, below nine tenths. */
export function newValue(ctx: TemplateContext, p: Parameter): number {
  const step = (p.max - p.min) / 20;
  const options = Array.from({ length: 15 }, (_, i) => p.min + (i + 2) * step).filter((v) => v !== p.value);
  return ctx.pick(options);
}

export const product = (ctx: TemplateContext): string => ctx.pick(PRODUCTS);
