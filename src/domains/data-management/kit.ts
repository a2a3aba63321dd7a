import { CITIES, PEOPLE } from "../../dataset/pools.js";
import type { TemplateContext } from "../../dataset/template.js";

/**
 * What the data_management templates share: kinds of table (employees, products, orders,
 * customers, suppliers) with invented rows, and a helper that adds a task's own tables to the
 * episode's database. Every table name, whether the task finds it or creates it, comes from one
 * pool per episode, so tasks never share a table.
 */

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;
export interface Table {
  key: string;
  columns: Record<string, "string" | "number" | "boolean"> | null;
  rows: Row[];
  readonly: boolean;
  next_id: number;
}
interface DataState {
  tables: Record<string, Table>;
}

export interface Built<R extends Row = Row> {
  readonly name: string;
  readonly table: Table;
  readonly rows: R[];
}

/** Reserves a table name for the task (an existing table, or one the task will create). */
export const tableName = (ctx: TemplateContext, candidates: readonly string[]): string =>
  ctx.unique("data.table", candidates);

function add<R extends Row>(
  ctx: TemplateContext,
  name: string,
  table: Omit<Table, "rows">,
  rows: R[],
): Built<R> {
  const state = ctx.state<DataState & Record<string, never>>("data_management");
  const full: Table = { ...table, rows };
  state.tables[name] = full;
  return { name, table: full, rows };
}

/** A table of the task with the given rows (for shapes the named kinds do not cover). */
export function customTable<R extends Row>(
  ctx: TemplateContext,
  names: readonly string[],
  table: Omit<Table, "rows">,
  rows: R[],
): Built<R> {
  return add(ctx, tableName(ctx, names), table, rows);
}

/** n distinct values from min to max in steps, shuffled. */
const distinct = (ctx: TemplateContext, n: number, min: number, max: number, step: number): number[] =>
  ctx.sample(
    Array.from({ length: Math.floor((max - min) / step) + 1 }, (_, i) => min + i * step),
    n,
  );

export const DEPARTMENTS = ["engineering", "sales", "support", "finance", "marketing"] as const;
export interface Employee extends Row {
  id: number;
  name: string;
  department: string;
  salary: number;
  remote: boolean;
}
export function employeesTable(
  ctx: TemplateContext,
  n: number,
  departments: readonly string[] = DEPARTMENTS.slice(0, 3),
): Built<Employee> {
  const name = tableName(ctx, [
    "employees",
    "staff",
    "team_members",
    "personnel",
    "workforce",
    "crew_roster",
  ]);
  const people = ctx.sample(PEOPLE, n);
  const salaries = distinct(ctx, n, 42_000, 128_000, 500);
  const rows = people.map((person, i) => ({
    id: i + 1,
    name: person,
    department: departments[i % departments.length] as string,
    salary: salaries[i] as number,
    remote: ctx.int(0, 1) === 1,
  }));
  return add(
    ctx,
    name,
    {
      key: "id",
      columns: { name: "string", department: "string", salary: "number", remote: "boolean" },
      readonly: false,
      next_id: n + 1,
    },
    rows,
  );
}

export const CATEGORIES = {
  kitchen: ["Enamel Kettle", "Bamboo Cutting Board", "Cast Iron Skillet", "Ceramic Mug Set", "Spice Rack"],
  garden: ["Watering Can", "Pruning Shears", "Seed Starter Kit", "Garden Kneeler", "Hose Reel"],
  office: ["Desk Lamp", "Paper Tray", "Ergonomic Mouse", "Notebook Pack", "Monitor Stand"],
  outdoor: ["Camping Lantern", "Trail Backpack", "Folding Chair", "Water Bottle", "Picnic Blanket"],
  toys: ["Wooden Blocks", "Puzzle Cube", "Stunt Kite", "Plush Fox", "Marble Run"],
} as const;
export type Category = keyof typeof CATEGORIES;
export interface Product extends Row {
  sku: string;
  name: string;
  category: string;
  price: number;
  stock: number;
}
/** Products of the given categories, several per category, with distinct prices and stock levels. */
export function productsTable(
  ctx: TemplateContext,
  perCategory: readonly number[],
  options: { readonly?: boolean; suppliers?: number } = {},
): Built<Product> {
  const name = tableName(ctx, [
    "products",
    "catalog",
    "inventory",
    "shop_items",
    "store_products",
    "warehouse_items",
  ]);
  const categories = ctx.sample(Object.keys(CATEGORIES) as Category[], perCategory.length);
  const n = perCategory.reduce((s, k) => s + k, 0);
  const prices = distinct(ctx, n, 8, 180, 0.5);
  const stock = distinct(ctx, n, 0, 240, 3);
  const skus = distinct(ctx, n, 100, 999, 1);
  const rows: Product[] = [];
  categories.forEach((category, c) => {
    for (const product of ctx.sample(CATEGORIES[category], perCategory[c] ?? 0)) {
      const i = rows.length;
      const row: Product = {
        sku: `P-${skus[i]}`,
        name: product,
        category,
        price: prices[i] as number,
        stock: stock[i] as number,
      };
      if (options.suppliers) row.supplier_id = ctx.int(1, options.suppliers);
      rows.push(row);
    }
  });
  const shuffled = ctx.sample(rows, rows.length);
  return add(
    ctx,
    name,
    {
      key: "sku",
      columns: {
        name: "string",
        category: "string",
        price: "number",
        stock: "number",
        ...(options.suppliers ? { supplier_id: "number" as const } : {}),
      },
      readonly: options.readonly ?? false,
      next_id: 1,
    },
    shuffled,
  );
}

