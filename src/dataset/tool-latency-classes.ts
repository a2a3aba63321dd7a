/**
 * What kind of service call a tool is, for the `service` latency profiles: a tool's latency is
 * its class's, so a search is fast and a booking or an export slow whatever domain they are in.
 *
 * A latency unit lasts about a second (the wall clock's default `unitMs`), the order of one agent
 * turn; the step clock rounds a draw to whole steps, at least 1. Remote services have heavy
 * right tails (queues, retries, cold starts), so every class is lognormal; the p95 / median
 * ratio grows with how much a call depends on other systems.
 */
export type LatencyClass = "compute" | "lookup" | "write" | "search" | "transaction" | "batch";

export interface LatencyClassDefinition {
  /** Latency in the `service` profile. */
  readonly spec: { readonly lognormal: { readonly median: number; readonly p95: number } };
  /** What calls of the class are, and why the distribution fits them (the docs print it). */
  readonly why: string;
}

export const LATENCY_CLASSES: Readonly<Record<LatencyClass, LatencyClassDefinition>> = {
  compute: {
    spec: { lognormal: { median: 2, p95: 6 } },
    why: "a pure function on a hosted tool server (arithmetic, text, format conversion): a round trip and a little work; cold starts make the tail",
  },
  lookup: {
    spec: { lognormal: { median: 3, p95: 8 } },
    why: "a read of one object or a short list by key (a file, a booking, a quote, a profile): one indexed query behind an API",
  },
  write: {
    spec: { lognormal: { median: 4, p95: 12 } },
    why: "a change to one object (send, post, insert, update, delete, move): a read plus a durable write and its replication",
  },
  search: {
    spec: { lognormal: { median: 5, p95: 15 } },
    why: "a search or query over a collection (flights, posts, files, table rows): fan-out over an index, ranking, a slow tail when a shard lags",
  },
  transaction: {
    spec: { lognormal: { median: 8, p95: 24 } },
    why: "a call that commits with an outside party (booking, ticket purchase, exchange order, bank transfer, starting or stopping equipment): several systems confirm in turn",
  },
  batch: {
    spec: { lognormal: { median: 14, p95: 45 } },
    why: "a job that processes a whole dataset or runs a device (export, archive, dataset generation or profiling, diagnostics, production batch, maintenance): its time grows with its input and queues behind others",
  },
};

export const LATENCY_CLASS_NAMES = Object.keys(LATENCY_CLASSES) as LatencyClass[];

/**
 * Every tool of the built-in domains, `domain.tool`, and its class. A test fails for a domain
 * tool missing here, so a new tool gets its class when it is written.
 */
export const TOOL_LATENCY_CLASS: Readonly<Record<string, LatencyClass>> = {
  "filesystem.list_dir": "lookup",
  "filesystem.read_file": "lookup",
  "filesystem.write_file": "write",
  "filesystem.delete_file": "write",
  "filesystem.move_file": "write",
  "filesystem.copy_file": "write",
  "filesystem.file_info": "lookup",
  "filesystem.search_files": "search",
  "filesystem.compress": "batch",

  "travel.search_flights": "search",
  "travel.get_flight": "lookup",
  "travel.book_flight": "transaction",
  "travel.search_hotels": "search",
  "travel.book_hotel": "transaction",
  "travel.get_booking": "lookup",
  "travel.list_bookings": "lookup",
  "travel.cancel_booking": "transaction",

  "messages.find_users": "lookup",
  "messages.send_message": "write",
  "messages.list_messages": "lookup",
  "messages.read_message": "lookup",
  "messages.search_messages": "search",
  "messages.delete_message": "write",
  "messages.block_user": "write",
  "messages.unblock_user": "write",

  "social.create_post": "write",
  "social.get_post": "lookup",
  "social.search_posts": "search",
  "social.like_post": "write",
  "social.comment_on_post": "write",
  "social.follow_user": "write",
  "social.get_feed": "search",
  "social.get_profile": "lookup",

  "tickets.search_events": "search",
  "tickets.get_event": "lookup",
  "tickets.buy_tickets": "transaction",
  "tickets.get_ticket_order": "lookup",
  "tickets.list_ticket_orders": "lookup",
  "tickets.cancel_ticket_order": "transaction",
  "tickets.get_wallet_balance": "lookup",
  "tickets.top_up_wallet": "transaction",

  "trading.find_symbol": "lookup",
  "trading.get_quote": "lookup",
  "trading.place_order": "transaction",
  "trading.cancel_order": "transaction",
  "trading.get_order": "lookup",
  "trading.list_orders": "lookup",
  "trading.get_portfolio": "lookup",
  "trading.deposit_cash": "transaction",

  "machines.list_machines": "lookup",
  "machines.get_machine_status": "lookup",
  "machines.start_machine": "transaction",
  "machines.stop_machine": "transaction",
  "machines.set_parameter": "write",
  "machines.run_production_batch": "batch",
  "machines.run_diagnostics": "batch",
  "machines.perform_maintenance": "batch",

  "data_management.list_tables": "lookup",
  "data_management.create_table": "write",
  "data_management.insert_record": "write",
  "data_management.query_table": "search",
  "data_management.update_record": "write",
  "data_management.delete_record": "write",
  "data_management.aggregate_table": "search",
  "data_management.export_table": "batch",

  "data_generation.generate_dataset": "batch",
  "data_generation.list_datasets": "lookup",
  "data_generation.get_dataset_rows": "lookup",
  "data_generation.sample_dataset": "search",
  "data_generation.summarize_dataset": "batch",
  "data_generation.export_dataset": "batch",
  "data_generation.generate_random_numbers": "compute",
  "data_generation.generate_identifiers": "compute",

  "numbers.compute_arithmetic": "compute",
  "numbers.evaluate_expression": "compute",
  "numbers.apply_math_function": "compute",
  "numbers.round_number": "compute",
  "numbers.compute_statistics": "compute",
  "numbers.convert_units": "compute",
  "numbers.compute_percentage": "compute",
  "numbers.factorize_integer": "compute",

  "strings.reverse_string": "compute",
  "strings.change_case": "compute",
  "strings.analyze_text": "compute",
  "strings.find_occurrences": "compute",
  "strings.replace_substring": "compute",
  "strings.split_string": "compute",
  "strings.join_strings": "compute",
  "strings.extract_substring": "compute",

  "data_format.csv_to_json": "compute",
  "data_format.json_to_csv": "compute",
  "data_format.json_to_yaml": "compute",
  "data_format.yaml_to_json": "compute",
  "data_format.format_json": "compute",
  "data_format.validate_json": "compute",
  "data_format.extract_json_value": "compute",
};

/** The class of a domain's tool; a tool without one is a generator bug, reported as such. */
export function latencyClassOf(domain: string, tool: string): LatencyClass {
  const found = TOOL_LATENCY_CLASS[`${domain}.${tool}`];
  if (!found)
    throw new Error(
      `the tool ${domain}.${tool} has no latency class: add it to TOOL_LATENCY_CLASS in src/dataset/tool-latency-classes.ts`,
    );
  return found;
}

/** A class's latency in the `service` profile. */
export function serviceLatency(latencyClass: LatencyClass): {
  lognormal: { median: number; p95: number };
} {
  const { median, p95 } = LATENCY_CLASSES[latencyClass].spec.lognormal;
  return { lognormal: { median, p95 } };
}
