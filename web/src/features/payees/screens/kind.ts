import { useParams } from 'react-router';
import type { PayeeKind } from '../api';

/** The register a /payees/:kind URL names: 振込先 (`transfer`, the default) or 請求先 (`debit`). */
export function usePayeeKind(): PayeeKind {
  return useParams().kind === 'debit' ? 'debit' : 'transfer';
}
