import { describe, expect, it } from "vitest";
import { dataManagement } from "../../../src/domains/data-management/tools.js";
import { harness, toolOf } from "../harness.js";

const initial = {
  tables: {
    customers: {
      columns: { name: "string", city: "string", vip: "boolean", spent: "number" },
      rows: [
        { id: 1, name: "Ada", city: "London", vip: true, spent: 120.5 },
        { id: 2, name: "Alan", city: "Manchester", vip: false, spent: 80 },
        { id: 3, name: "Grace", city: "New York", vip: true, spent: 200.25 },
        { id: 4, name: "Edsger", city: "Amsterdam", vip: false, spent: null },
      ],
      next_id: 5,
    },
    orders: {
      key: "order_id",
      rows: [
        { order_id: "O-1", customer: 1, total: 19.99, status: "shipped" },
        { order_id: "O-2", customer: 3, total: 5.01, status: "pending" },
        { order_id: "O-3", customer: 1, total: 0.1, status: "pending" },
        { order_id: "O-4", customer: 2, total: 0.2, status: "shipped", note: "gift" },
      ],
    },
    countries: { readonly: true, rows: [{ id: "FR", name: "France" }] },
  },
};

const dm = () => harness(dataManagement, initial);

describe("data_management state", () => {
  it("fills defaults", () => {
    expect(dataManagement.state.parse({})).toEqual({ tables: {} });
    expect(dataManagement.state.parse({ tables: { t: {} } })).toEqual({
      tables: { t: { key: "id", columns: null, rows: [], readonly: false, next_id: 1 } },
    });
  });

  it.each([
    [{ tables: { "bad name": {} } }, "table name starts with a letter"],
    [{ tables: { t: { rows: [{ name: "x" }] } } }, "the record has no id"],
    [{ tables: { t: { rows: [{ id: true }] } } }, "the record has no id"],
    [{ tables: { t: { rows: [{ id: 1 }, { id: "1" }] } } }, "id 1 appears twice"],
    [{ tables: { t: { columns: { n: "number" }, rows: [{ id: 1, n: "x" }] } } }, "column n holds numbers"],
    [{ tables: { t: { columns: { n: "number" }, rows: [{ id: 1, m: 2 }] } } }, "there is no column m"],
    [{ tables: { t: { rows: [{ id: 1, nested: { a: 1 } }] } } }, "Invalid input"],
    [{ tables: { t: { columns: { n: "date" } } } }, "Invalid option"],
    [{ tables: {}, extra: 1 }, "extra"],
  ])("rejects %j", (state, message) => {
    const result = dataManagement.state.safeParse(state);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.message} ${JSON.stringify(i)}`).join("\n")).toContain(
      message,
    );
  });
});

describe("list_tables", () => {
  it("lists the tables by name with their columns", () => {
    expect(dm().call("list_tables")).toEqual({
      tables: [
        { table: "countries", key: "id", columns: ["id", "name"], row_count: 1, readonly: true },
        {
          table: "customers",
          key: "id",
          columns: ["id", "name", "city", "vip", "spent"],
          row_count: 4,
          readonly: false,
        },
        {
          table: "orders",
          key: "order_id",
          columns: ["order_id", "customer", "total", "status", "note"],
          row_count: 4,
          readonly: false,
        },
      ],
      count: 3,
    });
    expect(harness(dataManagement, {}).call("list_tables")).toEqual({ tables: [], count: 0 });
  });
});

describe("create_table", () => {
  it("creates a typed or a schemaless table", () => {
    const h = dm();
    expect(
      h.call("create_table", { table: "products", columns: { title: "string", price: "number" } }),
    ).toEqual({
      table: "products",
      key: "id",
      columns: ["id", "title", "price"],
      created: true,
    });
    expect(h.call("create_table", { table: "logs", key: "log_id" })).toEqual({
      table: "logs",
      key: "log_id",
      columns: ["log_id"],
      created: true,
    });
    expect(h.state.tables).toMatchObject({ logs: { key: "log_id", columns: null, rows: [], next_id: 1 } });
  });

  it("fails when the table exists, and refuses bad names in its schema", () => {
    expect(dm().fail("create_table", { table: "orders" }, "ALREADY_EXISTS").message).toMatch(
      /Table orders exists already; insert into it, or create the new table under another name/,
    );
    const input = toolOf(dataManagement, "create_table").input;
    expect(input.safeParse({ table: "1st" }).success).toBe(false);
    expect(input.safeParse({ table: "t", columns: { price: "money" } }).success).toBe(false);
  });
});

describe("insert_record", () => {
  it("mints ids from the counter, filling declared columns with null", () => {
    const h = dm();
    expect(h.call("insert_record", { table: "customers", record: { name: "Barbara", vip: true } })).toEqual({
      table: "customers",
      record_id: 5,
      record: { id: 5, name: "Barbara", city: null, vip: true, spent: null },
    });
    expect(
      h.call("insert_record", { table: "customers", record: { id: null, name: "Donald" } }).record_id,
    ).toBe(6);
    expect(h.state.tables).toMatchObject({ customers: { next_id: 7 } });
  });

  it("keeps a given key, and skips taken ids when minting", () => {
    const h = dm();
    h.call("create_table", { table: "t" });
    expect(h.call("insert_record", { table: "t", record: { id: 2, x: "a" } })).toEqual({
      table: "t",
      record_id: 2,
      record: { id: 2, x: "a" },
    });
    expect(h.call("insert_record", { table: "t", record: {} }).record_id).toBe(1);
    expect(h.call("insert_record", { table: "t", record: { y: 1 } }).record_id).toBe(3);
    expect(h.call("insert_record", { table: "orders", record: { order_id: "O-9" } }).record_id).toBe("O-9");
  });

  it("fails on a missing table, a duplicate key and a read-only table", () => {
    const h = dm();
    expect(h.fail("insert_record", { table: "users", record: {} }, "NOT_FOUND").message).toBe(
      "No table users; the tables are countries, customers, orders (call list_tables, or create_table to make one)",
    );
    expect(
      harness(dataManagement, {}).fail("insert_record", { table: "t", record: {} }, "NOT_FOUND").message,
    ).toMatch(/there are no tables/);
    expect(
      h.fail("insert_record", { table: "customers", record: { id: "2" } }, "ALREADY_EXISTS").message,
    ).toBe(
      "Table customers already has a record with id 2; call update_record to change it, or leave id out to get a new id",
    );
    expect(
      h.fail("insert_record", { table: "countries", record: { id: "DE" } }, "PERMISSION_DENIED").message,
    ).toMatch(/Table countries is read-only; copy the records you need into a new table/);
  });

  it("fails on fields the schema refuses, changing nothing", () => {
    const h = dm();
    const before = structuredClone(h.state) as { tables: Record<string, unknown> };
    expect(
      h.fail("insert_record", { table: "customers", record: { age: 3 } }, "INVALID_ARGUMENT").message,
    ).toBe(
      "Table customers refuses the record: there is no column age; the columns are id, name, city, vip, spent; fix the fields",
    );
    expect(
      h.fail("insert_record", { table: "customers", record: { spent: "lots" } }, "INVALID_ARGUMENT").message,
    ).toMatch(/column spent holds numbers, not string "lots"/);
    expect(
      h.fail("insert_record", { table: "orders", record: { order_id: true } }, "INVALID_ARGUMENT").message,
    ).toMatch(/the key order_id must be a string or a number, not true/);
    h.call("create_table", { table: "codes", key: "code", columns: { code: "string" } });
    expect(h.fail("insert_record", { table: "codes", record: {} }, "INVALID_ARGUMENT").message).toMatch(
      /has text keys, so minted numbers do not fit; give the record a code/,
    );
    h.fail("insert_record", { table: "codes", record: { code: 7 } }, "INVALID_ARGUMENT");
    expect(h.state.tables).toMatchObject({ customers: before.tables.customers });
  });

  it("refuses nested values and bad field names in its schema", () => {
    const input = toolOf(dataManagement, "insert_record").input;
    expect(input.safeParse({ table: "t", record: { a: { b: 1 } } }).success).toBe(false);
    expect(input.safeParse({ table: "t", record: { "a b": 1 } }).success).toBe(false);
  });
});

describe("query_table", () => {
  it("returns every record by default", () => {
    expect(dm().call("query_table", { table: "countries" })).toEqual({
      table: "countries",
      rows: [{ id: "FR", name: "France" }],
      count: 1,
      total: 1,
    });
  });

  it.each([
    [{ column: "status", value: "pending" }, ["O-2", "O-3"]],
    [{ column: "status", op: "ne", value: "pending" }, ["O-1", "O-4"]],
    [{ column: "total", op: "lt", value: 1 }, ["O-3", "O-4"]],
    [{ column: "total", op: "gte", value: 5.01 }, ["O-1", "O-2"]],
    [{ column: "status", op: "gt", value: "r" }, ["O-1", "O-4"]],
    [{ column: "total", op: "lte", value: "9" }, []],
    [{ column: "status", op: "contains", value: "SHIP" }, ["O-1", "O-4"]],
    [{ column: "customer", op: "in", value: [2, 3] }, ["O-2", "O-4"]],
    [{ column: "note", value: null }, ["O-1", "O-2", "O-3"]],
    [{ column: "note", op: "ne", value: null }, ["O-4"]],
  ])("filters with %j", (condition, ids) => {
    const result = dm().call("query_table", { table: "orders", where: [condition] });
    expect(result.rows.map((r: { order_id: string }) => r.order_id)).toEqual(ids);
  });

  it("combines conditions, sorts with nulls last, pages and projects", () => {
    const h = dm();
    expect(
      h.call("query_table", {
        table: "customers",
        where: [{ column: "id", op: "gt", value: 1 }],
        order_by: "spent",
        descending: true,
        columns: ["name", "spent"],
      }).rows,
    ).toEqual([
      { name: "Grace", spent: 200.25 },
      { name: "Alan", spent: 80 },
      { name: "Edsger", spent: null },
    ]);
    expect(
      h.call("query_table", { table: "customers", order_by: "name", limit: 2, offset: 1 }),
    ).toMatchObject({
      rows: [{ name: "Alan" }, { name: "Edsger" }],
      count: 2,
      total: 4,
    });
    expect(h.call("query_table", { table: "customers", order_by: "spent" }).rows.at(-1).name).toBe("Edsger");
    expect(h.call("query_table", { table: "orders", where: [{ column: "status", value: "lost" }] })).toEqual({
      table: "orders",
      rows: [],
      count: 0,
      total: 0,
    });
  });

  it("fails on a missing table and unknown columns", () => {
    const h = dm();
    h.fail("query_table", { table: "nope" }, "NOT_FOUND");
    expect(
      h.fail("query_table", { table: "customers", where: [{ column: "age", value: 3 }] }, "INVALID_ARGUMENT")
        .message,
    ).toBe("Table customers has no column age; its columns are id, name, city, vip, spent");
    h.fail("query_table", { table: "orders", order_by: "date" }, "INVALID_ARGUMENT");
    h.fail("query_table", { table: "orders", columns: ["total", "date"] }, "INVALID_ARGUMENT");
    h.call("create_table", { table: "empty" });
    expect(h.call("query_table", { table: "empty", where: [{ column: "anything", value: 1 }] }).total).toBe(
      0,
    );
  });

  it("refuses malformed conditions in its schema", () => {
    const input = toolOf(dataManagement, "query_table").input;
    const bad = [
      { column: "a", op: "in", value: 1 },
      { column: "a", value: [1] },
      { column: "a", op: "contains", value: 1 },
      { column: "a", op: "lt", value: null },
      { column: "a", op: "like", value: "x" },
    ];
    for (const c of bad) expect(input.safeParse({ table: "t", where: [c] }).success).toBe(false);
    expect(input.safeParse({ table: "t", limit: 1001 }).success).toBe(false);
  });
});

describe("update_record", () => {
  it("changes the given fields only", () => {
    const h = dm();
    expect(
      h.call("update_record", { table: "customers", record_id: "2", changes: { vip: true, spent: null } }),
    ).toEqual({
      table: "customers",
      record_id: 2,
      record: { id: 2, name: "Alan", city: "Manchester", vip: true, spent: null },
    });
    expect(
      h.call("update_record", { table: "orders", record_id: "O-2", changes: { order_id: "O-2", x: 1 } })
        .record,
    ).toEqual({ order_id: "O-2", customer: 3, total: 5.01, status: "pending", x: 1 });
  });

  it("fails on a missing table or record, a read-only table, a key change and refused fields", () => {
    const h = dm();
    h.fail("update_record", { table: "nope", record_id: 1, changes: { a: 1 } }, "NOT_FOUND");
    expect(
      h.fail("update_record", { table: "customers", record_id: 9, changes: { vip: true } }, "NOT_FOUND")
        .message,
    ).toBe("Table customers has no record with id 9; call query_table to find the records");
    h.fail(
      "update_record",
      { table: "countries", record_id: "FR", changes: { name: "x" } },
      "PERMISSION_DENIED",
    );
    expect(
      h.fail("update_record", { table: "customers", record_id: 1, changes: { id: 10 } }, "INVALID_ARGUMENT")
        .message,
    ).toMatch(/the key id of a record cannot change; delete_record and insert_record it under the new key/);
    h.fail(
      "update_record",
      { table: "customers", record_id: 1, changes: { vip: "yes" } },
      "INVALID_ARGUMENT",
    );
    expect(
      toolOf(dataManagement, "update_record").input.safeParse({ table: "t", record_id: 1, changes: {} })
        .success,
    ).toBe(false);
  });
});

describe("delete_record", () => {
  it("deletes a record and returns it", () => {
    const h = dm();
    expect(h.call("delete_record", { table: "orders", record_id: "O-3" })).toEqual({
      table: "orders",
      record_id: "O-3",
      deleted: true,
      record: { order_id: "O-3", customer: 1, total: 0.1, status: "pending" },
    });
    expect(h.call("query_table", { table: "orders" }).total).toBe(3);
    // A deleted id is not minted again: the counter only moves forward.
    h.call("delete_record", { table: "customers", record_id: 4 });
    expect(h.call("insert_record", { table: "customers", record: {} }).record_id).toBe(5);
  });

  it("fails on a missing table or record, and a read-only table", () => {
    const h = dm();
    h.fail("delete_record", { table: "nope", record_id: 1 }, "NOT_FOUND");
    h.fail("delete_record", { table: "orders", record_id: "O-1x" }, "NOT_FOUND");
    h.fail("delete_record", { table: "countries", record_id: "FR" }, "PERMISSION_DENIED");
  });
});

describe("aggregate_table", () => {
  it.each([
    ["count", undefined, 4],
    ["count", "note", 1],
    ["sum", "total", 25.3],
    ["avg", "total", 6.325],
    ["min", "total", 0.1],
    ["max", "status", "shipped"],
  ])("%s of %s", (operation, column, result) => {
    expect(dm().call("aggregate_table", { table: "orders", operation, column })).toEqual({
      table: "orders",
      operation,
      column: column ?? null,
      result,
      row_count: 4,
      groups: [],
    });
  });

  it("aggregates per group, sorted by group value, after filtering", () => {
    expect(
      dm().call("aggregate_table", {
        table: "orders",
        operation: "sum",
        column: "total",
        group_by: "status",
        where: [{ column: "total", op: "lt", value: 10 }],
      }),
    ).toEqual({
      table: "orders",
      operation: "sum",
      column: "total",
      result: 5.31,
      row_count: 3,
      groups: [
        { group: "pending", result: 5.11, row_count: 2 },
        { group: "shipped", result: 0.2, row_count: 1 },
      ],
    });
    expect(
      dm().call("aggregate_table", { table: "orders", operation: "count", group_by: "note" }).groups,
    ).toEqual([
      { group: "gift", result: 1, row_count: 1 },
      { group: null, result: 3, row_count: 3 },
    ]);
  });

  it("ignores nulls, and gives 0 or null over nothing", () => {
    const h = dm();
    expect(h.call("aggregate_table", { table: "customers", operation: "avg", column: "spent" }).result).toBe(
      133.583333,
    );
    const none = [{ column: "id", value: 99 }];
    expect(
      h.call("aggregate_table", { table: "customers", operation: "sum", column: "spent", where: none })
        .result,
    ).toBe(0);
    for (const operation of ["avg", "min", "max"]) {
      expect(
        h.call("aggregate_table", { table: "customers", operation, column: "spent", where: none }).result,
      ).toBeNull();
    }
  });

  it("fails on a missing table, unknown columns, text to add and mixed types", () => {
    const h = dm();
    h.fail("aggregate_table", { table: "nope", operation: "count" }, "NOT_FOUND");
    h.fail("aggregate_table", { table: "orders", operation: "sum", column: "amount" }, "INVALID_ARGUMENT");
    h.fail(
      "aggregate_table",
      { table: "orders", operation: "count", group_by: "region" },
      "INVALID_ARGUMENT",
    );
    expect(
      h.fail("aggregate_table", { table: "orders", operation: "avg", column: "status" }, "INVALID_ARGUMENT")
        .message,
    ).toBe('avg needs numbers, but column status holds "shipped"; choose a numeric column or use count');
    h.call("insert_record", { table: "orders", record: { order_id: 5, total: "n/a" } });
    expect(
      h.fail("aggregate_table", { table: "orders", operation: "max", column: "total" }, "INVALID_ARGUMENT")
        .message,
    ).toMatch(/column total mixes number and string values, so max is undefined; filter with where first/);
  });

  it("requires a column except for count, in its schema", () => {
    const input = toolOf(dataManagement, "aggregate_table").input;
    expect(input.safeParse({ table: "t", operation: "sum" }).error?.issues[0]?.message).toMatch(
      /give the column/,
    );
    expect(input.safeParse({ table: "t", operation: "count" }).success).toBe(true);
  });
});

describe("export_table", () => {
  it("exports CSV with every column, nulls empty", () => {
    expect(dm().call("export_table", { table: "orders", where: [{ column: "customer", value: 1 }] })).toEqual(
      {
        table: "orders",
        format: "csv",
        content: "order_id,customer,total,status,note\nO-1,1,19.99,shipped,\nO-3,1,0.1,pending,\n",
        columns: ["order_id", "customer", "total", "status", "note"],
        row_count: 2,
      },
    );
  });

  it("exports JSON with chosen columns, even from a read-only table", () => {
    expect(dm().call("export_table", { table: "countries", format: "json", columns: ["name"] })).toEqual({
      table: "countries",
      format: "json",
      content: '[{"name":"France"}]',
      columns: ["name"],
      row_count: 1,
    });
  });

  it("fails on a missing table and unknown columns", () => {
    dm().fail("export_table", { table: "nope" }, "NOT_FOUND");
    dm().fail("export_table", { table: "orders", columns: ["zip"] }, "INVALID_ARGUMENT");
    dm().fail("export_table", { table: "orders", where: [{ column: "zip", value: 1 }] }, "INVALID_ARGUMENT");
  });
});

describe("data_management as a whole", () => {
  const samples: Record<string, Record<string, unknown>> = {
    list_tables: {},
    create_table: { table: "new_table" },
    insert_record: { table: "orders", record: { status: "new" } },
    query_table: { table: "orders", where: [{ column: "status", value: "pending" }] },
    update_record: { table: "orders", record_id: "O-1", changes: { status: "returned" } },
    delete_record: { table: "orders", record_id: "O-1" },
    aggregate_table: { table: "customers", operation: "sum", column: "spent", group_by: "vip" },
    export_table: { table: "customers" },
  };

  it("has a sample for every tool", () => {
    expect(Object.keys(samples).sort()).toEqual(dataManagement.tools.map((t) => t.name).sort());
  });

  it.each(Object.entries(samples))("%s fits its output schema and its readOnly flag", (name, args) => {
    const h = dm();
    const before = structuredClone(h.state);
    h.call(name, args);
    if (toolOf(dataManagement, name).readOnly) expect(h.state).toEqual(before);
    else expect(h.state).not.toEqual(before);
  });

  it("composes: an inserted record's id feeds the next calls", () => {
    const h = dm();
    const { record_id } = h.call("insert_record", {
      table: "customers",
      record: { name: "Barbara", spent: 10 },
    });
    h.call("update_record", { table: "customers", record_id, changes: { city: "Boston" } });
    const { rows } = h.call("query_table", {
      table: "customers",
      where: [{ column: "id", value: record_id }],
    });
    expect(rows).toEqual([{ id: 5, name: "Barbara", city: "Boston", vip: null, spent: 10 }]);
  });

  it("is deterministic: the same calls give the same results and state", () => {
    const run = () => {
      const h = dm();
      const results = [
        h.call("create_table", { table: "audit", columns: { action: "string" } }),
        h.call("insert_record", { table: "audit", record: { action: "start" } }),
        h.call("insert_record", { table: "orders", record: { customer: 4, total: 12.5, status: "pending" } }),
        h.call("aggregate_table", {
          table: "orders",
          operation: "avg",
          column: "total",
          group_by: "customer",
        }),
        h.fail("delete_record", { table: "countries", record_id: "FR" }, "PERMISSION_DENIED").message,
        h.call("export_table", { table: "orders", format: "json" }),
      ];
      return { results, state: h.state };
    };
    const first = run();
    expect(first.results[2].record_id).toBe(1);
    expect(run()).toEqual(first);
  });

  it("does not share objects between results and the state", () => {
    const h = dm();
    const { rows } = h.call("query_table", { table: "customers" });
    rows[0].name = "changed";
    const inserted = h.call("insert_record", { table: "customers", record: { name: "Z" } });
    inserted.record.name = "changed";
    expect(
      h
        .call("query_table", { table: "customers", columns: ["name"] })
        .rows.map((r: { name: string }) => r.name),
    ).toEqual(["Ada", "Alan", "Grace", "Edsger", "Z"]);
  });
});
