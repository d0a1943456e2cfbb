/**
 * The official SARIF 2.1.0 JSON schema (OASIS, draft-04, as shipped in Microsoft's
 * `@microsoft/sarif-matcher-utils`), compiled once for the unit and protocol tests.
 */

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';

const schema = JSON.parse(
  readFileSync(path.resolve(__dirname, '..', 'node_modules', '@microsoft', 'sarif-matcher-utils', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'),
) as object;
// The schema's `language` pattern is not valid with the `u` flag Ajv uses by default.
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
ajv.addFormat('uri', (s: string) => URL.canParse(s));
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
ajv.addFormat('uri-reference', (s: string) => !/[\s%](?![0-9A-Fa-f]{2})/.test(s) && URL.canParse(s, 'file:///base/'));
const validate = ajv.compile(schema);

/** The schema errors of `log` as one line, or `'No errors'`. */
export function sarifErrors(log: unknown): string {
  validate(log);
  return ajv.errorsText(validate.errors);
}
