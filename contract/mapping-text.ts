// A mapping file's text as written: a key given twice in one object ("lineAmount" mapped to two
// columns) is a mistake JSON.parse hides — it keeps the last silently. The file is read with a
// JSON parser that keeps every member (momoa) to name such keys, on the server and in the import
// wizard alike (docs/imports.md, "The mapping file").
import { parse, type ValueNode } from '@humanwhocodes/momoa';

/** The keys the JSON text gives twice in one object, as paths ("fields.lineAmount"); none for text that is not JSON (JSON.parse says why). */
export function repeatedKeys(text: string): string[] {
  let body: ValueNode;
  try {
    body = parse(text).body;
  } catch {
    return [];
  }
  const found: string[] = [];
  const walk = (node: ValueNode, path: readonly string[]) => {
    if (node.type === 'Object') {
      const seen = new Set<string>();
      for (const member of node.members) {
        const key = member.name.type === 'String' ? member.name.value : member.name.name;
        if (seen.has(key) && !found.includes([...path, key].join('.'))) found.push([...path, key].join('.'));
        seen.add(key);
        walk(member.value, [...path, key]);
      }
    } else if (node.type === 'Array') node.elements.forEach((e, i) => walk(e.value, [...path, String(i)]));
  };
  walk(body, []);
  return found;
}

export const REPEATED_KEY = 'is given twice: a mapping names each key once (JSON keeps only the last, silently)';