export const STATUSES = ["pending", "shipped", "delivered", "cancelled"] as const;
export const REGIONS = ["north", "south", "east", "west"] as const;
export interface Order extends Row {
  order_id: number;
  customer: string;
  status: string;
  total: number;
  region: string;
  placed: string;
}
/** Orders with the given statuses (in that order of ids), distinct totals and placing dates. */
export function ordersTable(ctx: TemplateContext, statuses: readonly string[]): Built<Order> {
  const name = tableName(ctx, [
    "orders",
    "sales_orders",
    "web_orders",
    "shop_orders",
    "purchases",
    "order_book",
  ]);
  const n = statuses.length;
  const first = ctx.int(50, 90) * 100;
  const totals = distinct(ctx, n, 15, 900, 0.5);
  const days = distinct(ctx, n, 1, 28, 1);
  const customers = ctx.sample(PEOPLE, n);
  const rows = statuses.map((status, i) => ({
    order_id: first + i + 1,
    customer: customers[i] as string,
    status,
    total: totals[i] as number,
    region: ctx.pick(REGIONS),
    placed: `2026-11-${String(days[i]).padStart(2, "0")}`,
  }));
  return add(
    ctx,
    name,
    {
      key: "order_id",
      columns: { customer: "string", status: "string", total: "number", region: "string", placed: "string" },
      readonly: false,
      next_id: first + n + 1,
    },
    rows,
  );
}

export const TIERS = ["bronze", "silver", "gold"] as const;
export interface Customer extends Row {
  id: number;
  name: string;
  email: string;
  city: string;
  tier: string;
  spend: number;
}
export const email = (person: string): string => `${person.toLowerCase().replaceAll(" ", ".")}@example.com`;
export function customersTable(ctx: TemplateContext, n: number, readonly = false): Built<Customer> {
  const name = tableName(ctx, ["customers", "clients", "accounts", "members", "buyers", "patrons"]);
  const people = ctx.sample(PEOPLE, n);
  const spend = distinct(ctx, n, 120, 9800, 20);
  const rows = people.map((person, i) => ({
    id: i + 1,
    name: person,
    email: email(person),
    city: ctx.pick(CITIES),
    tier: ctx.pick(TIERS),
    spend: spend[i] as number,
  }));
  return add(
    ctx,
    name,
    {
      key: "id",
      columns: { name: "string", email: "string", city: "string", tier: "string", spend: "number" },
      readonly,
      next_id: n + 1,
    },
    rows,
  );
}

export const SUPPLIERS = [
  "Alder & Finch",
  "Bluegate Supply",
  "Cinder Works",
  "Dovetail Trading",
  "Everline Goods",
  "Foxglove Imports",
  "Granary & Co",
  "Harbourline Ltd",
] as const;
export const COUNTRIES = ["Portugal", "Canada", "Japan", "Kenya", "Chile", "Norway"] as const;
export interface Supplier extends Row {
  id: number;
  name: string;
  country: string;
  rating: number;
}
export function suppliersTable(ctx: TemplateContext, n: number): Built<Supplier> {
  const name = tableName(ctx, ["suppliers", "vendors", "partners", "sources", "supply_chain", "makers"]);
  const names = ctx.sample(SUPPLIERS, n);
  const rows = names.map((supplier, i) => ({
    id: i + 1,
    name: supplier,
    country: ctx.pick(COUNTRIES),
    rating: ctx.int(1, 5),
  }));
  return add(
    ctx,
    name,
    {
      key: "id",
      columns: { name: "string", country: "string", rating: "number" },
      readonly: false,
      next_id: n + 1,
    },
    rows,
  );
}

/** A condition with the default operator (eq), which an agent may also write out. */
export const eq = (column: string, value: unknown) => ({ column, value });

export const rowsPath = (table: string): (string | number)[] => ["data_management", "tables", table, "rows"];
export const cellPath = (table: string, index: number, column: string): (string | number)[] => [
  ...rowsPath(table),
  index,
  column,
];

export function at<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new RangeError(`no item ${index}`);
  return item;
}
