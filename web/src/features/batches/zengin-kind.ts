import { useEffect, useState } from 'react';
import type { BatchBusiness } from './api';

/**
 * 種別コード of a 全銀協 file's header (record 1: データ区分 "1", then the two-digit code) and the business the API
 * makes of it (src/approvals/batch-rules.ts businessOfKind): read here only to offer the approvers of that business
 * before the file is sent; the API checks the whole file itself.
 */
const BUSINESS_OF_KIND: Record<string, BatchBusiness> = {
  '21': 'bulk_transfer',
  '11': 'payroll',
  '12': 'payroll',
  '71': 'payroll',
  '72': 'payroll',
};

/** The business a Zengin file's header names, or null when its first three bytes name none. */
export async function businessOfFile(file: Blob): Promise<BatchBusiness | null> {
  const head = new Uint8Array(await file.slice(0, 3).arrayBuffer());
  if (head.length < 3 || head[0] !== 0x31) return null;
  return BUSINESS_OF_KIND[String.fromCharCode(head[1], head[2])] ?? null;
}

/** The business of the chosen file: undefined while there is none or it is being read, null when unknown. */
export function useFileBusiness(file: File | undefined): BatchBusiness | null | undefined {
  const [read, setRead] = useState<{ file: File; business: BatchBusiness | null }>();
  useEffect(() => {
    if (!file) return;
    let current = true;
    void businessOfFile(file)
      .catch(() => null)
      .then((business) => {
        if (current) setRead({ file, business });
      });
    return () => {
      current = false;
    };
  }, [file]);
  return file && read?.file === file ? read.business : undefined;
}
