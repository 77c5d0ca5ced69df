import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import '../i18n';

/** One problem of a refused file, as the API names it: a CSV line or a Zengin record (the header is record 1). */
export interface FileProblem {
  line?: number;
  record?: number;
  field: string;
  message: string;
}

/** The problems of a refused import (`details.rows` of a CSV, `details.records` of a Zengin file); none otherwise. */
export function fileProblems(error: unknown): FileProblem[] {
  if (!isApiError(error)) return [];
  const d = error.details ?? {};
  const list = Array.isArray(d.records) ? d.records : Array.isArray(d.rows) ? d.rows : [];
  return (list as FileProblem[]).filter((p) => p && typeof p === 'object');
}

/** The table of a refused file's problems, each naming its line or record and field, in the API's words. */
export function FileErrors({ problems }: { problems: FileProblem[] }) {
  const { t } = useTranslation('payees');
  if (!problems.length) return null;
  const byRecord = problems.some((p) => p.record !== undefined);
  const where = byRecord ? t('import.record') : t('import.line');
  return (
    <Table aria-label={t('import.errorsTable')} variant="compact">
      <Thead>
        <Tr>
          <Th width={10}>{where}</Th>
          <Th width={20}>{t('import.field')}</Th>
          <Th>{t('import.message')}</Th>
        </Tr>
      </Thead>
      <Tbody>
        {problems.map((p, i) => (
          <Tr key={`${p.record ?? p.line}-${p.field}-${i}`}>
            <Td dataLabel={where}>{p.record ?? p.line}</Td>
            <Td dataLabel={t('import.field')}>{p.field || t('import.wholeRow')}</Td>
            <Td dataLabel={t('import.message')}>{p.message}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
