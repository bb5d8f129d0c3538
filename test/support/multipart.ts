// A multipart/form-data body for app.inject, built by hand so a test controls every byte.
import type { Session, TestContext } from './app.js';

/** A multipart/form-data body: fields first, the file last (as the web client sends it). */
export function multipart(fields: Record<string, string>, file?: { name: string; content: string | Buffer }) {
  const boundary = `----rapport${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
    );
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** POST /api/v1/imports as `as`: the form fields, then the file (CSV text, or a named file's bytes). */
export function uploadImport(
  ctx: TestContext,
  as: Session,
  fields: Record<string, string>,
  file: string | { name: string; content: string | Buffer },
) {
  const body = multipart(fields, typeof file === 'string' ? { name: `${fields['kind'] ?? 'import'}.csv`, content: file } : file);
  return ctx.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...as.headers, ...body.headers }, payload: body.payload });
}
