import { ActionGroup, Button, TextInput } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../../lib/errors/fields';
import { type Band, TRANSFER_PATTERNS, type TransferPattern } from '../api';

const yen = (n: number) => n.toLocaleString('ja-JP');

/**
 * The bands × patterns grid of a fee table as it applies (照会), shared by 手数料情報 and the operator's 基準手数料.
 * `rangeHeader` names the first column (支払金額範囲 or 振込金額範囲).
 */
export function FeeBandsTable({
  label,
  rangeHeader,
  bands,
}: {
  label: string;
  rangeHeader: string;
  bands: Band[];
}) {
  const { t } = useTranslation('bank');
  return (
    <Table aria-label={label} variant="compact">
      <Thead>
        <Tr>
          <Th>{rangeHeader}</Th>
          {TRANSFER_PATTERNS.map((p) => (
            <Th key={p}>{t(`pattern.${p}`)}</Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {bands.map((b) => (
          <Tr key={`${b.from}-${b.to ?? ''}`}>
            <Td>
              {t('fees.from', { amount: yen(b.from) })}
              {b.to !== null && ` ${t('fees.to', { amount: yen(b.to) })}`}
            </Td>
            {TRANSFER_PATTERNS.map((p) => (
              <Td key={p}>{b.fees[p] === undefined ? '—' : t('fees.yen', { amount: yen(b.fees[p]) })}</Td>
            ))}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

/** The grid's cells as typed: one row per band, the fee of each pattern as text. */
export type FeeCells = Record<TransferPattern, string>;
export const EMPTY_CELLS: FeeCells = { same_branch: '', other_branch: '', other_bank: '' };

/** The grid's text from bands (one empty band when there are none). */
export function gridOf(bands: Band[]): { lowers: string[]; cells: FeeCells[] } {
  if (!bands.length) return { lowers: ['0'], cells: [{ ...EMPTY_CELLS }] };
  return {
    lowers: bands.map((b) => String(b.from)),
    cells: bands.map((b) => ({
      same_branch: String(b.fees.same_branch ?? ''),
      other_branch: String(b.fees.other_branch ?? ''),
      other_bank: String(b.fees.other_bank ?? ''),
    })),
  };
}

/** Whole yen as typed, NaN when it is not. */
export const feeAmount = (text: string) => (/^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : NaN);

/**
 * The grid's own checks, keyed `lower-<i>` and `fee-<i>-<pattern>` (the editor shows each under its cell): lower
 * bounds rise band by band, every fee is whole yen.
 */
export function gridProblems(
  t: (key: string) => string,
  lowers: readonly string[],
  cells: readonly FeeCells[],
): Record<string, string> {
  const problems: Record<string, string> = {};
  lowers.forEach((text, i) => {
    if (i === 0) return;
    const value = feeAmount(text);
    if (Number.isNaN(value)) problems[`lower-${i}`] = t('fees.invalidAmount');
    else if (value <= feeAmount(lowers[i - 1])) problems[`lower-${i}`] = t('fees.notAscending');
  });
  cells.forEach((row, i) =>
    TRANSFER_PATTERNS.forEach((p) => {
      if (Number.isNaN(feeAmount(row[p]))) problems[`fee-${i}-${p}`] = t('fees.invalidAmount');
    }),
  );
  return problems;
}

/** One whole-yen input of a fee form, labelled, with its error (`errors[key]`) under it. */
export function FeeNumberInput(props: {
  id: string;
  label: string;
  value: string;
  onChange(v: string): void;
  error?: string;
  disabled?: boolean;
}) {
  return (
    <>
      <TextInput
        id={props.id}
        aria-label={props.label}
        inputMode="numeric"
        value={props.value}
        isDisabled={props.disabled}
        onChange={(_e, v) => props.onChange(v)}
        validated={props.error ? 'error' : 'default'}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
      />
      <FieldError fieldId={props.id} message={props.error} />
    </>
  );
}

export interface FeeGridEditorProps {
  /** Prefix of the inputs' ids (`<prefix>-lower-<i>`, `<prefix>-fee-<i>-<pattern>`). */
  prefix: string;
  label: string;
  rangeHeader: string;
  lowers: string[];
  cells: FeeCells[];
  onChange(lowers: string[], cells: FeeCells[]): void;
  /** Problems keyed as gridProblems keys them. */
  errors: Record<string, string>;
}

/** The editable bands × patterns grid with 金額帯を追加 / 最後の金額帯を削除; the first band always starts at 0. */
export function FeeGridEditor({
  prefix,
  label,
  rangeHeader,
  lowers,
  cells,
  onChange,
  errors,
}: FeeGridEditorProps) {
  const { t } = useTranslation('bank');
  return (
    <>
      <Table aria-label={label} variant="compact">
        <Thead>
          <Tr>
            <Th>{rangeHeader}</Th>
            {TRANSFER_PATTERNS.map((p) => (
              <Th key={p}>{t(`pattern.${p}`)}</Th>
            ))}
          </Tr>
        </Thead>
        <Tbody>
          {lowers.map((lower, i) => (
            <Tr key={i}>
              <Td>
                <FeeNumberInput
                  id={`${prefix}-lower-${i}`}
                  label={t('fees.lowerBound', { n: i + 1 })}
                  value={lower}
                  onChange={(v) =>
                    onChange(
                      lowers.map((x, j) => (j === i ? v : x)),
                      cells,
                    )
                  }
                  error={errors[`lower-${i}`]}
                  disabled={i === 0}
                />
              </Td>
              {TRANSFER_PATTERNS.map((p) => (
                <Td key={p}>
                  <FeeNumberInput
                    id={`${prefix}-fee-${i}-${p}`}
                    label={t('fees.feeOf', { n: i + 1, pattern: t(`pattern.${p}`) })}
                    value={cells[i][p]}
                    onChange={(v) =>
                      onChange(
                        lowers,
                        cells.map((row, j) => (j === i ? { ...row, [p]: v } : row)),
                      )
                    }
                    error={errors[`fee-${i}-${p}`]}
                  />
                </Td>
              ))}
            </Tr>
          ))}
        </Tbody>
      </Table>
      <ActionGroup>
        <Button variant="secondary" onClick={() => onChange([...lowers, ''], [...cells, { ...EMPTY_CELLS }])}>
          {t('fees.addBand')}
        </Button>
        <Button
          variant="secondary"
          isDisabled={lowers.length < 2}
          onClick={() => onChange(lowers.slice(0, -1), cells.slice(0, -1))}
        >
          {t('fees.removeBand')}
        </Button>
      </ActionGroup>
    </>
  );
}
