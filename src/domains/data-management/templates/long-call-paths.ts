import { PEOPLE } from "../../../dataset/pools.js";
import { defineTemplate } from "../../../dataset/template.js";
import { roundTo } from "../../numbers/rounding.js";
import {
  at,
  CATEGORIES,
  type Category,
  cellPath,
  employeesTable,
  eq,
  ordersTable,
  productsTable,
  REGIONS,
  rowsPath,
  tableName,
} from "../kit.js";

const DM = ["data_management"];
const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);

/** Database templates, part 2: fan-out, fan-in, joins across tables and longer chains. */
export const dataManagementLongCallPaths = [
  defineTemplate({
    id: "data_management/delete-cancelled-orders",
    domains: DM,
    instantiate(ctx) {
      const statuses = ctx.sample(
        ["pending", "shipped", "delivered", "delivered", "pending", "shipped"],
        ctx.int(4, 6),
      );
      const all = ctx.sample([...statuses, "cancelled", "cancelled"], statuses.length + 2);
      const { name, rows } = ordersTable(ctx, all);
      const del = (id: string, i: number) => ({
        id,
        tool: "delete_record",
        args: { table: name, record_id: { $from: `query.rows.${i}.order_id` } },
        after: ["query"],
      });
      return {
        // The answer must come from what the gold steps return: the query's count of cancelled orders.
        instruction: `Clean up the ${name} table: delete every order whose status is "cancelled". How many orders did you delete?`,
        steps: [
          { id: "query", tool: "query_table", args: { table: name, where: [eq("status", "cancelled")] } },
          del("delete1", 0),
          del("delete2", 1),
        ],
        answer: { number: { $from: "query.total" } },
        state: [{ path: rowsPath(name), count: rows.length - 2 }],
      };
    },
  }),
  defineTemplate({
    id: "data_management/set-price-to-category-average",
    domains: DM,
    instantiate(ctx) {
      const { name, rows } = productsTable(ctx, [3, 2]);
      const index = ctx.int(0, rows.length - 1);
      const target = at(rows, index);
      const prices = rows.filter((r) => r.category === target.category).map((r) => r.price);
      const average = roundTo(sum(prices) / prices.length, 6);
      return {
        instruction: `Reprice ${target.name} (${target.sku}) in the ${name} table to the average price of all ${target.category} products there. What is the new price?`,
        steps: [
          {
            id: "avg",
            tool: "aggregate_table",
            args: {
              table: name,
              operation: "avg",
              column: "price",
              where: [eq("category", target.category)],
            },
          },
          {
            id: "update",
            tool: "update_record",
            args: { table: name, record_id: target.sku, changes: { price: { $from: "avg.result" } } },
            after: ["avg"],
          },
        ],
        answer: { number: average, tolerance: 0.01 },
        state: [{ path: cellPath(name, index, "price"), equals: { $from: "avg.result" } }],
      };
    },
  }),
  defineTemplate({
    id: "data_management/create-fill-and-total",
    domains: DM,
    instantiate(ctx) {
      const name = tableName(ctx, ["expense_claims", "trip_expenses", "reimbursements", "petty_cash"]);
      const [a, b] = ctx.sample(
        ["taxi", "hotel", "train ticket", "lunch", "conference fee", "parking"],
        2,
      ) as [string, string];
      const [x, y] = [ctx.int(12, 400) + ctx.pick([0, 0.5]), ctx.int(12, 400) + ctx.pick([0, 0.25])];
      const insert = (id: string, item: string, amount: number) => ({
        id,
        tool: "insert_record",
        args: { table: name, record: { item, amount } },
        after: ["create"],
      });
      return {
        instruction: `Start a table ${name} with columns item (text) and amount (number). Add two claims, ${a} for ${x} and ${b} for ${y}, then have the database total the amounts. What is the total?`,
        steps: [
          {
            id: "create",
            tool: "create_table",
            args: { table: name, columns: { item: "string", amount: "number" } },
          },
          insert("insertA", a, x),
          insert("insertB", b, y),
          {
            id: "total",
            tool: "aggregate_table",
            args: { table: name, operation: "sum", column: "amount" },
            after: ["insertA", "insertB"],
          },
        ],
        answer: { number: x + y, tolerance: 0.001 },
        state: [{ path: rowsPath(name), count: 2 }],
      };
    },
  }),
  defineTemplate({
    id: "data_management/insert-then-count",
    domains: DM,
    instantiate(ctx) {
      const statuses = ctx.sample(
        ["pending", "pending", "shipped", "delivered", "pending", "cancelled", "shipped"],
        6,
      );
      const { name, rows } = ordersTable(ctx, statuses);
      const customer = ctx.pick(PEOPLE.filter((p) => !rows.some((r) => r.customer === p)));
      const total = ctx.int(20, 400);
      const region = ctx.pick(REGIONS);
      return {
        instruction: `Log a new pending order in the ${name} table for ${customer}: total ${total}, region ${region}, placed 2026-11-30 (let the table assign the order id). Then count how many pending orders there are now.`,
        steps: [
          {
            id: "insert",
            tool: "insert_record",
            args: {
              table: name,
              record: { customer, status: "pending", total, region, placed: "2026-11-30" },
            },
          },
          {
            id: "count",
            tool: "aggregate_table",
            args: { table: name, operation: "count", where: [eq("status", "pending")] },
            after: ["insert"],
          },
        ],
        answer: { number: rows.filter((r) => r.status === "pending").length + 1 },
        state: [{ path: rowsPath(name), count: rows.length + 1 }],
      };
    },
  }),
  defineTemplate({
    id: "data_management/delete-then-total-stock",
    domains: DM,
    instantiate(ctx) {
      const { name, rows } = productsTable(ctx, [2, 2, 2]);
      const target = ctx.pick(rows);
      return {
        instruction: `Delete ${target.name} (${target.sku}) from the ${name} table, then tell me the total stock of all the products that remain.`,
        steps: [
          { id: "delete", tool: "delete_record", args: { table: name, record_id: target.sku } },
          {
            id: "total",
            tool: "aggregate_table",
            args: { table: name, operation: "sum", column: "stock" },
            after: ["delete"],
          },
        ],
        answer: { number: sum(rows.map((r) => r.stock)) - target.stock },
        state: [{ path: rowsPath(name), count: rows.length - 1 }],
      };
    },
  }),
  defineTemplate({
    id: "data_management/update-then-export",
    domains: DM,
    instantiate(ctx) {
      const statuses = ctx.sample(["pending", "shipped", "shipped", "delivered", "delivered", "pending"], 6);
      const { name, rows } = ordersTable(ctx, statuses);
      const index = rows.findIndex((r) => r.status === "shipped");
      const target = at(rows, index);
      return {
        instruction: `Order ${target.order_id} in the ${name} table has arrived: set its status to "delivered". Then export all delivered orders as CSV. How many rows does the export have (not counting the header)?`,
        steps: [
          {
            id: "update",
            tool: "update_record",
            args: { table: name, record_id: target.order_id, changes: { status: "delivered" } },
          },
          {
            id: "export",
            tool: "export_table",
            args: { table: name, where: [eq("status", "delivered")] },
            after: ["update"],
          },
        ],
        answer: { number: rows.filter((r) => r.status === "delivered").length + 1 },
        state: [{ path: cellPath(name, index, "status"), equals: "delivered" }],
      };
    },
  }),
  defineTemplate({
    id: "data_management/largest-category-products",
    domains: DM,
    instantiate(ctx) {
      const sizes = ctx.sample([3, 2, 1], 3);
      const { name, rows } = productsTable(ctx, sizes);
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(r.category, (counts.get(r.category) ?? 0) + 1);
      const groups = [...counts.keys()].sort();
      const biggest = groups.reduce((a, b) => ((counts.get(b) ?? 0) > (counts.get(a) ?? 0) ? b : a));
      const names = rows.filter((r) => r.category === biggest).map((r) => r.name);
      return {
        instruction: `Which category has the most products in the ${name} table? Count them per category, then list the products in that category. Answer with their names.`,
        steps: [
          {
            id: "count",
            tool: "aggregate_table",
            args: { table: name, operation: "count", group_by: "category" },
          },
          {
            id: "query",
            tool: "query_table",
            args: {
              table: name,
              where: [eq("category", { $from: `count.groups.${groups.indexOf(biggest)}.group` })],
            },
            after: ["count"],
          },
        ],
        answer: { contains: names },
      };
    },
  }),
  defineTemplate({
    id: "data_management/price-versus-average",
    domains: DM,
    instantiate(ctx) {
      const { name, rows } = productsTable(ctx, [2, 2, 2]);
      const target = ctx.pick(rows);
      const average = roundTo(sum(rows.map((r) => r.price)) / rows.length, 6);
      return {
        instruction: `How does the price of ${target.name} compare with the average price of all products in the ${name} table? Answer with its price minus the average (negative if it is cheaper).`,
        steps: [
          { id: "item", tool: "query_table", args: { table: name, where: [eq("name", target.name)] } },
          { id: "avg", tool: "aggregate_table", args: { table: name, operation: "avg", column: "price" } },
        ],
        answer: { number: roundTo(target.price - average, 6), tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "data_management/update-two-records",
    domains: DM,
    instantiate(ctx) {
      const { name, rows } = employeesTable(ctx, ctx.int(5, 8), ["engineering", "sales", "support"]);
      const [i, j] = ctx.sample(
        rows.map((_, k) => k),
        2,
      ) as [number, number];
      const [a, b] = [at(rows, i), at(rows, j)];
      const salary = a.salary + ctx.int(2, 12) * 500;
      const department = ["engineering", "sales", "support"].find((d) => d !== b.department) ?? "finance";
      return {
        instruction: `Two HR updates for ${name}: employee #${a.id} gets a raise to ${salary}, and employee #${b.id} moves to the ${department} department. Answer with the names of the two employees.`,
        steps: [
          { id: "raise", tool: "update_record", args: { table: name, record_id: a.id, changes: { salary } } },
          {
            id: "move",
            tool: "update_record",
            args: { table: name, record_id: b.id, changes: { department } },
          },
        ],
        answer: { contains: [a.name, b.name] },
        state: [
          { path: cellPath(name, i, "salary"), equals: salary },
          { path: cellPath(name, j, "department"), equals: department },
        ],
      };
    },
  }),
  defineTemplate({
    id: "data_management/replace-a-product",
    domains: DM,
    instantiate(ctx) {
      const { name, rows } = productsTable(ctx, [2, 2, 2]);
      const old = ctx.pick(rows);
      const category = old.category as Category;
      const replacement = ctx.pick(CATEGORIES[category].filter((p) => !rows.some((r) => r.name === p)));
      const sku = `P-${ctx.int(1000, 1999)}`;
      const price = ctx.int(10, 150);
      return {
        instruction: `In the ${name} table, replace ${old.name} (${old.sku}) with a new product: delete the old record and add ${replacement}, sku ${sku}, category ${category}, price ${price}, stock 0. Answer with the stock the old product had.`,
        steps: [
          { id: "delete", tool: "delete_record", args: { table: name, record_id: old.sku } },
          {
            id: "insert",
            tool: "insert_record",
            args: { table: name, record: { sku, name: replacement, category, price, stock: 0 } },
          },
        ],
        answer: { number: old.stock },
        state: [
          { path: rowsPath(name), count: rows.length },
          { path: cellPath(name, rows.length - 1, "sku"), equals: sku },
        ],
      };
    },
  }),
  defineTemplate({
    id: "data_management/merge-duplicate-product",
    domains: DM,
    instantiate(ctx) {
      const { name, rows } = productsTable(ctx, [2, 2, 1]);
      const i = ctx.int(0, rows.length - 1);
      const original = at(rows, i);
      // A second record of the same product, added later, with its own sku and stock.
      const duplicate = { ...original, sku: `P-${ctx.int(1000, 1999)}`, stock: ctx.int(1, 60) };
      rows.push(duplicate);
      const total = original.stock + duplicate.stock;
      return {
        instruction: `${original.name} is listed twice in the ${name} table. Merge the two records: keep the one that comes first in the table, set its stock to the two stocks combined, and delete the other. What is the combined stock?`,
        steps: [
          { id: "query", tool: "query_table", args: { table: name, where: [eq("name", original.name)] } },
          {
            id: "update",
            tool: "update_record",
            args: { table: name, record_id: { $from: "query.rows.0.sku" }, changes: { stock: total } },
            after: ["query"],
          },
          {
            id: "delete",
            tool: "delete_record",
            args: { table: name, record_id: { $from: "query.rows.1.sku" } },
            after: ["query"],
          },
        ],
        answer: { number: total },
        state: [
          { path: rowsPath(name), count: rows.length - 1 },
          { path: cellPath(name, i, "stock"), equals: total },
        ],
      };
    },
  }),
  defineTemplate({
    id: "data_management/create-add-and-export",
    domains: DM,
    instantiate(ctx) {
      const name = tableName(ctx, ["site_visits", "inspections", "field_reports", "visit_log"]);
      const site = ctx.pick(["Dock 4", "North Yard", "Plant B", "Depot 7", "Warehouse 2"]);
      const inspector = ctx.pick(PEOPLE);
      const score = ctx.int(55, 99);
      return {
        instruction: `Set up a table ${name} with columns site (text), inspector (text) and score (number), record a visit to ${site} by ${inspector} with score ${score}, then export the table as CSV and send me the CSV.`,
        steps: [
          {
            id: "create",
            tool: "create_table",
            args: { table: name, columns: { site: "string", inspector: "string", score: "number" } },
          },
          {
            id: "insert",
            tool: "insert_record",
            args: { table: name, record: { site, inspector, score } },
            after: ["create"],
          },
          { id: "export", tool: "export_table", args: { table: name }, after: ["insert"] },
        ],
        answer: { contains: { $from: "export.content" } },
        state: [{ path: rowsPath(name), count: 1 }],
      };
    },
  }),
  defineTemplate({
    id: "data_management/region-with-highest-sales",
    domains: DM,
    instantiate(ctx) {
      const { name, rows } = ordersTable(
        ctx,
        Array.from({ length: ctx.int(6, 9) }, () => ctx.pick(["shipped", "delivered", "pending"])),
      );
      const totals = () => {
        const m = new Map<string, number>();
        for (const r of rows) m.set(r.region, (m.get(r.region) ?? 0) + r.total);
        return m;
      };
      const best = () => [...totals().entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
      const [region, top] = best();
      // No tie for first place.
      if ([...totals().values()].filter((v) => v === top).length > 1) {
        const row = rows.find((r) => r.region === region);
        if (row) row.total += 0.5;
      }
      return {
        instruction: `Which region brings in the most revenue in the ${name} table? Total the order amounts per region and answer with the region.`,
        steps: [
          {
            id: "totals",
            tool: "aggregate_table",
            args: { table: name, operation: "sum", column: "total", group_by: "region" },
          },
        ],
        answer: { contains: best()[0] },
      };
    },
  }),
];
