import { describe, expect, it } from "vitest";
import { machines } from "../../../src/domains/machines/tools.js";
import { seededIds } from "../../../src/engine/ids.js";
import { harness, toolOf } from "../harness.js";
import { describeWholeDomain } from "../whole-domain.js";

const initial = {
  machines: [
    {
      machine_id: "CNC-1",
      name: "Mill 1",
      type: "cnc_mill",
      parameters: {
        spindle_speed: { value: 1000, min: 0, max: 1200, unit: "rpm" },
        coolant_temp: { value: 20, min: 10, max: 30, unit: "°C" },
      },
      units_per_hour: 40,
      hours_since_maintenance: 480,
    },
    { machine_id: "CNC-2", name: "Mill 2", type: "cnc_mill", status: "running" },
    {
      machine_id: "PRESS-1",
      name: "Press",
      status: "error",
      error_code: "E-OVERHEAT",
      hours_since_maintenance: 120,
    },
    { machine_id: "LATHE-1", name: "Lathe", status: "maintenance" },
    { machine_id: "ROBOT-1", name: "Welding robot", status: "running", restricted: true },
    { machine_id: "OLD-1", name: "Old drill", hours_since_maintenance: 500, maintenance_interval: 500 },
  ],
};

const mc = () => harness(machines, initial);
const on = (machine_id: string) => ({ machine_id });

