import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema, pageOf } from '../../../contract/common.js';
import {
  ImportRecordSchema,
  ListImportsQuerySchema,
  ListMappingsQuerySchema,
  SavedMappingSchema,
  SaveMappingSchema,
} from '../../../contract/imports.js';
import {
  IMPORT_ROLES,
  checkUploadFields,
  deleteMapping,
  failInterruptedImports,
  isImportKind,
  listMappings,
  mappingNamed,
  saveMapping,
  getImport,
  listImports,
  removeSpooled,
  runUpload,
  sha256File,
  spoolUpload,
  type SpooledFile,
  type ImportKind,
  type UploadFields,
} from '../../domain/imports/index.js';
import { DomainError, invalid } from '../../domain/shared/index.js';
import { contextOf, requireRole } from '../plugins/auth.js';

const UPLOAD_DESCRIPTION = `multipart/form-data with the fields, then the file last:
- \`kind\`: accounts | suppliers | users | contacts | orders | order-lines | quotes
- \`mappingName\`: the name of a saved mapping of the kind (\`GET /api/v1/import-mappings\`), instead of \`mapping\`
- \`mapping\`: the mapping document as JSON (docs/imports.md), optional; its options say how the file writes dates (\`dateFormat\`) and numbers (\`decimal\`), and \`"round": true\` rounds amounts with more decimals than their currency allows (counted in the record's \`rounded\`) instead of refusing them
- \`dryRun\`, \`skipBadRows\`: "true" or "false" (default false)
- \`overrideGates\`: orders only, admins only — the reason (10 characters or more) to let rows move
  orders past open playbook gates, recorded on each order as on \`POST /orders/{id}/transitions\`
- \`encoding\`: \`utf-8\` (default), \`windows-1252\` (also for Latin-1) or \`utf-16\`; overrides the mapping's (a UTF-16 byte-order mark is read as UTF-16 anyway)
- \`file\`: the CSV (\`,\`, \`;\` or tab-separated); a line that is not in its encoding is refused: **422** \`imports.bad_encoding\`.
  Or an Excel workbook (.xlsx, known by its bytes): the sheet the mapping's \`sheet\` names (the first by default), read
  through the same mapping and checks; an old .xls, a missing sheet or a sheet without data rows: **422** \`imports.bad_workbook\`

Importing \`users\` needs the role admin; the other kinds admin, gm or operations. A status change of
an order that already exists is a transition: the lifecycle and the order's open playbook gates
apply, and a refused row is reported like any bad row (with \`code\` \`orders.bad_transition\` or
\`orders.gate_open\`).

A file up to 5 MB is imported at once: **201** with the import record. A larger one is imported in
the background: **202** with the queued record and \`Location: /api/v1/imports/{id}\` to poll.
Bad rows (without skipBadRows): **422** problem+json, code \`imports.bad_row\`, \`errors[]\` of
\`{path, message, line, column, value, reason}\`, nothing written. A bad mapping: **400**
\`imports.bad_mapping\`; unreadable CSV: **422** \`imports.bad_csv\`.`;

