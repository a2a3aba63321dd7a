// Runs a server command as a child and hands it the connection to a Unix socket the test
// listens on. The child holds its copy of that connection until it exits, and this process
// drops its own at once, so the test sees the connection close exactly when the server has
// exited by itself: whatever a client does to this wrapper (the MCP SDK's stdio transport
// sends SIGTERM, then SIGKILL, to a process that has not exited within 2 s of its stdin
// closing), the server only ever sees its stdin close.
//
//   node exit-reporting-server.mjs <socket path> <server command> [args...]
import { spawn } from "node:child_process";
import { connect } from "node:net";

const [socketPath, command, ...args] = process.argv.slice(2);
const socket = connect(socketPath, () => {
  // Its stderr too goes through this process: inherited, it would keep the client's stderr
  // open, and with it the client, until the server exits.
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe", socket] });
  socket.destroy();
  process.stdin.pipe(child.stdin);
  child.stdout.pipe(process.stdout);
  child.stderr.pipe(process.stderr);
  child.once("exit", (code) => process.exit(code ?? 1));
});