describe("machines state", () => {
  it("fills defaults", () => {
    expect(machines.state.parse({})).toEqual({
      machines: [],
      batches: [],
      maintenance_log: [],
      nextBatchNumber: 1001,
      nextMaintenanceNumber: 1001,
    });
    const parsed = machines.state.parse({ machines: [{ machine_id: "M", name: "M" }] });
    expect(parsed.machines).toEqual([
      {
        machine_id: "M",
        name: "M",
        type: "",
        status: "idle",
        error_code: null,
        restricted: false,
        parameters: {},
        units_per_hour: 100,
        hours_since_maintenance: 0,
        maintenance_interval: 500,
      },
    ]);
  });

  const machine = { machine_id: "M", name: "M" };
  const param = (p: Record<string, number>) => ({
    ...machine,
    parameters: { speed: { value: 5, min: 0, max: 10, ...p } },
  });
  it.each([
    [{ machines: [{ ...machine, status: "error" }] }, "error_code exactly when status is error"],
    [{ machines: [{ ...machine, error_code: "E1" }] }, "error_code exactly when status is error"],
    [{ machines: [param({ value: 11 })] }, "min <= value <= max"],
    [{ machines: [param({ min: 8, max: 2 })] }, "min <= value <= max"],
    [
      { machines: [{ ...machine, parameters: { "Spindle Speed": { value: 1, min: 0, max: 2 } } }] },
      "snake_case",
    ],
    [{ machines: [machine, machine] }, "M appears twice"],
    [{ machines: [{ ...machine, status: "broken" }] }, "status"],
    [{ jobs: [] }, "jobs"],
  ])("rejects %j", (state, message) => {
    const result = machines.state.safeParse(state);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.message} ${JSON.stringify(i)}`).join("\n")).toContain(
      message,
    );
  });
});

describe("list_machines and get_machine_status", () => {
  it("lists machines in shop-floor order, optionally by status", () => {
    const h = mc();
    const all = h.call("list_machines", {});
    expect(all.count).toBe(6);
    expect(all.machines[0]).toEqual({
      machine_id: "CNC-1",
      name: "Mill 1",
      type: "cnc_mill",
      status: "idle",
    });
    expect(all.machines.map((m: { machine_id: string }) => m.machine_id)).toEqual([
      "CNC-1",
      "CNC-2",
      "PRESS-1",
      "LATHE-1",
      "ROBOT-1",
      "OLD-1",
    ]);
    expect(
      h
        .call("list_machines", { status: "running" })
        .machines.map((m: { machine_id: string }) => m.machine_id),
    ).toEqual(["CNC-2", "ROBOT-1"]);
    expect(harness(machines, {}).call("list_machines", {})).toEqual({ machines: [], count: 0 });
  });

  it("gives a machine's full status by id in any case", () => {
    const h = mc();
    expect(h.call("get_machine_status", on("cnc-1"))).toEqual({
      machine_id: "CNC-1",
      name: "Mill 1",
      type: "cnc_mill",
      status: "idle",
      error_code: null,
      restricted: false,
      parameters: {
        spindle_speed: { value: 1000, min: 0, max: 1200, unit: "rpm" },
        coolant_temp: { value: 20, min: 10, max: 30, unit: "°C" },
      },
      units_per_hour: 40,
      hours_since_maintenance: 480,
      maintenance_interval: 500,
      maintenance_due: false,
    });
    expect(h.call("get_machine_status", on("OLD-1")).maintenance_due).toBe(true);
    expect(h.fail("get_machine_status", on("X-9"), "NOT_FOUND").message).toMatch(
      /No machine X-9; call list_machines/,
    );
  });
});

describe("start_machine and stop_machine", () => {
  it("starts an idle machine and stops it again", () => {
    const h = mc();
    expect(h.call("start_machine", on("CNC-1"))).toEqual({
      machine_id: "CNC-1",
      status: "running",
      previous_status: "idle",
    });
    expect(h.call("stop_machine", on("CNC-1"))).toEqual({
      machine_id: "CNC-1",
      status: "idle",
      previous_status: "running",
    });
  });

  it("refuses to start a machine that is running, serviced, faulty or due for maintenance", () => {
    const h = mc();
    expect(h.fail("start_machine", on("CNC-2"), "INVALID_STATE").message).toMatch(/already running/);
    expect(h.fail("start_machine", on("LATHE-1"), "INVALID_STATE").message).toMatch(
      /under maintenance; call perform_maintenance to complete it/,
    );
    expect(h.fail("start_machine", on("PRESS-1"), "INVALID_STATE").message).toMatch(
      /in error E-OVERHEAT; call run_diagnostics, then perform_maintenance/,
    );
    expect(h.fail("start_machine", on("OLD-1"), "INVALID_STATE").message).toMatch(
      /due for maintenance \(500 of 500 h\); call perform_maintenance first/,
    );
    expect(h.fail("start_machine", on("ROBOT-1"), "PERMISSION_DENIED").message).toMatch(
      /restricted to supervisors.*Use another machine/,
    );
    h.fail("start_machine", on("X-9"), "NOT_FOUND");
  });

  it("lets anyone stop any running machine, restricted or not", () => {
    const h = mc();
    expect(h.call("stop_machine", on("ROBOT-1")).status).toBe("idle");
    expect(h.fail("stop_machine", on("CNC-1"), "INVALID_STATE").message).toMatch(
      /CNC-1 is not running \(it is idle\); nothing to stop/,
    );
    h.fail("stop_machine", on("X-9"), "NOT_FOUND");
  });
});

describe("set_parameter", () => {
  it("changes a setting within its range, running or not", () => {
    const h = mc();
    expect(h.call("set_parameter", { machine_id: "CNC-1", parameter: "spindle_speed", value: 1200 })).toEqual(
      {
        machine_id: "CNC-1",
        parameter: "spindle_speed",
        value: 1200,
        previous: 1000,
        unit: "rpm",
      },
    );
    h.call("start_machine", on("CNC-1"));
    expect(
      h.call("set_parameter", { machine_id: "CNC-1", parameter: "coolant_temp", value: 10 }).previous,
    ).toBe(20);
  });

  it("refuses values out of range, unknown parameters and restricted machines", () => {
    const h = mc();
    expect(
      h.fail(
        "set_parameter",
        { machine_id: "CNC-1", parameter: "spindle_speed", value: 1500 },
        "INVALID_ARGUMENT",
      ).message,
    ).toMatch(/spindle_speed of CNC-1 must be between 0 and 1200 rpm; got 1500/);
    expect(
      h.fail("set_parameter", { machine_id: "CNC-1", parameter: "feed_rate", value: 1 }, "NOT_FOUND").message,
    ).toMatch(/CNC-1 has no parameter feed_rate; its parameters are: coolant_temp, spindle_speed/);
    expect(
      h.fail("set_parameter", { machine_id: "CNC-2", parameter: "constructor", value: 1 }, "NOT_FOUND")
        .message,
    ).toMatch(/its parameters are: none/);
    h.fail("set_parameter", { machine_id: "ROBOT-1", parameter: "x", value: 1 }, "PERMISSION_DENIED");
    h.fail("set_parameter", { machine_id: "X-9", parameter: "x", value: 1 }, "NOT_FOUND");
    const input = toolOf(machines, "set_parameter").input;
    expect(input.safeParse({ machine_id: "CNC-1", parameter: "Spindle Speed", value: 1 }).success).toBe(
      false,
    );
  });
});

describe("run_production_batch", () => {
  const batch = (quantity: number) => ({ machine_id: "CNC-1", product: "bracket-A", quantity });

  it("runs batches on a running machine until maintenance is due", () => {
    const h = mc();
    h.call("start_machine", on("CNC-1"));
    expect(h.call("run_production_batch", { ...batch(600), product: " bracket-A " })).toEqual({
      batch_id: "B1001",
      machine_id: "CNC-1",
      product: "bracket-A",
      quantity: 600,
      hours: 15,
      hours_since_maintenance: 495,
      maintenance_due: false,
    });
    expect(h.fail("run_production_batch", batch(400), "INVALID_STATE").message).toMatch(
      /needs 10 h but CNC-1 is due for maintenance in 5 h; run at most 200 units, or stop it and call perform_maintenance/,
    );
    expect(h.call("run_production_batch", batch(200))).toMatchObject({
      batch_id: "B1002",
      hours: 5,
      hours_since_maintenance: 500,
      maintenance_due: true,
    });
    expect(h.fail("run_production_batch", batch(1), "INVALID_STATE").message).toMatch(/run at most 0 units/);
    expect(h.state.batches).toHaveLength(2);
  });

  it("refuses machines that are not running, restricted or unknown", () => {
    const h = mc();
    expect(h.fail("run_production_batch", batch(10), "INVALID_STATE").message).toMatch(
      /CNC-1 is idle, not running; call start_machine first/,
    );
    h.fail("run_production_batch", { ...batch(10), machine_id: "ROBOT-1" }, "PERMISSION_DENIED");
    h.fail("run_production_batch", { ...batch(10), machine_id: "X-9" }, "NOT_FOUND");
    const input = toolOf(machines, "run_production_batch").input;
    expect(input.safeParse(batch(0)).success).toBe(false);
    expect(input.safeParse({ ...batch(1), product: " " }).success).toBe(false);
  });
});

describe("run_diagnostics", () => {
  it("reports checks and recommends nothing for a sound machine", () => {
    expect(mc().call("run_diagnostics", on("CNC-1"))).toEqual({
      machine_id: "CNC-1",
      status: "idle",
      healthy: true,
      checks: [
        { check: "error", result: "ok", detail: "no fault reported" },
        {
          check: "maintenance",
          result: "warn",
          detail: "480 of 500 operating hours since the last maintenance",
        },
        { check: "parameter:coolant_temp", result: "ok", detail: "20 °C, allowed 10 to 30" },
        { check: "parameter:spindle_speed", result: "ok", detail: "1000 rpm, allowed 0 to 1200" },
      ],
      recommended_action: "none",
    });
  });

  it("recommends adjusting a setting near its maximum, and maintenance for a fault or a due machine", () => {
    const h = mc();
    h.call("set_parameter", { machine_id: "CNC-1", parameter: "spindle_speed", value: 1100 });
    const cnc = h.call("run_diagnostics", on("CNC-1"));
    expect(cnc).toMatchObject({ healthy: true, recommended_action: "adjust_parameters" });
    expect(cnc.checks[3]).toEqual({
      check: "parameter:spindle_speed",
      result: "warn",
      detail: "1100 rpm, allowed 0 to 1200; near its maximum",
    });
    const press = h.call("run_diagnostics", on("PRESS-1"));
    expect(press).toMatchObject({
      status: "error",
      healthy: false,
      recommended_action: "perform_maintenance",
    });
    expect(press.checks[0]).toEqual({ check: "error", result: "fail", detail: "fault E-OVERHEAT reported" });
    expect(h.call("run_diagnostics", on("OLD-1")).checks[1].result).toBe("fail");
    expect(h.call("run_diagnostics", on("LATHE-1")).healthy).toBe(true);
  });

  it("refuses a running machine and an unknown one", () => {
    const h = mc();
    expect(h.fail("run_diagnostics", on("CNC-2"), "INVALID_STATE").message).toMatch(
      /CNC-2 is running; call stop_machine before running diagnostics/,
    );
    h.fail("run_diagnostics", on("X-9"), "NOT_FOUND");
  });
});

describe("perform_maintenance", () => {
  it("clears a fault and the hours, after which the machine starts", () => {
    const h = mc();
    expect(h.call("perform_maintenance", on("PRESS-1"))).toEqual({
      maintenance_id: "MT1001",
      machine_id: "PRESS-1",
      status: "idle",
      previous_status: "error",
      cleared_error: "E-OVERHEAT",
      hours_since_maintenance: 0,
    });
    expect(h.call("get_machine_status", on("PRESS-1"))).toMatchObject({ status: "idle", error_code: null });
    expect(h.call("start_machine", on("PRESS-1")).status).toBe("running");
    expect(h.call("perform_maintenance", on("OLD-1"))).toMatchObject({
      maintenance_id: "MT1002",
      cleared_error: null,
    });
    expect(h.call("start_machine", on("OLD-1")).status).toBe("running");
    expect(h.call("perform_maintenance", on("LATHE-1")).previous_status).toBe("maintenance");
    expect(h.state.maintenance_log).toHaveLength(3);
  });

  it("refuses running, restricted and unknown machines", () => {
    const h = mc();
    expect(h.fail("perform_maintenance", on("CNC-2"), "INVALID_STATE").message).toMatch(
      /call stop_machine before maintenance/,
    );
    h.fail("perform_maintenance", on("ROBOT-1"), "PERMISSION_DENIED");
    h.fail("perform_maintenance", on("X-9"), "NOT_FOUND");
    expect(h.state.nextMaintenanceNumber).toBe(1001);
  });
});

describeWholeDomain(machines, {
  fresh: mc,
  samples: {
    list_machines: {},
    get_machine_status: on("CNC-1"),
    start_machine: on("CNC-1"),
    stop_machine: on("CNC-2"),
    set_parameter: { machine_id: "CNC-1", parameter: "spindle_speed", value: 900 },
    run_production_batch: { machine_id: "CNC-2", product: "gear", quantity: 100 },
    run_diagnostics: on("PRESS-1"),
    perform_maintenance: on("PRESS-1"),
  },
  script: (h) => [
    h.fail("start_machine", on("PRESS-1"), "INVALID_STATE").message,
    h.call("run_diagnostics", on("PRESS-1")),
    h.call("perform_maintenance", on("PRESS-1")),
    h.call("start_machine", on("PRESS-1")),
    h.call("run_production_batch", { machine_id: "PRESS-1", product: "panel", quantity: 250 }),
    h.call("start_machine", on("CNC-1")),
    h.call("run_production_batch", { machine_id: "CNC-1", product: "gear", quantity: 800 }),
    h.fail("run_production_batch", { machine_id: "CNC-1", product: "gear", quantity: 1 }, "INVALID_STATE")
      .message,
    h.call("stop_machine", on("CNC-1")),
    h.call("perform_maintenance", on("CNC-1")),
    h.call("list_machines", {}),
  ],
});

describe("ids under the episode's rule", () => {
  it("are B- and MT- and 6 symbols drawn from the seed, the counters still counting", () => {
    const h = harness(machines, initial, seededIds(1).forDomain("machines"));
    h.call("start_machine", on("CNC-1"));
    const batch = h.call("run_production_batch", { machine_id: "CNC-1", product: "bracket-A", quantity: 10 });
    expect(batch.batch_id).toMatch(/^B-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$/);
    expect(batch.batch_id).toBe(
      seededIds(1)
        .forDomain("machines")
        .text("B", 1001, () => false).id,
    );
    h.call("stop_machine", on("CNC-1"));
    const service = h.call("perform_maintenance", on("CNC-1"));
    expect(service.maintenance_id).toMatch(/^MT-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$/);
    expect([h.state.nextBatchNumber, h.state.nextMaintenanceNumber]).toEqual([1002, 1002]);
  });
});
