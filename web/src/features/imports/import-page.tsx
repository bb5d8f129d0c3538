// The Import page: pick a kind and a CSV, map its columns (with a preview of the first rows),
// dry run, then import. Everything chosen stays on screen through errors; a long import runs on
// the server and can be followed later from the imports history.
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Checkbox,
  Code,
  Group,
  Input,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { ImportProblem, ImportRecord } from '../../../../contract/imports';
import { ApiError } from '../../lib/api';
import {
  DATE_FORMATS,
  FIELDS,
  KINDS,
  dateFormatChoice,
  fieldGroup,
  guessMapping,
  looksLikeOrderLines,
  problemTitle,
  readMappingDoc,
  rowsText,
  type ImportKind,
  type MappingDoc,
} from './fields';
import { DatesRead } from './dates-read';
import { ImportCounts, ImportProgress, ProblemsTable, RequireImporter } from './import-parts';
import { useSession } from '../../lib/session';
import { getImport, isFinished, rejectedOf, rowProblems, uploadImport, useRefreshImports } from './api';
import { readCsvHead, readFileHead, type CsvEncoding, type CsvHead } from './csv-head';
import { PickSavedMapping, SaveMappingAs } from './saved-mappings';

// A Select value for several columns joined (first_name + last_name), from a loaded mapping.
const SEP = '\u001f';
type Columns = Record<string, string[]>;

interface Job {
  id: string;
  dryRun: boolean;
}
type Outcome =
  | { dryRun: boolean; record: ImportRecord }
  | { dryRun: boolean; problems: ImportProblem[]; count: { rejected: number; totalRows: number } | null }
  | { dryRun: boolean; error: string };

function keepValid(kind: ImportKind, previous: Columns, head: CsvHead): Columns {
  const known = new Set(FIELDS[kind].map((f) => f.name));
  const have = new Set(head.columns);
  const kept = Object.fromEntries(
    Object.entries(previous).filter(([field, cols]) => known.has(field) && cols.length > 0 && cols.every((c) => have.has(c))),
  );
  return { ...guessed(kind, head), ...kept };
}

const guessed = (kind: ImportKind, head: CsvHead): Columns =>
  Object.fromEntries(Object.entries(guessMapping(kind, head.columns)).map(([k, v]) => [k, [v]]));

/** Where the import page sends people to see what they imported. */
const AFTER_IMPORT: Record<ImportKind, { to: string; label: string }> = {
  sales: { to: '/orders', label: 'orders' },
  accounts: { to: '/accounts', label: 'accounts' },
  suppliers: { to: '/accounts', label: 'accounts' },
  contacts: { to: '/accounts', label: 'accounts' },
  users: { to: '/admin/users', label: 'users' },
  orders: { to: '/orders', label: 'orders' },
  'order-lines': { to: '/orders', label: 'orders' },
  quotes: { to: '/quotes', label: 'quotes' },
};

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ImportPage() {
  return (
    <RequireImporter title="Import from a CSV file or Excel workbook">
      <ImportScreen />
    </RequireImporter>
  );
}

