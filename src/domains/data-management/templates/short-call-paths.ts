import { PEOPLE } from "../../../dataset/pools.js";
import { defineTemplate } from "../../../dataset/template.js";
import {
  at,
  cellPath,
  customersTable,
  customTable,
  DEPARTMENTS,
  employeesTable,
  eq,
  ordersTable,
  productsTable,
  rowsPath,
  suppliersTable,
  tableName,
} from "../kit.js";

const DM = ["data_management"];

/** Database templates, part 1: single calls and two-step chains. */
export const dataManagementShortCallPaths = [
  defineTemplate({
    id: "data_management/look-up-a-field",
    domains: DM,
    instantiate(ctx) {
      const { name, rows } = employeesTable(ctx, ctx.int(5, 8));
      const target = ctx.pick(rows);
      return {
        instruction: `In the ${name} table, what is ${target.name}'s salary? Answer with the number.`,
        steps: [
          { id: "query", tool: "query_table", args: { table: name, where: [eq("name", target.name)] } },
        ],
        answer: { number: target.salary },
      };
    },
  }),
  defineTemplate({
    id: "data_management/count-matching-records",
    domains: DM,
    instantiate(ctx) {
      const statuses = ctx.sample(
        [
          "pending",
          "pending",
          "pending",
          "shipped",
          "shipped",
          "delivered",
          "delivered",
          "cancelled",
          "pending",
        ],
        ctx.int(6, 9),
      );
      const { name, rows } = ordersTable(ctx, statuses);
      const status = ctx.pick(["pending", "shipped", "delivered"] as const);
      const count = rows.filter((r) => r.status === status).length;
      return {
        instruction: `Count the orders in the ${name} table whose status is "${status}". Answer with the number.`,
        steps: [
          {
            id: "count",
            tool: "aggregate_table",
            args: { table: name, operation: "count", where: [eq("status", status)] },
          },
        ],
        answer: { number: count },
      };
    },
  }),
  defineTemplate({
    id: "data_management/add-a-record",
    domains: DM,
    instantiate(ctx) {
      const { name, rows } = employeesTable(ctx, ctx.int(3, 6));
      const person = ctx.pick(PEOPLE.filter((p) => !rows.some((r) => r.name === p)));
      const department = ctx.pick(DEPARTMENTS);
      const salary = ctx.int(90, 250) * 500;
      return {
        instruction: `Add ${person} to the ${name} table: department ${department}, salary ${salary}, not remote. Answer with the id the new record gets.`,
        steps: [
          {
            id: "insert",
            tool: "insert_record",
            args: { table: name, record: { name: person, department, salary, remote: false } },
          },
        ],
        answer: { number: rows.length + 1 },
        state: [
          { path: rowsPath(name), count: rows.length + 1 },
          { path: cellPath(name, rows.length, "name"), equals: person },
        ],
      };
    },
  }),
  defineTemplate({
    id: "data_management/update-a-field",
    domains: DM,
    instantiate(ctx) {
      const { name, rows } = employeesTable(ctx, ctx.int(4, 7));
      const index = ctx.int(0, rows.length - 1);
      const target = at(rows, index);
      const salary = target.salary + ctx.int(4, 20) * 500;
      return {
        instruction: `Set the salary of employee #${target.id} in the ${name} table to ${salary}. Whose record was that?`,
        steps: [
          {
            id: "update",
            tool: "update_record",
            args: { table: name, record_id: target.id, changes: { salary } },
          },
        ],
        answer: { contains: target.name },
        state: [{ path: cellPath(name, index, "salary"), equals: salary }],
      };
    },
  }),
  defineTemplate({
    id: "data_management/delete-a-record",
    domains: DM,
    instantiate(ctx) {
      const { name, rows } = productsTable(ctx, [2, 2, 1]);
      const target = ctx.pick(rows);
      return {
        instruction: `Delete product ${target.sku} from the ${name} table; it's discontinued. Which product was it?`,
        steps: [{ id: "delete", tool: "delete_record", args: { table: name, record_id: target.sku } }],
        answer: { contains: target.name },
        state: [{ path: rowsPath(name), count: rows.length - 1 }],
      };
    },
  }),
  defineTemplate({
    id: "data_management/create-table-and-add",
    domains: DM,
    instantiate(ctx) {
      const name = tableName(ctx, ["meeting_rooms", "room_bookings", "conference_rooms", "workspaces"]);
      const room = ctx.pick(["Aurora", "Birch", "Cedar", "Delta", "Summit"]);
      const seats = ctx.pick([4, 6, 8, 10, 12, 20]);
      return {
        instruction: `Create a table called ${name} with columns room (text), seats (number) and projector (true/false), then add the ${room} room with ${seats} seats and a projector. Answer with the new record's id.`,
        steps: [
          {
            id: "create",
            tool: "create_table",
            args: { table: name, columns: { room: "string", seats: "number", projector: "boolean" } },
          },
          {
            id: "insert",
            tool: "insert_record",
            args: { table: name, record: { room, seats, projector: true } },
            after: ["create"],
          },
        ],
        answer: { number: { $from: "insert.record_id" } },
        state: [
          { path: rowsPath(name), count: 1 },
          { path: cellPath(name, 0, "seats"), equals: seats },
        ],
      };
    },
  }),
  defineTemplate({
    id: "data_management/create-table-and-add-two",
    domains: DM,
    instantiate(ctx) {
      const name = tableName(ctx, ["new_hires", "interns", "onboarding", "trainees"]);
      const [a, b] = ctx.sample(PEOPLE, 2) as [string, string];
      const [da, db] = [ctx.pick(DEPARTMENTS), ctx.pick(DEPARTMENTS)];
      return {
        instruction: `Make a new schemaless table ${name} and add two people to it: ${a} (department ${da}) and ${b} (department ${db}), each with fields name and department. Answer with the two ids they get.`,
        steps: [
          { id: "create", tool: "create_table", args: { table: name } },
          {
            id: "insertA",
            tool: "insert_record",
            args: { table: name, record: { name: a, department: da } },
            after: ["create"],
          },
          {
            id: "insertB",
            tool: "insert_record",
            args: { table: name, record: { name: b, department: db } },
            after: ["create"],
          },
        ],
        answer: { contains: [{ $from: "insertA.record_id" }, { $from: "insertB.record_id" }] },
        state: [{ path: rowsPath(name), count: 2 }],
      };
    },
  }),
  defineTemplate({
    id: "data_management/ship-oldest-pending-order",
    domains: DM,
    instantiate(ctx) {
      const statuses = ctx.sample(["pending", "pending", "pending", "shipped", "delivered", "cancelled"], 6);
      const { name, rows } = ordersTable(ctx, statuses);
      const pending = rows.filter((r) => r.status === "pending");
      const oldest = pending.reduce((a, b) => (b.placed < a.placed ? b : a));
      const index = rows.indexOf(oldest);
      return {
        instruction: `In the ${name} table, find the pending order that was placed earliest and mark it as shipped. Whose order was it?`,
        steps: [
          {
            id: "query",
            tool: "query_table",
            args: { table: name, where: [eq("status", "pending")], order_by: "placed" },
          },
          {
            id: "update",
            tool: "update_record",
            args: {
              table: name,
              record_id: { $from: "query.rows.0.order_id" },
              changes: { status: "shipped" },
            },
            after: ["query"],
          },
        ],
        answer: { contains: oldest.customer },
        state: [{ path: cellPath(name, index, "status"), equals: "shipped" }],
      };
    },
  }),
  defineTemplate({
    id: "data_management/remove-lowest-stock-in-category",
    domains: DM,
    instantiate(ctx) {
      const { name, rows } = productsTable(ctx, [3, 2, 2]);
      const category = at(rows, 0).category;
      const inCategory = rows.filter((r) => r.category === category);
      const lowest = inCategory.reduce((a, b) => (b.stock < a.stock ? b : a));
      return {
        instruction: `Remove the ${category} product with the lowest stock from the ${name} table. Which product did you remove?`,
        steps: [
          {
            id: "query",
            tool: "query_table",
            args: { table: name, where: [eq("category", category)], order_by: "stock" },
          },
          {
            id: "delete",
            tool: "delete_record",
            args: { table: name, record_id: { $from: "query.rows.0.sku" } },
            after: ["query"],
          },
        ],
        answer: { contains: lowest.name },
        state: [{ path: rowsPath(name), count: rows.length - 1 }],
      };
    },
  }),
  defineTemplate({
    id: "data_management/add-supplier-and-link",
    domains: DM,
    instantiate(ctx) {
      const suppliers = suppliersTable(ctx, ctx.int(2, 4));
      const products = productsTable(ctx, [2, 2], { suppliers: suppliers.rows.length });
      const index = ctx.int(0, products.rows.length - 1);
      const product = at(products.rows, index);
      const newSupplier = ctx.pick([
        "Juniper Freight",
        "Kingfisher Wares",
        "Lantern Goods",
        "Meadowbrook Supply",
      ]);
      const country = ctx.pick(["Portugal", "Canada", "Japan", "Kenya"]);
      return {
        instruction: `We have a new supplier, ${newSupplier} from ${country}. Add them to the ${suppliers.name} table with a rating of 3, then record their id as the supplier_id of product ${product.sku} in the ${products.name} table. Answer with the new supplier's id.`,
        steps: [
          {
            id: "insert",
            tool: "insert_record",
            args: { table: suppliers.name, record: { name: newSupplier, country, rating: 3 } },
          },
          {
            id: "link",
            tool: "update_record",
            args: {
              table: products.name,
              record_id: product.sku,
              changes: { supplier_id: { $from: "insert.record_id" } },
            },
            after: ["insert"],
          },
        ],
        answer: { number: suppliers.rows.length + 1 },
        state: [{ path: cellPath(products.name, index, "supplier_id"), equals: suppliers.rows.length + 1 }],
      };
    },
  }),
  defineTemplate({
    id: "data_management/export-filtered-rows",
    domains: DM,
    instantiate(ctx) {
      const statuses = ctx.sample(
        ["pending", "shipped", "shipped", "delivered", "delivered", "cancelled", "shipped"],
        7,
      );
      const { name, rows } = ordersTable(ctx, statuses);
      const status = ctx.pick(["shipped", "delivered"] as const);
      return {
        instruction: `Export the ${status} orders from the ${name} table as JSON for the courier. How many orders are in the export?`,
        steps: [
          {
            id: "export",
            tool: "export_table",
            args: { table: name, format: "json", where: [eq("status", status)] },
          },
        ],
        answer: { number: rows.filter((r) => r.status === status).length },
      };
    },
  }),
  defineTemplate({
    id: "data_management/table-size",
    domains: DM,
    instantiate(ctx) {
      const { name, rows } = customersTable(ctx, ctx.int(4, 9), ctx.int(0, 1) === 1);
      return {
        instruction: `How many records does the ${name} table hold? Answer with the number.`,
        steps: [{ id: "tables", tool: "list_tables", args: {} }],
        answer: { number: rows.length },
      };
    },
  }),
  defineTemplate({
    id: "data_management/compare-two-departments",
    domains: DM,
    instantiate(ctx) {
      const [a, b] = ctx.sample(DEPARTMENTS, 2) as [string, string];
      const { name, rows } = employeesTable(
        ctx,
        ctx.int(6, 9),
        [a, b, "support"].filter((d, i, l) => l.indexOf(d) === i),
      );
      const avg = (d: string) => {
        const xs = rows.filter((r) => r.department === d).map((r) => r.salary);
        return xs.reduce((s, x) => s + x, 0) / xs.length;
      };
      if (avg(a) === avg(b)) at(rows, 0).salary += 500;
      const higher = avg(a) > avg(b) ? a : b;
      const agg = (id: string, department: string) => ({
        id,
        tool: "aggregate_table",
        args: { table: name, operation: "avg", column: "salary", where: [eq("department", department)] },
      });
      return {
        instruction: `In the ${name} table, which department has the higher average salary: ${a} or ${b}? Answer with the department.`,
        steps: [agg("avgA", a), agg("avgB", b)],
        answer: { contains: higher },
      };
    },
  }),
  defineTemplate({
    id: "data_management/most-expensive-product-name",
    domains: DM,
    instantiate(ctx) {
      const { name, rows } = productsTable(ctx, [2, 2, 2]);
      const top = rows.reduce((a, b) => (b.price > a.price ? b : a));
      return {
        instruction: `Find the highest price in the ${name} table, then look up which product has that price. Answer with the product's name.`,
        steps: [
          { id: "max", tool: "aggregate_table", args: { table: name, operation: "max", column: "price" } },
          {
            id: "query",
            tool: "query_table",
            args: { table: name, where: [eq("price", { $from: "max.result" })] },
            after: ["max"],
          },
        ],
        answer: { contains: top.name },
      };
    },
  }),
  defineTemplate({
    id: "data_management/archive-a-customer",
    domains: DM,
    instantiate(ctx) {
      const { name, rows } = customersTable(ctx, ctx.int(4, 7));
      // The archive exists already, empty and schemaless.
      const archive = customTable(
        ctx,
        ["archived_clients", "former_customers", "customer_archive", "closed_accounts"],
        { key: "id", columns: null, readonly: false, next_id: 1 },
        [],
      ).name;
      const target = ctx.pick(rows);
      return {
        instruction: `${target.name} closed their account. Copy their name, email and city from ${name} into the ${archive} table as a new record. Answer with the archive record's id.`,
        steps: [
          { id: "query", tool: "query_table", args: { table: name, where: [eq("name", target.name)] } },
          {
            id: "insert",
            tool: "insert_record",
            args: {
              table: archive,
              record: {
                name: { $from: "query.rows.0.name" },
                email: { $from: "query.rows.0.email" },
                city: { $from: "query.rows.0.city" },
              },
            },
            after: ["query"],
          },
        ],
        answer: { number: 1 },
        state: [
          { path: rowsPath(archive), count: 1 },
          { path: cellPath(archive, 0, "email"), equals: target.email },
        ],
      };
    },
  }),
  defineTemplate({
    id: "data_management/copy-top-spender-to-new-table",
    domains: DM,
    instantiate(ctx) {
      const { name, rows } = customersTable(ctx, ctx.int(5, 8), true);
      const vip = tableName(ctx, ["vip_customers", "top_buyers", "gold_list", "best_clients"]);
      const top = rows.reduce((a, b) => (b.spend > a.spend ? b : a));
      return {
        instruction: `Create a new table ${vip} (columns name: text, spend: number) and put the customer from ${name} who has spent the most into it, with their name and spend. Answer with that customer's name.`,
        steps: [
          {
            id: "query",
            tool: "query_table",
            args: { table: name, order_by: "spend", descending: true },
          },
          {
            id: "create",
            tool: "create_table",
            args: { table: vip, columns: { name: "string", spend: "number" } },
          },
          {
            id: "insert",
            tool: "insert_record",
            args: {
              table: vip,
              record: { name: { $from: "query.rows.0.name" }, spend: { $from: "query.rows.0.spend" } },
            },
            after: ["query", "create"],
          },
        ],
        answer: { contains: top.name },
        state: [
          { path: rowsPath(vip), count: 1 },
          { path: cellPath(vip, 0, "spend"), equals: top.spend },
        ],
      };
    },
  }),
];