export async function importsRoutes(app: FastifyInstance): Promise<void> {
  // Encapsulated here: only this plugin's routes accept multipart bodies.
  await app.register(fastifyMultipart, { limits: { fileSize: 2 * 1024 ** 3, files: 1, fields: 10, fieldSize: 1024 * 1024, parts: 12 } });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;

  r.post(
    '/api/v1/imports',
    {
      schema: {
        tags: ['imports'],
        summary: 'Import a CSV file or an Excel workbook (multipart)',
        description: UPLOAD_DESCRIPTION,
        consumes: ['multipart/form-data'],
        response: { 201: ImportRecordSchema, 202: ImportRecordSchema },
        errorCodes: [
          'imports.not_multipart',
          'imports.invalid',
          'imports.bad_mapping',
          'imports.bad_csv',
          'imports.bad_workbook',
          'imports.bad_encoding',
          'imports.bad_row',
          'orders.gate_override_forbidden',
          'users.last_admin',
          'conflict.duplicate',
        ],
      },
      onRequest: requireRole(...IMPORT_ROLES),
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        // imports.not_multipart: the upload was not sent as multipart/form-data.
        throw new DomainError({
          code: 'imports.not_multipart',
          category: 'invalid',
          detail: 'Send the import as multipart/form-data with the fields kind, mapping, dryRun, skipBadRows and the file.',
        });
      }
      const fields: UploadFields = {};
      let mappingName: string | undefined;
      let file: SpooledFile | null = null;
      let upload;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            // imports.invalid: a second file part (the multipart limit also stops a third).
            if (file) throw invalid('imports.invalid', [{ path: 'file', message: 'must be one file: send one import per request' }]);
            file = await spoolUpload(part.file, part.filename || 'upload.csv');
          } else if (part.fieldname === 'mappingName') mappingName = String(part.value);
          else if (['kind', 'mapping', 'dryRun', 'skipBadRows', 'overrideGates', 'encoding'].includes(part.fieldname))
            fields[part.fieldname as keyof UploadFields] = String(part.value);
        }
        if (mappingName !== undefined && fields.kind !== undefined && isImportKind(fields.kind))
          fields.mapping = JSON.stringify(await savedMappingOf(request, fields.kind, mappingName, fields.mapping));
        upload = checkUploadFields(fields, file);
        // The same key again with the same fields and the same file bytes replays; with another file it is 422.
        const carried = request.idempotencyDeferred
          ? JSON.stringify({
              fields: Object.entries(fields).sort(),
              fileName: file?.fileName,
              file: file ? await sha256File(file.path) : null,
            })
          : '';
        if (await app.idempotency.claim(request, reply, carried)) {
          await removeSpooled(file);
          return reply;
        }
      } catch (err) {
        // Refused before an import owns it: the spooled file goes now (runUpload owns it after).
        await removeSpooled(file);
        throw err;
      }
      const outcome = await runUpload(contextOf(request), {
        upload,
        file: file!,
        onBackgroundError: (err) => app.log.error({ err }, 'background import failed'),
      });
      if (outcome.isQueued) {
        app.ctx.backgroundImports.add(outcome.id, outcome.done);
        return reply
          .code(202)
          .header('location', `/api/v1/imports/${outcome.id}`)
          .send(await getImport(db, outcome.id));
      }
      return reply
        .code(201)
        .header('location', `/api/v1/imports/${outcome.result.id}`)
        .send(await getImport(db, outcome.result.id));
    },
  );

  r.get(
    '/api/v1/imports',
    {
      schema: {
        tags: ['imports'],
        summary: 'Imports, newest first',
        querystring: ListImportsQuerySchema,
        response: { 200: pageOf(ImportRecordSchema) },
        errorCodes: ['pagination.bad_cursor'],
      },
      onRequest: requireRole(...IMPORT_ROLES),
    },
    async (request) => {
      // An import whose process died (a killed CLI) says so at once, not at the next import.
      await failInterruptedImports(contextOf(request));
      return listImports(db, request.query);
    },
  );

  r.get(
    '/api/v1/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'One import: status, counts, the first problems',
        params: z.object({ id: IdSchema }),
        response: { 200: ImportRecordSchema },
        errorCodes: ['imports.not_found'],
      },
      onRequest: requireRole(...IMPORT_ROLES),
    },
    async (request) => {
      await failInterruptedImports(contextOf(request));
      return getImport(db, request.params.id);
    },
  );

  r.get(
    '/api/v1/import-mappings',
    {
      schema: {
        tags: ['imports'],
        summary: 'Saved mappings of the kinds you may import, by kind and name',
        querystring: ListMappingsQuerySchema,
        response: { 200: z.object({ items: z.array(SavedMappingSchema) }) },
      },
      onRequest: requireRole(...IMPORT_ROLES),
    },
    async (request) => ({ items: await listMappings(contextOf(request), request.query.kind) }),
  );

  r.post(
    '/api/v1/import-mappings',
    {
      schema: {
        tags: ['imports'],
        summary: 'Save a mapping under a name (a name the kind has already is replaced)',
        description:
          'The mapping is checked as an import checks it (**400** `imports.bad_mapping`, each problem at `mapping.<path>`). **201** when the name is new, **200** when it replaced the mapping of that name.',
        body: SaveMappingSchema,
        response: { 200: SavedMappingSchema, 201: SavedMappingSchema },
        errorCodes: ['imports.invalid', 'imports.bad_mapping', 'conflict.duplicate'],
      },
      onRequest: requireRole(...IMPORT_ROLES),
    },
    async (request, reply) => {
      const { mapping, isNew } = await saveMapping(contextOf(request), request.body);
      return reply.code(isNew ? 201 : 200).send(mapping);
    },
  );

  r.delete(
    '/api/v1/import-mappings/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'Forget a saved mapping',
        params: z.object({ id: IdSchema }),
        response: { 204: z.null() },
        errorCodes: ['imports.mapping_not_found'],
      },
      onRequest: requireRole(...IMPORT_ROLES),
    },
    async (request, reply) => {
      await deleteMapping(contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}

/** An upload's `mappingName`: the saved mapping's document; a wrong name is a wrong field of the upload. */
async function savedMappingOf(request: FastifyRequest, kind: ImportKind, name: string, mapping: string | undefined) {
  // imports.invalid: mappingName and mapping name two mappings.
  if (mapping !== undefined)
    throw invalid('imports.invalid', [{ path: 'mappingName', message: 'cannot come with mapping: send one or the other' }]);
  try {
    return await mappingNamed(contextOf(request), kind, name);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'imports.mapping_not_found')
      throw invalid('imports.invalid', [{ path: 'mappingName', message: err.detail }]);
    throw err;
  }
}
