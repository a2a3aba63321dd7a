import { defineTemplate } from "../../../dataset/template.js";
import { bytes, dirArg, exists, fileAnswer, filesystemKit, searchRoot, textArg } from "../kit.js";

const fs = ["filesystem"];

/** Filesystem call paths that search, fan out over a listing, or combine several files. */
export const filesystemLongCallPaths = [
  defineTemplate({
    id: "filesystem/delete-leaked-secret",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const key = `sk_live_${ctx.pick(["4f9a", "b27c", "e81d", "9c3e"])}${ctx.int(10000, 99999)}`;
      const dirs = ["app", "scripts", "docs"];
      const paths = dirs.map((d) =>
        k.file(`${k.root}/${d}/${ctx.pick(["settings", "deploy", "notes"])}.txt`, k.prose(3)),
      );
      const leak = ctx.pick(paths);
      k.state.files[leak] += `api_key=${key}\n`;
      k.file(`${k.root}/.env.example`, "api_key=YOUR_KEY_HERE\n");
      return {
        instruction: `Someone committed the API key "${key}" into one of the files under ${k.root}. Delete that file and tell me which one it was.`,
        steps: [
          {
            id: "search",
            tool: "search_files",
            args: { query: { $ci: key }, path: searchRoot(k.root, k.root) },
          },
          {
            id: "delete",
            tool: "delete_file",
            args: { path: { $from: "search.matches.0.path" } },
            after: ["search"],
          },
        ],
        answer: fileAnswer(leak),
        state: [exists(leak, false), ...paths.filter((p) => p !== leak).map((p) => exists(p))],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/backup-two-files",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const [one, two] = ctx.sample([1, 2, 3, 4], 2).sort();
      const a = `# Chapter ${one}\n\n${k.prose(ctx.int(3, 6))}`;
      const b = `# Chapter ${two}\n\n${k.prose(ctx.int(3, 6))}`;
      const first = k.file(`${k.root}/thesis/chapter${one}.md`, a);
      const second = k.file(`${k.root}/thesis/chapter${two}.md`, b);
      const backup = `${k.root}/backup`;
      return {
        instruction: `Back up ${first} and ${second} into ${backup}/, keeping their file names. How many bytes did you back up in total?`,
        steps: [
          { id: "copy_a", tool: "copy_file", args: { src: first, dest: `${backup}/chapter${one}.md` } },
          { id: "copy_b", tool: "copy_file", args: { src: second, dest: `${backup}/chapter${two}.md` } },
        ],
        answer: { number: bytes(a) + bytes(b) },
        state: [exists(`${backup}/chapter${one}.md`), exists(`${backup}/chapter${two}.md`)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/compare-sizes",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const [m1, m2] = ctx.sample(["2026-08", "2026-09", "2026-10", "2026-11"], 2);
      const [n1, n2] = ctx.sample([3, 7, 11, 15], 2);
      const a = k.file(`${k.root}/sales/${m1}.csv`, k.expenses(n1 ?? 3, m1 ?? "").text);
      const b = k.file(`${k.root}/sales/${m2}.csv`, k.expenses(n2 ?? 7, m2 ?? "").text);
      const size = (p: string): number => bytes(k.state.files[p] ?? "");
      if (size(a) === size(b)) k.state.files[a] += `${m1}-28,coffee,4\n`;
      const bigger = size(a) > size(b) ? a : b;
      return {
        instruction: `Which of these two files is bigger: ${a} or ${b}? Answer with the file name.`,
        steps: [
          { id: "first", tool: "file_info", args: { path: a } },
          { id: "second", tool: "file_info", args: { path: b } },
        ],
        answer: fileAnswer(bigger),
      };
    },
  }),
  defineTemplate({
    id: "filesystem/archive-largest-subfolder",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const dir = `${k.root}/datasets`;
      const names = ctx.sample(["census", "traffic", "weather", "retail", "energy"], 3).sort();
      const counts = names.map(() => ctx.int(1, 4));
      names.forEach((name, i) => {
        for (let j = 0; j < (counts[i] ?? 1); j++)
          k.file(`${dir}/${name}/part-${j + 1}.csv`, k.expenses(ctx.int(2, 8), "2026-10").text);
      });
      const size = (name: string): number =>
        Object.entries(k.state.files)
          .filter(([p]) => p.startsWith(`${dir}/${name}/`))
          .reduce((s, [, c]) => s + bytes(c), 0);
      const order = names.map((n, i) => ({ n, i })).sort((x, y) => size(y.n) - size(x.n));
      const [top, next] = order;
      if (!top || !next) throw new Error("folders expected");
      if (size(top.n) === size(next.n))
        k.state.files[`${dir}/${top.n}/part-1.csv`] += "2026-10-30,books,12\n";
      // A single file bigger than every folder: not a folder, so not the answer.
      k.file(`${dir}/all-in-one.csv`, k.expenses(60, "2026-09").text);
      const archive = `${k.root}/largest.atz`;
      return {
        instruction: `Compress the largest subfolder of ${dir} (by total size) into ${archive}. How many files went into the archive?`,
        steps: [
          { id: "list", tool: "list_dir", args: { path: dirArg(dir) } },
          {
            id: "zip",
            tool: "compress",
            args: { src: { $from: `list.entries.${k.entryIndex(dir, top.n)}.path` }, dest: archive },
            after: ["list"],
          },
        ],
        answer: { number: counts[top.i] ?? 0 },
        state: [exists(archive)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/clear-tmp-files",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const dir = `${k.root}/cache`;
      const tmp = ctx
        .sample(["thumbs", "session", "render", "upload", "index"], ctx.int(2, 3))
        .map((n) => k.file(`${dir}/${n}.tmp`, k.prose(ctx.int(1, 3))));
      const keep = [
        k.file(`${dir}/manifest.json`, '{"version": 3}\n'),
        k.file(`${dir}/tmp-policy.txt`, "Clear *.tmp weekly.\n"),
      ];
      return {
        instruction: `Clean up ${dir}: delete every file in it whose name ends in .tmp, and leave the other files alone.`,
        steps: [
          { id: "list", tool: "list_dir", args: { path: dirArg(dir) } },
          ...tmp.map((path, i) => ({
            id: `delete_${i + 1}`,
            tool: "delete_file",
            args: { path },
            after: ["list"],
          })),
        ],
        answer: { any: true },
        state: [...tmp.map((p) => exists(p, false)), ...keep.map((p) => exists(p))],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/sum-order-quantities",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const dir = `${k.root}/orders`;
      const [sku, other] = ctx.sample(["SKU-1042", "SKU-2291", "SKU-3307", "SKU-4410", "SKU-5126"], 2);
      const [q1, q2] = [ctx.int(2, 30), ctx.int(2, 30)];
      const line = (s: string | undefined, q: number) => `${s} quantity ${q}\n`;
      k.file(`${dir}/order-101.txt`, `Order 101\n${line(sku, q1)}${line(other, ctx.int(1, 9))}`);
      k.file(`${dir}/order-102.txt`, `Order 102\n${line(other, ctx.int(1, 9))}`);
      k.file(`${dir}/order-103.txt`, `Order 103\n${line(other, ctx.int(1, 9))}${line(sku, q2)}`);
      k.file(`${dir}/order-104.txt`, `Order 104\n${line("SKU-9000", ctx.int(1, 9))}`);
      return {
        instruction: `Two of the order files under ${dir} include ${sku}. Read both and tell me the total quantity of ${sku} ordered.`,
        steps: [
          {
            id: "search",
            tool: "search_files",
            args: { query: { $ci: sku }, path: searchRoot(k.root, dir) },
          },
          {
            id: "read_1",
            tool: "read_file",
            args: { path: { $from: "search.matches.0.path" } },
            after: ["search"],
          },
          {
            id: "read_2",
            tool: "read_file",
            args: { path: { $from: "search.matches.1.path" } },
            after: ["search"],
          },
        ],
        answer: { number: q1 + q2 },
      };
    },
  }),
  defineTemplate({
    id: "filesystem/close-ticket",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const open = `${k.root}/tickets/open`;
      const companies = ctx.sample(
        ["Northwind", "Globex", "Initech", "Umbrella Labs", "Hooli", "Vandelay"],
        3,
      );
      const ids = ctx.sample([311, 342, 377, 405, 468, 512], 3);
      companies.forEach((c, i) => {
        k.file(
          `${open}/T-${ids[i]}.txt`,
          `Ticket T-${ids[i]}\nCustomer: ${c}\nIssue: ${ctx.pick(["outage", "billing error", "slow API"])}\n`,
        );
      });
      const target = ctx.int(0, 2);
      const name = `T-${ids[target]}.txt`;
      k.dir(`${k.root}/tickets/closed`);
      return {
        instruction: `The ticket from ${companies[target]} is resolved. Find it among the files under ${open} and move it to ${k.root}/tickets/closed/, keeping its file name.`,
        steps: [
          {
            id: "search",
            tool: "search_files",
            args: { query: { $ci: companies[target] ?? "" }, path: searchRoot(k.root, open) },
          },
          {
            id: "move",
            tool: "move_file",
            args: { src: { $from: "search.matches.0.path" }, dest: `${k.root}/tickets/closed/${name}` },
            after: ["search"],
          },
        ],
        answer: { any: true },
        state: [exists(`${open}/${name}`, false), exists(`${k.root}/tickets/closed/${name}`)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/follow-readme-pointer",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const [now, stale] = ctx.sample([15, 30, 45, 60, 90, 120], 2);
      const settings = k.file(
        `${k.root}/etc/${ctx.pick(["app", "worker", "server"])}-settings.ini`,
        `[network]\ntimeout_seconds = ${now}\nretries = 3\n`,
      );
      k.file(`${k.root}/settings.ini`, `; old, unused\n[network]\ntimeout_seconds = ${stale}\n`);
      const readme = k.file(
        `${k.root}/README.txt`,
        `Setup\n\nThe settings file moved: it now lives at ${settings}.\nDo not edit settings.ini in the project root any more.\n`,
      );
      return {
        instruction: `${readme} says where the project's settings file is kept now. Look there and tell me the configured timeout in seconds.`,
        steps: [
          { id: "readme", tool: "read_file", args: { path: readme } },
          { id: "settings", tool: "read_file", args: { path: settings }, after: ["readme"] },
        ],
        answer: { number: now ?? 0 },
      };
    },
  }),
  defineTemplate({
    id: "filesystem/delete-if-large",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const svc = k.service();
      const big = ctx.int(0, 2) > 0;
      const text = k.log(big ? ctx.int(50, 80) : ctx.int(4, 12));
      const path = k.file(`${k.root}/logs/${svc}-debug.log`, text);
      const check = { id: "info", tool: "file_info", args: { path } };
      return {
        instruction: `Check the size of ${path}. If it is over 2 KB (2048 bytes), delete it; otherwise leave it. Tell me its size in bytes.`,
        steps: big
          ? [check, { id: "delete", tool: "delete_file", args: { path }, after: ["info"] }]
          : [check],
        answer: { number: bytes(text) },
        state: [exists(path, !big)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/archive-two-folders",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const site = `${k.root}/site`;
      const css = ctx.int(1, 3);
      const js = ctx.int(1, 4);
      for (let i = 0; i < css; i++)
        k.file(`${site}/css/${["main", "print", "theme"][i]}.css`, `body { margin: ${i}px; }\n`);
      for (let i = 0; i < js; i++)
        k.file(`${site}/js/${["app", "vendor", "charts", "forms"][i]}.js`, `export const part = ${i};\n`);
      k.file(`${site}/index.html`, "<html></html>\n");
      return {
        instruction: `Package ${site}/css as ${k.root}/dist/css.atz and ${site}/js as ${k.root}/dist/js.atz (two separate archives). How many files do the two archives hold together?`,
        steps: [
          {
            id: "css",
            tool: "compress",
            args: { src: dirArg(`${site}/css`), dest: `${k.root}/dist/css.atz` },
          },
          { id: "js", tool: "compress", args: { src: dirArg(`${site}/js`), dest: `${k.root}/dist/js.atz` } },
        ],
        answer: { number: css + js },
        state: [exists(`${k.root}/dist/css.atz`), exists(`${k.root}/dist/js.atz`)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/create-then-backup",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const mode = ctx.pick(["production", "staging", "maintenance"]);
      const path = `${k.root}/config/app.env`;
      const backup = `${k.root}/backup/app.env`;
      k.file(`${k.root}/config/app.env.sample`, "MODE=development\n");
      return {
        instruction: `Create ${path} containing the line MODE=${mode}, then put a copy of it at ${backup}.`,
        steps: [
          {
            id: "write",
            tool: "write_file",
            args: { path, content: textArg(`MODE=${mode}`, `MODE=${mode}\n`) },
          },
          {
            id: "copy",
            tool: "copy_file",
            args: { src: { $from: "write.path" }, dest: backup },
            after: ["write"],
          },
        ],
        answer: { any: true },
        state: [exists(path), exists(backup)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/extract-customer-email",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const dir = `${k.root}/support`;
      const cases = ctx.sample([7012, 7088, 7135, 7291, 7330], 3);
      const emails = ctx.sample(
        [
          "ops@acme-foods.example",
          "it@blue-river.example",
          "help@copperline.example",
          "admin@tallpine.example",
        ],
        3,
      );
      cases.forEach((c, i) => {
        k.file(
          `${dir}/case-${i + 1}.txt`,
          `Case CASE-${c}\nCustomer email: ${emails[i]}\nSeverity: ${ctx.int(1, 4)}\n`,
        );
      });
      const target = ctx.int(0, 2);
      const email = emails[target] ?? "";
      const dest = `${k.root}/escalations/CASE-${cases[target]}.txt`;
      return {
        instruction: `Case CASE-${cases[target]} is being escalated. Find its file under ${dir}, and write the customer's email address into a new file ${dest}. Tell me the address too.`,
        steps: [
          {
            id: "search",
            tool: "search_files",
            args: { query: { $ci: `CASE-${cases[target]}` }, path: searchRoot(k.root, dir) },
          },
          {
            id: "read",
            tool: "read_file",
            args: { path: { $from: "search.matches.0.path" } },
            after: ["search"],
          },
          {
            id: "write",
            tool: "write_file",
            args: { path: dest, content: textArg(email, `${email}\n`) },
            after: ["read"],
          },
        ],
        answer: { contains: email },
        state: [exists(dest)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/move-and-count",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const archive = `${k.root}/archive`;
      const existing = ctx.int(1, 4);
      for (let i = 0; i < existing; i++) k.file(`${archive}/report-${2020 + i}.pdf.txt`, k.prose(1));
      k.file(`${archive}/scans/page-1.txt`, k.prose(1));
      const src = k.file(`${k.root}/inbox/report-2026.pdf.txt`, k.prose(2));
      return {
        instruction: `Move ${src} into ${archive}/ (same name), then tell me how many files sit directly in ${archive} now (not counting folders).`,
        steps: [
          { id: "move", tool: "move_file", args: { src, dest: `${archive}/report-2026.pdf.txt` } },
          { id: "list", tool: "list_dir", args: { path: dirArg(archive) }, after: ["move"] },
        ],
        answer: { number: existing + 1 },
        state: [exists(`${archive}/report-2026.pdf.txt`)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/move-csv-files",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const downloads = `${k.root}/downloads`;
      const names = ctx.sample(["prices", "customers", "stock", "leads", "refunds"], ctx.int(2, 3));
      const csvs = names.map((n) =>
        k.file(`${downloads}/${n}.csv`, k.expenses(ctx.int(2, 5), "2026-11").text),
      );
      const others = [
        k.file(`${downloads}/invoice.pdf.txt`, k.prose(1)),
        k.file(`${downloads}/csv-howto.txt`, k.prose(2)),
      ];
      const data = `${k.root}/data`;
      return {
        instruction: `Move every .csv file from ${downloads} into ${data}/, keeping the names. Leave everything else where it is.`,
        steps: [
          { id: "list", tool: "list_dir", args: { path: dirArg(downloads) } },
          ...names.map((n, i) => ({
            id: `move_${i + 1}`,
            tool: "move_file",
            args: { src: `${downloads}/${n}.csv`, dest: `${data}/${n}.csv` },
            after: ["list"],
          })),
        ],
        answer: { any: true },
        state: [
          ...csvs.map((p) => exists(p, false)),
          ...names.map((n) => exists(`${data}/${n}.csv`)),
          ...others.map((p) => exists(p)),
        ],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/copy-then-append",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const template = k.file(`${k.root}/templates/weekly.md`, "# Weekly report\n\n## Done\n\n## Next\n\n");
      k.state.readonly.push(`${k.root}/templates`);
      const week = ctx.int(10, 52);
      const status = ctx.pick(["on track", "at risk", "blocked on review"]);
      const report = `${k.root}/reports/week-${week}.md`;
      return {
        instruction: `Start this week's report: copy ${template} to ${report}, then add the line "Status: ${status}" at the end of the new report.`,
        steps: [
          { id: "copy", tool: "copy_file", args: { src: template, dest: report } },
          {
            id: "append",
            tool: "write_file",
            args: {
              path: { $from: "copy.dest" },
              content: textArg(`Status: ${status}`, `Status: ${status}\n`),
              mode: "append",
            },
            after: ["copy"],
          },
        ],
        answer: { any: true },
        state: [exists(report), exists(template)],
      };
    },
  }),
  defineTemplate({
    id: "filesystem/archive-and-ship",
    domains: fs,
    instantiate(ctx) {
      const k = filesystemKit(ctx);
      const site = `${k.root}/site`;
      for (const page of ctx.sample(["index", "about", "pricing", "blog", "contact"], ctx.int(2, 4))) {
        k.file(`${site}/${page}.html`, `<html><body><h1>${page}</h1></body></html>\n`);
      }
      const archive = `${k.root}/site.atz`;
      const offsite = `/backup/${k.word}/site.atz`;
      return {
        instruction: `Compress ${site} into ${archive}, then put a copy of that archive on the backup drive at ${offsite}. How big is the archive in bytes?`,
        steps: [
          { id: "zip", tool: "compress", args: { src: dirArg(site), dest: archive } },
          {
            id: "copy",
            tool: "copy_file",
            args: { src: { $from: "zip.path" }, dest: offsite },
            after: ["zip"],
          },
        ],
        answer: { number: { $from: "zip.size" } },
        state: [exists(archive), exists(offsite)],
      };
    },
  }),
];
