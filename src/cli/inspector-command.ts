/**
 * The MCP Inspector release the README's walkthrough and the `serve` banner name, pinned: an
 * unpinned `npx @modelcontextprotocol/inspector` prompts to install, or runs whatever version
 * npx cached last. It is the devDependency test/e2e/inspector-walkthrough.test.ts runs, and that
 * test fails when this, package.json and the README disagree.
 */
export const INSPECTOR_VERSION = "2.12.0";

/** The command that runs that Inspector release with npx. */
export const INSPECTOR_NPX = `npx @modelcontextprotocol/inspector@${INSPECTOR_VERSION}`;

/** The Inspector's CLI call that lists the tools of a Streamable HTTP server at url. */
export function inspectorListTools(url: string): string {
  return `${INSPECTOR_NPX} --cli ${url} --transport http --method tools/list`;
}
