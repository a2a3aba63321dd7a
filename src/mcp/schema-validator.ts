import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import type {
  JsonSchemaType,
  JsonSchemaValidator,
  jsonSchemaValidator,
} from "@modelcontextprotocol/sdk/validation/types.js";

let ajv: AjvJsonSchemaValidator | undefined;

/**
 * The JSON Schema validator every episode server of the process shares. Left to itself, the SDK
 * builds one per server (an Ajv instance with its formats: about a millisecond of CPU and 18 KB
 * of heap), and a server is built per session: over HTTP that was a tenth of a short session's
 * CPU, and heap that lives as long as the session, which every young-generation collection
 * copies while it runs (and so delays the timers due meanwhile). A server only validates with it
 * what it asks of a client (elicitation), which an episode never does: it is built on first
 * use, once.
 */
export const sharedSchemaValidator: jsonSchemaValidator = {
  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    ajv ??= new AjvJsonSchemaValidator();
    return ajv.getValidator<T>(schema);
  },
};
