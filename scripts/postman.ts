// Postman collections from the specs, with Postman's own converter (openapi-to-postmanv2, the one
// its importer runs) and the options that make a collection run as it stands: every example used,
// optional parameters left off, one folder per path, the token in a `bearerToken` variable.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const converter = require('openapi-to-postmanv2') as {
  convertV2(
    input: { type: 'string'; data: string },
    options: object,
    done: (error: Error | null, result: { result: boolean; reason?: string; output?: { data: PostmanCollection }[] }) => void,
  ): void;
};

export interface PostmanCollection {
  info: { name: string; _postman_id?: string; [key: string]: unknown };
  item: unknown[];
  variable?: { key: string; value: string }[];
  [key: string]: unknown;
}

export const CONVERSION_OPTIONS = { parametersResolution: 'Example', enableOptionalParameters: false, folderStrategy: 'Paths' } as const;

export function convertSpec(text: string): Promise<PostmanCollection> {
  return new Promise((resolve, reject) => {
    converter.convertV2({ type: 'string', data: text }, CONVERSION_OPTIONS, (error, result) => {
      if (error) reject(error);
      else if (!result.result || !result.output?.[0]) reject(new Error(`openapi-to-postmanv2: ${result.reason ?? 'no collection'}`));
      else resolve(result.output[0].data);
    });
  });
}

/** Drops the random ids the converter gives the collection, its folders, requests and responses (Postman assigns its own on import). */
function withoutRandomIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRandomIds);
  if (!node || typeof node !== 'object') return node;
  const entries = Object.entries(node).filter(([key]) => key !== 'id' && key !== '_postman_id');
  return Object.fromEntries(entries.map(([key, value]) => [key, withoutRandomIds(value)]));
}

/** The collection as committed in generated/postman/: the same text for the same spec. */
export async function publishableCollection(specText: string): Promise<string> {
  const collection = withoutRandomIds(await convertSpec(specText)) as PostmanCollection;
  delete collection.variable;
  return `${JSON.stringify(collection)}\n`;
}
