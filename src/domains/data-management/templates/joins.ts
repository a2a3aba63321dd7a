import { defineTemplate } from "../../../dataset/template.js";
import { at, cellPath, customersTable, customTable, eq, ordersTable, productsTable } from "../kit.js";

const DM = ["data_management"];

/** Database templates, part 3: lookups that join two tables, the key read from the first query. */
export const dataManagementJoinTemplates = [
  defineTemplate({
    id: "data_management/email-of-order-customer",
    domains: DM,
    instantiate(ctx) {
      const customers = customersTable(ctx, 6);
      const orders = ordersTable(
        ctx,
        ctx.sample(["pending", "shipped", "delivered", "pending", "shipped"], 5),
      );
      // Every order was placed by a customer of the customers table.
      for (const order of orders.rows) order.customer = ctx.pick(customers.rows).name;
      const order = ctx.pick(orders.rows);
      const customer = customers.rows.find((c) => c.name === order.customer);
      return {
        instruction: `Who placed order ${order.order_id} in the ${orders.name} table, and what is their email address according to the ${customers.name} table? Answer with the email.`,
        steps: [
          {
            id: "order",
            tool: "query_table",
            args: { table: orders.name, where: [eq("order_id", order.order_id)] },
          },
          {
            id: "customer",
            tool: "query_table",
            args: { table: customers.name, where: [eq("name", { $from: "order.rows.0.customer" })] },
            after: ["order"],
          },
        ],
        answer: { contains: customer?.email ?? "" },
      };
    },
  }),
  defineTemplate({
    id: "data_management/refresh-line-price",
    domains: DM,
    instantiate(ctx) {
      const products = productsTable(ctx, [2, 2, 1]);
      const chosen = ctx.sample(products.rows, 3);
      const first = ctx.int(1, 40);
      const lines = customTable(
        ctx,
        ["order_lines", "invoice_lines", "basket_items", "line_items"],
        {
          key: "line_id",
          columns: { sku: "string", quantity: "number", unit_price: "number" },
          readonly: false,
          next_id: first + 3,
        },
        chosen.map((p, i) => ({
          line_id: first + i,
          sku: p.sku,
          quantity: ctx.int(1, 9),
          unit_price: p.price + ctx.pick([-2, -1, 1.5, 3]),
        })),
      );
      const index = ctx.int(0, 2);
      const line = at(lines.rows, index);
      const product = at(chosen, index);
      return {
        instruction: `Line ${line.line_id} of ${lines.name} has an outdated unit price. Look up the current price of its product in ${products.name} and update the line's unit_price to it. What is the new unit price?`,
        steps: [
          {
            id: "line",
            tool: "query_table",
            args: { table: lines.name, where: [eq("line_id", line.line_id)] },
          },
          {
            id: "product",
            tool: "query_table",
            args: { table: products.name, where: [eq("sku", { $from: "line.rows.0.sku" })] },
            after: ["line"],
          },
          {
            id: "update",
            tool: "update_record",
            args: {
              table: lines.name,
              record_id: line.line_id,
              changes: { unit_price: { $from: "product.rows.0.price" } },
            },
            after: ["product"],
          },
        ],
        answer: { number: product.price, tolerance: 0.001 },
        state: [{ path: cellPath(lines.name, index, "unit_price"), equals: product.price }],
      };
    },
  }),
  defineTemplate({
    id: "data_management/export-orders-of-customer",
    domains: DM,
    instantiate(ctx) {
      const customers = customersTable(ctx, 5);
      const orders = ordersTable(
        ctx,
        ctx.sample(["pending", "shipped", "delivered", "pending", "shipped", "delivered"], 6),
      );
      const target = ctx.pick(customers.rows);
      const others = customers.rows.filter((c) => c !== target);
      const mine = ctx.int(1, 3);
      orders.rows.forEach((order, i) => {
        order.customer = i < mine ? target.name : ctx.pick(others).name;
      });
      return {
        instruction: `Export as CSV every order in the ${orders.name} table placed by customer #${target.id} of the ${customers.name} table. How many orders does the export contain?`,
        steps: [
          {
            id: "customer",
            tool: "query_table",
            args: { table: customers.name, where: [eq("id", target.id)] },
          },
          {
            id: "export",
            tool: "export_table",
            args: { table: orders.name, where: [eq("customer", { $from: "customer.rows.0.name" })] },
            after: ["customer"],
          },
        ],
        answer: { number: mine },
      };
    },
  }),
  defineTemplate({
    id: "data_management/spend-in-same-city",
    domains: DM,
    instantiate(ctx) {
      const { name, rows } = customersTable(ctx, ctx.int(6, 8));
      const target = at(rows, 0);
      // Two more customers live in the same city; the others elsewhere.
      for (const [i, row] of rows.entries()) {
        if (i === 1 || i === 2) row.city = target.city;
        else if (i > 2 && row.city === target.city) row.city = target.city === "Oslo" ? "Lisbon" : "Oslo";
      }
      const total = rows.filter((r) => r.city === target.city).reduce((s, r) => s + r.spend, 0);
      return {
        instruction: `What is the combined spend of all customers in the ${name} table who live in the same city as ${target.name} (including ${target.name})?`,
        steps: [
          { id: "customer", tool: "query_table", args: { table: name, where: [eq("name", target.name)] } },
          {
            id: "total",
            tool: "aggregate_table",
            args: {
              table: name,
              operation: "sum",
              column: "spend",
              where: [eq("city", { $from: "customer.rows.0.city" })],
            },
            after: ["customer"],
          },
        ],
        answer: { number: total },
      };
    },
  }),
];
