import { defineTemplate } from "../../../dataset/template.js";
import {
  bytes,
  dirArg,
  escapeRegex,
  exists,
  fileAnswer,
  filesystemKit,
  lineCount,
  searchRoot,
  textArg,
} from "../kit.js";

const fs = ["filesystem"];

/** Filesystem call paths: single operations, short chains, and a rotation and a collection over several files. */
export const filesystemShortCallPaths = [
  defineTemplate({
    id: "filesystem/count-log-lines",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const [svc, other] = ctx.sample(["billing", "search", "gateway", "ingest", "mailer", "auth"], 2);
      const text = k.log(ctx.int(12, 40));
      const path = k.file(`${k.root}/logs/${svc}.log`, text);
      k.file(`${k.root}/logs/${svc}.log.1`, k.log(ctx.int(41, 60)));
      k.file(`${k.root}/logs/${other}.log`, k.log(ctx.int(5, 30)));
      return {
        instruction: `How many lines does the current ${svc} log, ${path}, have? Answer with the number.`,
        steps: [{ id: "info", tool: "file_info", args: { path } }],
        answer: { number: lineCount(text) },
      };
    },
  }),
  defineTemplate({
    id: "filesystem/config-value",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const [svc, other] = ctx.sample(["billing", "search", "gateway", "ingest", "mailer", "auth"], 2);
      const [port, oldPort, otherPort] = ctx.sample([8080, 8081, 8443, 9000, 9090, 5000, 7070, 3000], 3);
      const conf = (name: string, p: number) =>
        `# ${name} service\nname = ${name}\nport = ${p}\ntimeout = ${ctx.int(5, 60)}\nlog_level = info\n`;
      const path = k.file(`${k.root}/config/${svc}.conf`, conf(svc ?? "", port ?? 0));
      k.file(`${path}.bak`, conf(svc ?? "", oldPort ?? 0));
      k.file(`${k.root}/config/${other}.conf`, conf(other ?? "", otherPort ?? 0));
      return {
        instruction: `Which port is the ${svc} service set to listen on? Its live config is ${path}. Answer with the port number.`,
        steps: [{ id: "read", tool: "read_file", args: { path } }],
        answer: { number: port ?? 0 },
      };
    },
  }),
  defineTemplate({
    id: "filesystem/largest-file",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const dir = `${k.root}/exports`;
      const months = ctx.sample(["2026-06", "2026-07", "2026-08", "2026-09", "2026-10"], 3);
      const rows = ctx.sample([3, 6, 9, 12], 2);
      const files = months.map((m, i) => {
        const n = i < 2 ? (rows[i] ?? 3) : Math.max(...rows) + 5;
        return { path: k.file(`${dir}/${m}.csv`, k.expenses(n, m).text), month: m };
      });
      const size = (path: string): number => bytes(k.state.files[path] ?? "");
      const [largest, second] = [...files].sort((x, y) => size(y.path) - size(x.path));
      if (!largest || !second) throw new Error("files expected");
      // No tie for the largest: one more row makes it plain.
      if (size(largest.path) === size(second.path))
        k.state.files[largest.path] += `${largest.month}-28,taxi,19\n`;
      // A folder holds more bytes than any file: the question is about files.
      k.file(`${dir}/old/2025.csv`, k.expenses(40, "2025-12").text);
      return {
        instruction: `Which file directly in ${dir} is the largest? Answer with its name.`,
        steps: [{ id: "list", tool: "list_dir", args: { path: dirArg(dir) } }],
        answer: fileAnswer(largest.path),
      };
    },
  }),
  defineTemplate({
    id: "filesystem/write-note",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const day = ctx.int(2, 27);
      const text = ctx.pick([
        `Call the plumber on 2026-12-${String(day).padStart(2, "0")} at 09:30`,
        `Renew the parking permit before 2026-12-${String(day).padStart(2, "0")}`,
        `Send the slides to the board by 2026-12-${String(day).padStart(2, "0")}`,
      ]);
      k.file(`${k.root}/notes/ideas.txt`, k.prose(3));
      const path = `${k.root}/notes/reminder-${day}.txt`;
      return {
        instruction: `Create a new file ${path} containing the line: "${text}".`,
        steps: [{ id: "write", tool: "write_file", args: { path, content: textArg(text, `${text}\n`) } }],
        answer: { any: true },
        state: [exists(path)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/delete-file-freed",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const svc = k.service();
      const text = k.log(ctx.int(20, 60));
      const path = k.file(`${k.root}/tmp/${svc}-heap.dump`, text);
      k.file(`${k.root}/tmp/${svc}.pid`, `${ctx.int(1000, 9999)}\n`);
      return {
        instruction: `Delete the old dump ${path} and tell me how many bytes that frees.`,
        steps: [{ id: "delete", tool: "delete_file", args: { path } }],
        answer: { number: bytes(text) },
        state: [exists(path, false), exists(`${k.root}/tmp/${svc}.pid`)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/rename-file",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const [from, to] = ctx.pick([
        ["draft", "final"],
        ["proposal-v1", "proposal-v2"],
        ["notes-tmp", "meeting-notes"],
      ] as const);
      const src = k.file(`${k.root}/docs/${from}.md`, `# ${from}\n\n${k.prose(4)}`);
      k.file(`${k.root}/docs/index.md`, "# Index\n");
      const dest = `${k.root}/docs/${to}.md`;
      return {
        instruction: `Rename ${src} to ${to}.md, in the same folder.`,
        steps: [{ id: "move", tool: "move_file", args: { src, dest } }],
        answer: { any: true },
        state: [exists(src, false), exists(dest)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/backup-copy",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const src = k.file(
        `${k.root}/db/schema.sql`,
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\nCREATE TABLE orders (id INTEGER, user_id INTEGER);\n",
      );
      k.file(`${k.root}/db/seed.sql`, "INSERT INTO users VALUES (1, 'admin');\n");
      k.state.readonly.push(`${k.root}/db`);
      const dest = `${k.root}/backup/schema-${k.month()}.sql`;
      return {
        instruction: `Make a backup copy of ${src} at ${dest}.`,
        steps: [{ id: "copy", tool: "copy_file", args: { src, dest } }],
        answer: { any: true },
        state: [exists(src), exists(dest)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/archive-folder",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const month = k.month();
      const src = `${k.root}/invoices/${month}`;
      for (let i = 1; i <= ctx.int(2, 4); i++)
        k.file(`${src}/inv-${100 + i}.csv`, k.expenses(ctx.int(2, 5), month).text);
      k.file(`${k.root}/invoices/README.txt`, "One folder per month.\n");
      const dest = `${k.root}/invoices/${month}.atz`;
      return {
        instruction: `Compress the folder ${src} into the archive ${dest} and tell me the archive's size in bytes.`,
        steps: [{ id: "zip", tool: "compress", args: { src: dirArg(src), dest } }],
        answer: { number: { $from: "zip.size" } },
        state: [exists(dest)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/count-files-mentioning",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const code = ctx.pick(["Falcon", "Orchid", "Basalt", "Mistral", "Tamarind", "Quasar"]);
      const term = `Project ${code}`;
      const dir = `${k.root}/notes`;
      const hits = ctx.int(2, 4);
      for (let i = 0; i < hits + 2; i++) {
        const body = i < hits ? `${k.prose(2)}Status of ${term}: on track.\n${k.prose(1)}` : k.prose(3);
        k.file(`${dir}/${ctx.pick(["mon", "tue", "wed", "thu", "fri"])}-${i + 1}.txt`, body);
      }
      k.file(`${k.root}/archive/old-notes.txt`, `${term} kickoff notes.\n`);
      return {
        instruction: `How many files under ${dir} mention "${term}"? Answer with the number.`,
        steps: [{ id: "search", tool: "search_files", args: { query: { $ci: term }, path: dirArg(dir) } }],
        answer: { number: hits },
      };
    },
  }),
  defineTemplate({
    id: "filesystem/find-and-read",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const dir = `${k.root}/mail`;
      const orders = ctx.sample([41822, 41907, 42015, 42230, 42871, 43109], 4);
      const dates = ctx.sample(["2026-12-03", "2026-12-05", "2026-12-08", "2026-12-11", "2026-12-15"], 4);
      orders.forEach((o, i) => {
        k.file(
          `${dir}/msg-${String(i + 1).padStart(3, "0")}.txt`,
          `Subject: order ORD-${o}\n\nThanks for your order.\nDelivery date: ${dates[i]}\n`,
        );
      });
      const target = ctx.int(0, orders.length - 1);
      return {
        instruction: `There's an email under ${dir} about order ORD-${orders[target]}. What delivery date does it give? Answer with the date.`,
        steps: [
          {
            id: "search",
            tool: "search_files",
            args: {
              query: { $ci: `ORD-${orders[target]}` },
              path: { $regex: `^(/|${escapeRegex(k.root)}(/mail)?/?)$`, $example: dir },
            },
          },
          {
            id: "read",
            tool: "read_file",
            args: { path: { $from: "search.matches.0.path" } },
            after: ["search"],
          },
        ],
        answer: { contains: dates[target] ?? "" },
      };
    },
  }),
  defineTemplate({
    id: "filesystem/latest-report",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const dir = `${k.root}/reports/daily`;
      const days = ctx.sample([3, 6, 9, 12, 15, 18, 21, 24], ctx.int(3, 5)).sort((a, b) => a - b);
      const incidents = days.map(() => ctx.int(0, 9));
      days.forEach((d, i) => {
        k.file(
          `${dir}/2026-11-${String(d).padStart(2, "0")}.txt`,
          `Daily report 2026-11-${String(d).padStart(2, "0")}\nIncidents: ${incidents[i]}\nDeploys: ${ctx.int(1, 6)}\n`,
        );
      });
      // Sorted by name, the archive folder comes after the reports.
      k.file(`${dir}/archive/2026-10-30.txt`, "Daily report 2026-10-30\nIncidents: 12\nDeploys: 2\n");
      const last = days.length - 1;
      return {
        instruction: `Open the most recent daily report in ${dir} (the file names are dates) and tell me how many incidents it lists.`,
        steps: [
          { id: "list", tool: "list_dir", args: { path: dirArg(dir) } },
          {
            id: "read",
            tool: "read_file",
            args: {
              path: {
                $from: `list.entries.${k.entryIndex(dir, `2026-11-${String(days[last]).padStart(2, "0")}.txt`)}.path`,
              },
            },
            after: ["list"],
          },
        ],
        answer: { number: incidents[last] ?? 0 },
      };
    },
  }),
  defineTemplate({
    id: "filesystem/merge-two-files",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const dir = `${k.root}/minutes`;
      const a = `Minutes, part 1\n${k.prose(ctx.int(2, 4))}`;
      const b = `Minutes, part 2\n${k.prose(ctx.int(2, 4))}`;
      const first = k.file(`${dir}/part1.txt`, a);
      const second = k.file(`${dir}/part2.txt`, b);
      const dest = `${dir}/full.txt`;
      return {
        instruction: `Combine ${first} and ${second} into a new file ${dest}: the text of part 1 followed by the text of part 2.`,
        steps: [
          { id: "read_a", tool: "read_file", args: { path: first } },
          { id: "read_b", tool: "read_file", args: { path: second } },
          {
            id: "write",
            tool: "write_file",
            args: {
              path: dest,
              content: {
                $regex: `^\\s*${escapeRegex(a.trim())}\\s*${escapeRegex(b.trim())}\\s*$`,
                $example: a + b,
              },
            },
            after: ["read_a", "read_b"],
          },
        ],
        answer: { any: true },
        state: [exists(dest), exists(first), exists(second)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/append-and-remove",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const old = "- buy printer paper\n- book the meeting room\n";
      const fresh = ctx.pick([
        "- call the bank\n- renew the domain\n",
        "- order lunch for Friday\n",
        "- back up the laptop\n- file the receipts\n",
      ]);
      const main = k.file(`${k.root}/todo.txt`, old);
      const extra = k.file(`${k.root}/inbox/todo-new.txt`, fresh);
      return {
        instruction: `Append the contents of ${extra} to the end of ${main}, then delete ${extra}.`,
        steps: [
          { id: "read", tool: "read_file", args: { path: extra } },
          {
            id: "append",
            tool: "write_file",
            args: { path: main, content: { $from: "read.content" }, mode: "append" },
            after: ["read"],
          },
          { id: "delete", tool: "delete_file", args: { path: extra }, after: ["append"] },
        ],
        answer: { any: true },
        state: [{ path: ["filesystem", "files", main], equals: old + fresh }, exists(extra, false)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/move-then-compress",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const month = k.month();
      const src = k.file(`${k.root}/tmp/export.csv`, k.expenses(ctx.int(4, 9), month).text);
      k.file(`${k.root}/exports/${month}-draft.csv`, k.expenses(2, month).text);
      const dest = `${k.root}/exports/${month}.csv`;
      const archive = `${k.root}/exports/${month}.atz`;
      return {
        instruction: `Move ${src} to ${dest}, then compress it (at its new place) into ${archive}. How big is the archive, in bytes?`,
        steps: [
          { id: "move", tool: "move_file", args: { src, dest } },
          {
            id: "zip",
            tool: "compress",
            args: { src: { $from: "move.dest" }, dest: archive },
            after: ["move"],
          },
        ],
        answer: { number: { $from: "zip.size" } },
        state: [exists(src, false), exists(dest), exists(archive)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/archive-then-delete",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const svc = k.service();
      const month = k.month();
      const src = k.file(`${k.root}/logs/${svc}-${month}.log`, k.log(ctx.int(20, 50)));
      k.file(`${k.root}/logs/${svc}.log`, k.log(8));
      const dest = `${k.root}/archive/${svc}-${month}.atz`;
      return {
        instruction: `Archive the old log ${src} as ${dest}, and only once the archive exists delete the original log. Answer with the archive's size in bytes.`,
        steps: [
          { id: "zip", tool: "compress", args: { src, dest } },
          { id: "delete", tool: "delete_file", args: { path: src }, after: ["zip"] },
        ],
        answer: { number: { $from: "zip.size" } },
        state: [exists(src, false), exists(dest), exists(`${k.root}/logs/${svc}.log`)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/total-to-file",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const month = k.month();
      const { text, total } = k.expenses(ctx.int(3, 7), month);
      const src = k.file(`${k.root}/expenses/${month}.csv`, text);
      k.file(`${k.root}/expenses/2025-12.csv`, k.expenses(4, "2025-12").text);
      const dest = `${k.root}/expenses/${month}-total.txt`;
      return {
        instruction: `Add up the amount column of ${src} and save the total in a new file ${dest}. Also tell me the total.`,
        steps: [
          { id: "read", tool: "read_file", args: { path: src } },
          {
            id: "write",
            tool: "write_file",
            args: {
              path: dest,
              content: { $regex: `(^|[^\\d.])${total}(\\.0+)?([^\\d.]|\\.?$)`, $example: `${total}\n` },
            },
            after: ["read"],
          },
        ],
        answer: { number: total },
        state: [exists(dest)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/busier-folder",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const [n1, n2] = ctx.sample([1, 2, 3, 4, 5], 2);
      const inbox = `${k.root}/inbox`;
      const outbox = `${k.root}/outbox`;
      for (let i = 0; i < (n1 ?? 1); i++) k.file(`${inbox}/in-${i + 1}.txt`, k.prose(1));
      for (let i = 0; i < (n2 ?? 2); i++) k.file(`${outbox}/out-${i + 1}.txt`, k.prose(1));
      const busier = (n1 ?? 0) > (n2 ?? 0) ? inbox : outbox;
      return {
        instruction: `Which folder has more files in it, ${inbox} or ${outbox}? Answer with the folder.`,
        steps: [
          { id: "inbox", tool: "list_dir", args: { path: dirArg(inbox) } },
          { id: "outbox", tool: "list_dir", args: { path: dirArg(outbox) } },
        ],
        answer: fileAnswer(busier),
      };
    },
  }),
  defineTemplate({
    id: "filesystem/rotate-biggest-log",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const dir = `${k.root}/logs`;
      const names = ctx.sample(["api", "cron", "db", "web", "worker"], 3).sort();
      const lines = ctx.sample([8, 14, 22, 31, 45], 3);
      names.forEach((n, i) => {
        k.file(`${dir}/${n}.log`, k.log(lines[i] ?? 8));
      });
      const size = (n: string): number => bytes(k.state.files[`${dir}/${n}.log`] ?? "");
      const order = names.map((n, i) => ({ n, i })).sort((x, y) => size(y.n) - size(x.n));
      const [top, next] = order;
      if (!top || !next) throw new Error("logs expected");
      if (size(top.n) === size(next.n))
        k.state.files[`${dir}/${top.n}.log`] += "2026-11-30 23:59:59 INFO rotated\n";
      k.file(`${dir}/old/${top.n}-2025.log`, k.log(90));
      const archive = `${k.root}/rotated/${ctx.pick(["week", "batch", "rotation"])}-${ctx.int(10, 52)}.atz`;
      const biggest = `${dir}/${top.n}.log`;
      return {
        instruction: `Rotate the logs: find the biggest .log file directly in ${dir}, compress it into ${archive}, then delete that log file. Which log was it?`,
        steps: [
          { id: "list", tool: "list_dir", args: { path: dirArg(dir) } },
          {
            id: "zip",
            tool: "compress",
            args: { src: { $from: `list.entries.${k.entryIndex(dir, `${top.n}.log`)}.path` }, dest: archive },
            after: ["list"],
          },
          {
            id: "delete",
            tool: "delete_file",
            args: { path: { $from: `list.entries.${k.entryIndex(dir, `${top.n}.log`)}.path` } },
            after: ["zip"],
          },
        ],
        answer: fileAnswer(biggest),
        state: [exists(archive), exists(biggest, false)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/collect-and-share",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const phrase = `${ctx.pick(["Q3", "Q4"])} forecast`;
      const docs = `${k.root}/docs`;
      const [a, b, c] = ctx.sample(["sales", "hiring", "budget", "roadmap", "risks"], 3);
      k.file(`${docs}/${a}.md`, `# ${a}\n\nSee the ${phrase} for the numbers.\n`);
      k.file(`${docs}/${b}.md`, `# ${b}\n\n${k.prose(2)}`);
      k.file(`${docs}/team/${c}.md`, `# ${c}\n\nThe ${phrase} assumes two new hires.\n`);
      // Sorted by path: docs/<a>.md comes before docs/team/<c>.md.
      const hits = [`${docs}/${a}.md`, `${docs}/team/${c}.md`].sort();
      const share = `${k.root}/share`;
      const names = hits.map((h) => h.slice(h.lastIndexOf("/") + 1));
      return {
        instruction: `Gather the documents under ${docs} that mention the "${phrase}": copy each of them into ${share}/ (keeping the file names), then compress ${share} into ${k.root}/share.atz. How many files are in the archive?`,
        steps: [
          {
            id: "search",
            tool: "search_files",
            args: { query: { $ci: phrase }, path: searchRoot(k.root, docs) },
          },
          ...hits.map((_, i) => ({
            id: `copy_${i + 1}`,
            tool: "copy_file",
            args: { src: { $from: `search.matches.${i}.path` }, dest: `${share}/${names[i]}` },
            after: ["search"],
          })),
          {
            id: "zip",
            tool: "compress",
            args: { src: dirArg(share), dest: `${k.root}/share.atz` },
            after: ["copy_1", "copy_2"],
          },
        ],
        answer: { number: 2 },
        state: [exists(`${k.root}/share.atz`), ...names.map((n) => exists(`${share}/${n}`))],
      };
    },
  }),
];
