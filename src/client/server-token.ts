import { AsyncToolError } from "../errors.js";

/**
 * The headers a runner sends to a running server started with a bearer token (`serve
 * --auth-token`, or ASYNCTOOL_AUTH_TOKEN): none without a token.
 */
export function bearerHeaders(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * The server refused the runner's token, or asked for one it was not given: every later episode
 * would meet the same refusal, so the error is scoped to the run (eval stops at once).
 */
export function serverTokenRefused(where: string, status: number, tokenSent: boolean): AsyncToolError {
  const what = tokenSent
    ? "refused the token of ASYNCTOOL_AUTH_TOKEN: set it to the token the server was started with"
    : "asks for a bearer token (it was started with --auth-token or ASYNCTOOL_AUTH_TOKEN): set ASYNCTOOL_AUTH_TOKEN to that token in eval's environment";
  return new AsyncToolError("SERVER_TOKEN_REFUSED", `${where} answered ${status}: the server ${what}.`, {
    status,
    scope: "run",
  });
}