function ImportScreen() {
  const refreshImports = useRefreshImports();
  const [step, setStep] = useState(0);
  const [kind, setKind] = useState<ImportKind | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [head, setHead] = useState<CsvHead | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [columns, setColumns] = useState<Columns>({});
  const [defaults, setDefaults] = useState<Record<string, string>>({});
  const [dateFormat, setDateFormat] = useState('');
  const [decimal, setDecimal] = useState<'.' | ','>('.');
  const [round, setRound] = useState(false);
  const [mappingName, setMappingName] = useState('');
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [encoding, setEncoding] = useState<CsvEncoding>('utf-8');
  const [overrideGates, setOverrideGates] = useState(false);
  const [overrideReason, setOverrideReason] = useState('');
  const isAdmin = useSession().hasRole('admin');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [mappingNote, setMappingNote] = useState<string | null>(null);
  const [busy, setBusy] = useState<'dry' | 'import' | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [dryRunOk, setDryRunOk] = useState(false);
  const [isShapeDismissed, setShapeDismissed] = useState(false);

  const [progress, setProgress] = useState<ImportRecord | null>(null);
  // Polling stops when the page goes away; the import itself carries on on the server.
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  async function follow(id: string): Promise<ImportRecord | null> {
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      if (!alive.current) return null;
      const r = await getImport(id);
      setProgress(r);
      if (isFinished(r)) return r;
    }
  }

  function finish(dryRun: boolean, record: ImportRecord) {
    if (record.status === 'rejected')
      setOutcome({ dryRun, problems: record.problems, count: { rejected: record.rejected, totalRows: record.totalRows } });
    else if (record.status === 'failed') setOutcome({ dryRun, error: record.error ?? 'The import failed.' });
    else setOutcome({ dryRun, record });
    if (dryRun) setDryRunOk(record.status === 'succeeded');
    if (!dryRun) void refreshImports();
  }

  /** After an import: the same kind, a new file; the mapping stays for a file with the same columns. */
  const startAgain = () => {
    setOutcome(null);
    setDryRunOk(false);
    setFile(null);
    setHead(null);
    setSkipBadRows(false);
    setStep(0);
  };

  const invalidate = () => {
    setOutcome(null);
    setDryRunOk(false);
  };

  async function chooseFile(f: File | null) {
    setFile(f);
    setFileError(null);
    setShapeDismissed(false);
    invalidate();
    if (!f) {
      setHead(null);
      return;
    }
    try {
      const h = await readFileHead(f);
      setHead(h);
      setEncoding(h.encoding);
      if (kind) setColumns((prev) => keepValid(kind, prev, h));
    } catch (err) {
      setHead(null);
      setFileError(`Could not read this file: ${(err as Error).message}`);
    }
  }

  /** A workbook's other sheet: its columns and rows take the place of the first's. */
  async function chooseSheet(sheet: string) {
    if (!file) return;
    invalidate();
    try {
      const h = await readFileHead(file, { sheet });
      setHead(h);
      if (kind) setColumns((prev) => keepValid(kind, prev, h));
      setFileError(null);
    } catch (err) {
      setFileError(`Could not read sheet “${sheet}”: ${(err as Error).message}`);
    }
  }

  function chooseKind(k: ImportKind) {
    setKind(k);
    invalidate();
    setFieldErrors({});
    if (head) setColumns((prev) => keepValid(k, prev, head));
  }

  /** The file's shape named for the kind that reads it: switched only when asked, with a mapping guessed afresh. */
  function switchToSales() {
    chooseKind('sales');
    if (head) setColumns(guessed('sales', head));
  }

  const fields = kind ? FIELDS[kind] : [];
  // One order number on several rows with different products: a sales export, whatever kind is picked.
  const shape = useMemo(() => (head ? looksLikeOrderLines(head.columns, head.sample) : null), [head]);

  function mappingDoc(): MappingDoc {
    const doc: MappingDoc = { fields: {} };
    for (const f of fields) {
      const cols = columns[f.name] ?? [];
      if (cols.length === 1) doc.fields[f.name] = cols[0]!;
      else if (cols.length > 1) doc.fields[f.name] = cols;
    }
    const d = Object.fromEntries(Object.entries(defaults).filter(([k, v]) => v.trim() !== '' && fields.some((f) => f.name === k)));
    if (Object.keys(d).length > 0) doc.defaults = d;
    if (dateFormat) doc.dateFormat = dateFormat;
    if (decimal === ',') doc.decimal = ',';
    if (round) doc.round = true;
    if (head && head.delimiter !== ',') doc.delimiter = head.delimiter;
    if (head?.workbook) doc.sheet = head.workbook.sheet;
    return doc;
  }

  function checkRequired(): boolean {
    const errors: Record<string, string> = {};
    for (const f of fields)
      if (f.isRequired && !columns[f.name]?.length && !defaults[f.name]?.trim()) errors[f.name] = 'Required: pick the column that holds it';
    setFieldErrors(errors);
    return Object.keys(errors).length === 0;
  }

  async function loadMapping(f: File | null) {
    if (!f) return;
    await applyMapping(f.name, await f.text());
  }

  /** A mapping document's text (a loaded file, a saved mapping) applied to the page; `source` names it in the note. */
  async function applyMapping(source: string, text: string) {
    if (!kind) return;
    try {
      const { doc, ignored } = readMappingDoc(kind, text);
      // A workbook's mapping names its sheet: that sheet's columns are the ones mapped.
      let read = head;
      const sheetNote: string[] = [];
      if (file && head?.workbook && doc.sheet !== null && doc.sheet !== undefined) {
        const { sheets } = head.workbook;
        const named =
          typeof doc.sheet === 'number' ? sheets[doc.sheet - 1] : sheets.includes(doc.sheet) ? doc.sheet : sheets[Number(doc.sheet) - 1];
        if (!named)
          sheetNote.push(
            `It names sheet “${doc.sheet}”, which this workbook does not have (${sheets.join(', ')}): the sheet stays “${head.workbook.sheet}”.`,
          );
        else if (named !== head.workbook.sheet) {
          read = await readFileHead(file, { sheet: named });
          setHead(read);
          sheetNote.push(`Its sheet, “${named}”, is the one read now.`);
        }
      }
      const have = new Set(read?.columns ?? []);
      const missing: string[] = [];
      const next: Columns = {};
      for (const [field, col] of Object.entries(doc.fields)) {
        const cols = Array.isArray(col) ? col : [col];
        if (read && !cols.every((c) => have.has(c))) missing.push(`${field} → ${cols.join(' + ')}`);
        else next[field] = cols;
      }
      setColumns(next);
      setDefaults(doc.defaults ?? {});
      setDateFormat(dateFormatChoice(doc.dateFormat));
      setDecimal(doc.decimal ?? '.');
      setRound(doc.round ?? false);
      setFieldErrors({});
      invalidate();
      const notes = [`Loaded ${source}.`, ...sheetNote];
      if (missing.length) notes.push(`Not in this file’s header, so left unmapped: ${missing.join(', ')}.`);
      if (ignored.length) notes.push(`Left out, as the import would refuse them: ${ignored.join('; ')}.`);
      setMappingNote(notes.join(' '));
    } catch (err) {
      setMappingNote(`Could not read ${source} as a mapping: ${(err as Error).message}`);
    }
  }

  /** `options` change the mapping for this run at once (the state they set is seen at the next render). */
  async function run(dryRun: boolean, options: Pick<MappingDoc, 'round'> = {}) {
    if (!kind || !file) return;
    if (!checkRequired()) {
      setStep(1);
      return;
    }
    if (overrideGates && overrideReason.trim() === '') return;
    setBusy(dryRun ? 'dry' : 'import');
    setOutcome(null);
    setProgress(null);
    try {
      const gates = kind === 'orders' && overrideGates ? overrideReason.trim() : null;
      const res = await uploadImport({
        kind,
        file,
        mapping: { ...mappingDoc(), ...options },
        dryRun,
        skipBadRows,
        encoding,
        overrideGates: gates,
      });
      if (res.kind === 'queued') {
        setJob({ id: res.id, dryRun });
        setProgress(res.record);
        const r = await follow(res.id);
        setJob(null);
        if (r) finish(dryRun, r);
      } else finish(dryRun, res.record);
    } catch (err) {
      const problems = rowProblems(err);
      if (problems) {
        setOutcome({ dryRun, problems, count: rejectedOf(err) });
        if (dryRun) setDryRunOk(false);
      } else if (err instanceof ApiError && err.code === 'imports.bad_mapping') {
        // Mapping problems land on the field they name and send the user back to the columns.
        const byField: Record<string, string> = {};
        for (const e of err.problem.errors ?? []) {
          const field = e.path.replace(/^(fields|defaults)\./, '');
          if (fields.some((f) => f.name === field)) byField[field] = e.message;
        }
        setFieldErrors(byField);
        setOutcome({ dryRun, error: err.message });
        if (Object.keys(byField).length > 0) setStep(1);
      } else {
        setOutcome({ dryRun, error: err instanceof Error ? err.message : String(err) });
      }
    } finally {
      setBusy(null);
    }
  }

  const columnOptions = (field: string) => {
    const opts = (head?.columns ?? []).map((c) => ({ value: c, label: c }));
    const cur = columns[field] ?? [];
    if (cur.length > 1) opts.unshift({ value: cur.join(SEP), label: cur.join(' + ') });
    return opts;
  };
  const sample = (cols: string[]) => {
    if (!head || cols.length === 0) return '';
    const idx = cols.map((c) => head.columns.indexOf(c));
    return head.rows
      .slice(0, 2)
      .map((r) => idx.map((i) => r[i] ?? '').join(' '))
      .join(' · ');
  };
  // The mapped date columns' values in the first rows: what the dates' format is suggested from.
  const dateValues = head
    ? fields
        .filter((f) => f.isDate)
        .flatMap((f) => (columns[f.name] ?? []).map((c) => head.columns.indexOf(c)))
        .filter((i) => i >= 0)
        .flatMap((i) => head.sample.map((r) => r[i] ?? ''))
    : [];
  const kindLabel = KINDS.find((k) => k.kind === kind)?.label ?? '';
  const isRunning = Boolean(busy);
  const importDone = outcome && !outcome.dryRun && 'record' in outcome;

  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} fz="h2">
            Import from a CSV file or Excel workbook
          </Title>
          <Text c="dimmed" size="sm">
            Bring in records from your ERP or a spreadsheet. Nothing is written until you import, and a newer file updates what changed
            (each record found by its external reference, an order by its number).
          </Text>
        </div>
        <Anchor component={Link} to="/imports" size="sm">
          Past imports
        </Anchor>
      </Group>

      <Stepper active={step} onStepClick={(s) => (s === 0 || (kind && head)) && setStep(s)} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label="File" description="What and which file" />
        <Stepper.Step label="Columns" description="Which column is which" />
        <Stepper.Step label="Check and import" description="Dry run, then import" />
      </Stepper>

      {step === 0 && (
        <Stack gap="md">
          <Radio.Group
            label="What does the file hold?"
            withAsterisk
            value={kind ?? ''}
            onChange={(v) => chooseKind(v as ImportKind)}
            data-testid="import-kind"
          >
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} mt="xs">
              {KINDS.map((k) => (
                <Radio.Card
                  key={k.kind}
                  value={k.kind}
                  p="sm"
                  radius="md"
                  data-testid={`import-kind-${k.kind}`}
                  disabled={k.kind === 'users' && !isAdmin}
                >
                  <Group wrap="nowrap" align="flex-start" gap="sm">
                    <Radio.Indicator />
                    <div>
                      <Text fw={600} size="sm">
                        {k.label}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {k.kind === 'users' && !isAdmin ? 'Only an admin can import users: a users file sets roles.' : k.purpose}
                      </Text>
                    </div>
                  </Group>
                </Radio.Card>
              ))}
            </SimpleGrid>
          </Radio.Group>

          <Input.Wrapper
            label="CSV file or Excel workbook"
            description="A CSV in UTF-8, an older Excel export in Windows-1252, or Excel’s Unicode text (UTF-16); comma-, semicolon- or tab-separated, with a header line. Or an Excel workbook (.xlsx), one sheet of it. It is read here for a preview; it is sent only when you dry run or import."
            error={fileError}
            withAsterisk
          >
            <Input
              component="input"
              type="file"
              accept=".csv,text/csv,text/plain,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              data-testid="import-file"
              aria-label="CSV file or Excel workbook"
              mt={4}
              pt={6}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => void chooseFile(e.currentTarget.files?.[0] ?? null)}
            />
          </Input.Wrapper>
          {file && head && (
            <Text size="sm" c="dimmed" data-testid="import-file-summary">
              {file.name} · {(file.size / 1024).toFixed(1)} KB · {head.columns.length} columns ·{' '}
              {head.workbook ? `sheet “${head.workbook.sheet}”` : `${head.delimiter === '\t' ? 'tab' : `“${head.delimiter}”`}-separated`}
            </Text>
          )}
          {shape && kind !== 'sales' && !isShapeDismissed && (
            <Alert
              color="blue"
              variant="light"
              data-testid="shape-sales"
              withCloseButton
              closeButtonLabel="Keep the kind picked"
              onClose={() => setShapeDismissed(true)}
            >
              <Stack gap="xs" align="flex-start">
                <Text size="sm">
                  This looks like a sales export with one row per order line (order {shape.number} is on rows {rowsText(shape.rows)} with
                  different products). Import it as “{SALES_LABEL}”? It creates the customers, the orders and their lines in one pass.
                </Text>
                <Button size="xs" onClick={switchToSales} data-testid="use-sales">
                  Import as “{SALES_LABEL}”
                </Button>
              </Stack>
            </Alert>
          )}
          {file && head?.workbook && head.workbook.sheets.length > 1 && (
            <Select
              label="Sheet"
              description={`The workbook has ${head.workbook.sheets.length} sheets; one is imported.`}
              data={head.workbook.sheets}
              value={head.workbook.sheet}
              onChange={(v) => v && void chooseSheet(v)}
              allowDeselect={false}
              w={320}
              data-testid="import-sheet"
            />
          )}
          {file && head && !head.workbook && (
            <Select
              label="Text encoding"
              description={
                head.encoding === 'utf-8'
                  ? 'The start of the file reads as UTF-8.'
                  : head.encoding.startsWith('utf-16')
                    ? 'The file says it is UTF-16 (Excel’s “Unicode text”): it is read that way.'
                    : 'The file is not UTF-8 — most likely an older Excel export. Check the preview: accented letters should look right.'
              }
              data={
                head.encoding.startsWith('utf-16')
                  ? [{ value: head.encoding, label: head.encoding === 'utf-16le' ? 'UTF-16 (Unicode text)' : 'UTF-16, big-endian' }]
                  : [
                      { value: 'utf-8', label: 'UTF-8' },
                      { value: 'windows-1252', label: 'Windows-1252 / Latin-1 (older Excel)' },
                    ]
              }
              value={encoding}
              onChange={(v) => {
                const next = v === 'windows-1252' ? 'windows-1252' : 'utf-8';
                setEncoding(next);
                invalidate();
                // The preview follows the choice, so accents show whether it is the right one.
                if (file) void readCsvHead(file, next).then((h) => setHead({ ...h, encoding: head.encoding }));
              }}
              allowDeselect={false}
              w={320}
              data-testid="import-encoding"
            />
          )}
          {head && <PreviewTable head={head} />}
          <Group justify="flex-end">
            <Button onClick={() => setStep(1)} disabled={!kind || !head} data-testid="to-mapping">
              Next: map columns
            </Button>
          </Group>
        </Stack>
      )}

      {step === 1 && kind && head && (
        <Stack gap="md">
          <Text size="sm">
            For each {kind === 'sales' ? '' : `${kindLabel.toLowerCase()} `}field, pick the column of <b>{file?.name}</b> that holds it.
            Fields marked{' '}
            <Text span c="red">
              *
            </Text>{' '}
            are required. Matching column names were picked for you; check them against the sample.
          </Text>
          <PickSavedMapping kind={kind} name={mappingName} onNameChange={setMappingName} onLoad={applyMapping} />
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing={6} striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={230}>Rapport field</Table.Th>
                  <Table.Th w={260}>Column in the file</Table.Th>
                  <Table.Th>Sample from the first rows</Table.Th>
                  <Table.Th w={180}>Value when empty</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {fields.map((f, i) => {
                  const cols = columns[f.name] ?? [];
                  const group = fieldGroup(kind, f.name);
                  const isFirstOfGroup = group !== null && (i === 0 || fieldGroup(kind, fields[i - 1]!.name) !== group);
                  return (
                    <Fragment key={f.name}>
                      {isFirstOfGroup && (
                        <Table.Tr data-testid={`mapping-group-${group}`}>
                          <Table.Th colSpan={4} bg="var(--mantine-color-default-hover)">
                            {GROUP_TITLES[group]}
                          </Table.Th>
                        </Table.Tr>
                      )}
                      <Table.Tr data-testid={`mapping-row-${f.name}`}>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {f.label || f.name}
                            {f.isRequired && (
                              <Text span c="red" aria-label="required">
                                {' '}
                                *
                              </Text>
                            )}
                          </Text>
                          {/* The name a mapping file and the API use. */}
                          {f.label && (
                            <Text size="xs" c="dimmed" ff="monospace">
                              {f.name}
                            </Text>
                          )}
                          {f.help && (
                            <Text size="xs" c="dimmed">
                              {f.help}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Select
                            aria-label={`Column for ${f.label || f.name}${f.isRequired ? ' (required)' : ''}`}
                            data-testid={`mapping-select-${f.name}`}
                            placeholder="— not imported —"
                            data={columnOptions(f.name)}
                            value={cols.length ? cols.join(SEP) : null}
                            onChange={(v) => {
                              setColumns((prev) => ({ ...prev, [f.name]: v ? v.split(SEP) : [] }));
                              setFieldErrors((prev) => ({ ...prev, [f.name]: '' }));
                              invalidate();
                            }}
                            error={fieldErrors[f.name] || undefined}
                            searchable
                            clearable
                            clearButtonProps={{ 'aria-label': `Do not import ${f.label || f.name}` }}
                            size="xs"
                            comboboxProps={{ withinPortal: true }}
                          />
                        </Table.Td>
                        <Table.Td>
                          <Text size="xs" c={cols.length ? undefined : 'dimmed'} lineClamp={2}>
                            {cols.length ? sample(cols) || '(empty)' : '—'}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <TextInput
                            size="xs"
                            aria-label={`Value for ${f.label || f.name} when its cell is empty`}
                            value={defaults[f.name] ?? ''}
                            onChange={(e) => {
                              const v = e.currentTarget.value;
                              setDefaults((prev) => ({ ...prev, [f.name]: v }));
                              invalidate();
                            }}
                          />
                        </Table.Td>
                      </Table.Tr>
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>

          <Group align="flex-end" gap="md">
            <Select
              label="Dates in the file"
              description="ISO dates are always understood."
              data={DATE_FORMATS}
              value={dateFormat}
              onChange={(v) => {
                setDateFormat(v ?? '');
                invalidate();
              }}
              allowDeselect={false}
              w={260}
              data-testid="date-format"
            />
            <Select
              label="Decimal separator"
              description={
                head.workbook
                  ? 'For numbers typed as text; number cells are read as numbers.'
                  : head.delimiter === ','
                    ? 'A comma needs a “;”-separated file.'
                    : '1.863,40 or 1863.40'
              }
              data={[
                { value: '.', label: 'Point (1863.40)' },
                { value: ',', label: 'Comma (1.863,40)', disabled: head.delimiter === ',' && !head.workbook },
              ]}
              value={decimal}
              onChange={(v) => {
                setDecimal(v === ',' ? ',' : '.');
                invalidate();
              }}
              allowDeselect={false}
              w={220}
              data-testid="decimal"
            />
          </Group>
          <DatesRead
            values={dateValues}
            format={dateFormat}
            onSuggest={(f) => {
              setDateFormat(f);
              invalidate();
            }}
          />
          <Checkbox
            label="Round amounts with more decimals than their currency allows"
            description="16.448 USD becomes 16.45 (half to even, to the cent); the import counts the rounded amounts and the total difference. Without it such amounts are bad rows."
            checked={round}
            onChange={(e) => {
              setRound(e.currentTarget.checked);
              invalidate();
            }}
            data-testid="round"
          />

          <Paper withBorder p="sm">
            <SaveMappingAs
              kind={kind}
              name={mappingName}
              onNameChange={setMappingName}
              fileName={file?.name ?? 'FILE'}
              currentDoc={mappingDoc}
            />
            <Group gap="sm" align="flex-end" mt="sm">
              <Button
                variant="default"
                size="xs"
                onClick={() => download(`${kind}-mapping.json`, `${JSON.stringify(mappingDoc(), null, 2)}\n`)}
                data-testid="save-mapping"
              >
                Download mapping.json
              </Button>
              <Input.Wrapper label="Load a mapping file" size="xs">
                <Input
                  component="input"
                  type="file"
                  accept=".json,application/json"
                  size="xs"
                  pt={4}
                  aria-label="Load a mapping file"
                  data-testid="load-mapping"
                  onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                    void loadMapping(e.currentTarget.files?.[0] ?? null);
                    e.currentTarget.value = '';
                  }}
                />
              </Input.Wrapper>
            </Group>
            <Text size="xs" c="dimmed" mt={6}>
              The same file works with the command line:{' '}
              <Code>
                rapport import {kind} {file?.name ?? 'FILE'} --map {kind}-mapping.json
              </Code>
            </Text>
            {mappingNote && (
              <Text size="xs" mt={4} role="status">
                {mappingNote}
              </Text>
            )}
          </Paper>

          <Group justify="space-between">
            <Button variant="default" onClick={() => setStep(0)}>
              Back
            </Button>
            <Button onClick={() => checkRequired() && setStep(2)} data-testid="to-check">
              Next: check and import
            </Button>
          </Group>
        </Stack>
      )}

      {step === 2 && kind && file && (
        <Stack gap="md">
          <Text size="sm">
            Importing <b>{file.name}</b> as <b>{kind === 'sales' ? 'customers, orders and their lines' : kindLabel.toLowerCase()}</b>. A dry
            run reads and checks the whole file and writes nothing.
          </Text>
          <Checkbox
            label="Import the good rows even if some are bad (the bad ones are listed and skipped)"
            checked={skipBadRows}
            onChange={(e) => {
              setSkipBadRows(e.currentTarget.checked);
              setDryRunOk(false);
            }}
            data-testid="skip-bad-rows"
          />
          {kind === 'orders' && isAdmin && (
            <Stack gap={6}>
              <Checkbox
                label="Let rows move orders past open playbook gates (admin)"
                description="A status that would ship an order whose final inspection or shipping check is still open is otherwise a bad row. Each order records the override and your reason."
                checked={overrideGates}
                onChange={(e) => {
                  setOverrideGates(e.currentTarget.checked);
                  setDryRunOk(false);
                }}
                data-testid="override-gates"
              />
              {overrideGates && (
                <TextInput
                  label="Reason for passing the gates"
                  required
                  maw={520}
                  value={overrideReason}
                  error={overrideReason.trim() === '' ? 'Say why, for the orders’ history' : undefined}
                  onChange={(e) => {
                    setOverrideReason(e.currentTarget.value);
                    setDryRunOk(false);
                  }}
                  data-testid="override-reason"
                />
              )}
            </Stack>
          )}
          <Group>
            <Button variant="default" onClick={() => setStep(1)} disabled={isRunning}>
              Back to columns
            </Button>
            <Button
              variant={dryRunOk ? 'default' : 'filled'}
              onClick={() => void run(true)}
              loading={busy === 'dry'}
              disabled={isRunning || Boolean(importDone)}
              data-testid="dry-run"
            >
              Dry run
            </Button>
            <Button
              onClick={() => void run(false)}
              loading={busy === 'import'}
              disabled={isRunning || !(dryRunOk || skipBadRows) || Boolean(importDone)}
              data-testid="run-import"
            >
              Import
            </Button>
            {importDone && (
              <Button variant="light" onClick={startAgain} data-testid="import-another">
                Import another file
              </Button>
            )}
            {!dryRunOk && !importDone && (
              <Text size="xs" c="dimmed">
                {skipBadRows ? 'A dry run first is wise.' : 'Import is enabled after a clean dry run.'}
              </Text>
            )}
          </Group>

          {busy && <ImportProgress record={progress} dryRun={busy === 'dry'} queuedId={job?.id ?? null} />}

          {outcome && 'error' in outcome && (
            <Alert
              color="red"
              variant="light"
              role="alert"
              title={outcome.dryRun ? 'The dry run could not check the file' : 'The import did not run'}
            >
              {outcome.error}
            </Alert>
          )}
          {outcome && 'problems' in outcome && (
            <Stack gap="xs">
              <Alert color="red" variant="light" role="alert" title={problemTitle(outcome.problems, outcome.count)}>
                {outcome.dryRun ? 'Nothing was written. ' : 'Nothing was written: the file is imported whole or not at all. '}
                Fix these lines in the file (or change the columns or the date format) and run the dry run again.
              </Alert>
              {!round && outcome.problems.some((p) => p.reason.startsWith('has more decimals than')) && (
                <Alert color="blue" variant="light" title="Amounts with more decimals than their currency allows">
                  <Group gap="sm" justify="space-between">
                    <Text size="sm">
                      Rapport can round them half to even to the currency’s smallest unit and count them, instead of refusing the rows.
                    </Text>
                    <Button
                      size="xs"
                      variant="light"
                      disabled={busy !== null}
                      onClick={() => {
                        setRound(true);
                        void run(true, { round: true });
                      }}
                      data-testid="round-and-check"
                    >
                      Round them and check again
                    </Button>
                  </Group>
                </Alert>
              )}
              <ProblemsTable problems={outcome.problems} />
            </Stack>
          )}
          {outcome && 'record' in outcome && outcome.dryRun && (
            <Paper withBorder p="md" data-testid="dry-run-result">
              <Text fw={600} mb="xs">
                {outcome.record.rejected === 0
                  ? 'Dry run: the file is good — nothing was written'
                  : 'Dry run: the good rows can be imported, the bad ones below would be skipped — nothing was written'}
              </Text>
              <ImportCounts record={outcome.record} dryRun />
              {outcome.record.problems.length > 0 && (
                <Box mt="sm">
                  <ProblemsTable problems={outcome.record.problems} />
                </Box>
              )}
            </Paper>
          )}
          {outcome && 'record' in outcome && !outcome.dryRun && (
            <Paper withBorder p="md" data-testid="import-result">
              <Group justify="space-between" mb="xs">
                <Text fw={600}>
                  Imported{' '}
                  {outcome.record.rejected > 0
                    ? `${outcome.record.totalRows - outcome.record.rejected} of ${outcome.record.totalRows}`
                    : outcome.record.totalRows}{' '}
                  rows
                </Text>
                <Badge color="green" variant="light">
                  {outcome.record.status}
                </Badge>
              </Group>
              <ImportCounts record={outcome.record} />
              {outcome.record.problems.length > 0 && (
                <Box mt="sm">
                  <ProblemsTable problems={outcome.record.problems} />
                </Box>
              )}
              <Group mt="sm">
                <Anchor component={Link} to={`/imports/${outcome.record.id}`} data-testid="import-record-link">
                  See the import record
                </Anchor>
                <Anchor component={Link} to={AFTER_IMPORT[kind].to} data-testid="after-import-link">
                  Go to {AFTER_IMPORT[kind].label}
                </Anchor>
              </Group>
            </Paper>
          )}
        </Stack>
      )}
    </Stack>
  );
}

/** A sales export's fields, grouped as the file holds them. */
const GROUP_TITLES = { Order: 'Order', Line: 'Order line (one per row)', Customer: 'Customer' } as const;

const SALES_LABEL = KINDS.find((k) => k.kind === 'sales')?.label ?? 'One file with everything';

function PreviewTable({ head }: { head: CsvHead }) {
  return (
    <div>
      <Text size="sm" fw={500} mb={4}>
        The first {head.rows.length} rows
      </Text>
      <Table.ScrollContainer minWidth={Math.min(1600, head.columns.length * 120)} maxHeight={280}>
        <Table withTableBorder withColumnBorders fz="xs" verticalSpacing={4} data-testid="csv-preview">
          <Table.Thead>
            <Table.Tr>
              {head.columns.map((c, i) => (
                <Table.Th key={i} style={{ whiteSpace: 'nowrap' }}>
                  {c}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {head.rows.map((r, i) => (
              <Table.Tr key={i}>
                {head.columns.map((_, j) => (
                  <Table.Td key={j} style={{ whiteSpace: 'nowrap', maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis' }}>
                    {r[j] ?? ''}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </div>
  );
}
