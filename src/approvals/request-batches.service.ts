import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { Repository } from 'typeorm';
import { AppConfig } from '@kanri/common/config/app-config';
import { sendCsv } from '@kanri/common/csv/csv-response';
import { insertRows } from '@kanri/common/database/bulk-insert';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import type { Actor } from '@kanri/access/actor';
import type { FeeQuote } from '../fees/fee-calculator';
import { FeeQuoteService } from '../fees/fee-quote.service';
import type { FeeBearer, TransferPattern } from '../fees/fee-types';
import { OrganizationsService } from '../organizations/organizations.service';
import { toZenginCharacters } from '../transfers/zengin/zengin-charset';
import type { ZenginDataRecord, ZenginFieldError, ZenginFile } from '../transfers/zengin/zengin-file';
import type { ZenginKind } from '../transfers/zengin/zengin-layout';
import { parseZenginFile } from '../transfers/zengin/zengin-parser';
import { writeZenginFile } from '../transfers/zengin/zengin-writer';
import { AccountsService } from './accounts.service';
import type { PayrollKind } from './approval-request.entity';
import { ApprovalRequestsService } from './approval-requests.service';
import {
  type BatchBusiness,
  MAX_BATCH_LINES,
  businessOfKind,
  companyAccountTypeOf,
  headerAccountTypeOf,
  executionDateOf,
  BATCH_BUSINESSES,
  isBatchBusiness,
  kindOfBusiness,
  lineAccountTypeCode,
  lineAccountTypeOf,
  monthDayOf,
  patternOf,
} from './batch-rules';
import type { CreateBatchDto, ImportBatchForm } from './dto/batch.dto';
import { RequestBatch, type StoredZenginHeader } from './request-batch.entity';
import { RequestLine } from './request-line.entity';
import type { RequestView } from './request.view';
import { assertMayRequest, mayRequest } from './payee-request-policy';

/** One line as its routes answer it. */
export interface LineView {
  lineNo: number;
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  accountType: ReturnType<typeof lineAccountTypeOf>;
  accountNumber: string;
  payeeName: string;
  amount: number;
  customerCode1: string;
  customerCode2: string;
  pattern: TransferPattern;
  deductedFee: number;
  transferAmount: number;
  actualFee: number;
  feeDifference: number;
}

export interface LinePage {
  items: LineView[];
  total: number;
  page: number;
  perPage: number;
}

/** A line before it is priced: the Zengin data record's fields and the pattern that prices it. */
type LineInput = ZenginDataRecord & { pattern: TransferPattern };

interface BatchInput {
  businessType: BatchBusiness;
  payrollKind?: PayrollKind;
  accountId: string;
  executionDate: string;
  approverIds: string[];
  bearer: FeeBearer;
  zenginKind: ZenginKind;
  zenginHeader: StoredZenginHeader | null;
  lines: LineInput[];
}

const CSV_HEADER = [
  '明細番号',
  '金融機関コード',
  '金融機関名',
  '支店コード',
  '支店名',
  '預金種目',
  '口座番号',
  '受取人名',
  '振込金額',
  '顧客コード1',
  '顧客コード2',
  '振込パターン',
  '先方負担手数料',
  '振込金額(手数料差引後)',
  '手数料',
  '手数料差額',
];
/** Lines read per query by the CSV export. */
const EXPORT_PAGE = 1_000;

/**
 * Batch requests (総合振込, 給与・賞与振込, SPEC §14): a request with up to 9,999 payee lines, each priced with the
 * organization's fee tables and method, approved, rejected or withdrawn as one through the request state machine
 * (ApprovalRequestsService). Created from lines keyed in or from a Zengin file — every record checked before
 * anything is written — and written back as the same Zengin file once approved.
 */
@Injectable()
export class RequestBatchesService {
  constructor(
    @InjectRepository(RequestBatch) private readonly batches: Repository<RequestBatch>,
    @InjectRepository(RequestLine) private readonly lines: Repository<RequestLine>,
    private readonly requests: ApprovalRequestsService,
    private readonly accounts: AccountsService,
    private readonly fees: FeeQuoteService,
    private readonly organizations: OrganizationsService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** A batch keyed in on screen: names are converted to Zengin characters (or refused, naming the character). */
  createFromLines(actor: Actor, dto: CreateBatchDto): Promise<RequestView> {
    const problems: Record<string, string[]> = {};
    const lines: LineInput[] = dto.lines.map((l, i) => ({
      bankCode: l.bankCode,
      bankName: zengin(l.bankName ?? '', `lines.${i}.bankName`, 15, problems),
      branchCode: l.branchCode,
      branchName: zengin(l.branchName ?? '', `lines.${i}.branchName`, 15, problems),
      clearingHouseCode: '0000',
      accountType: lineAccountTypeCode(l.accountType),
      accountNumber: l.accountNumber,
      payeeName: zengin(l.payeeNameKana, `lines.${i}.payeeNameKana`, 30, problems),
      amount: l.amount,
      newCode: '0',
      customerCode1: (l.customerCode1 ?? '').padStart(10, '0'),
      customerCode2: (l.customerCode2 ?? '').padStart(10, '0'),
      transferCategory: '',
      identification: '',
      pattern: l.pattern,
    }));
    if (Object.keys(problems).length) throw AppError.validation(problems);
    return this.create(actor, {
      businessType: dto.businessType,
      payrollKind: dto.payrollKind,
      accountId: dto.accountId,
      executionDate: dto.executionDate,
      approverIds: dto.approverIds,
      bearer: dto.feeBearer ?? 'payer',
      zenginKind: kindOfBusiness(dto.businessType, dto.payrollKind),
      zenginHeader: null,
      lines,
    });
  }

  /**
   * A batch from a Zengin file. The whole file is read and checked first (layout, characters, trailer), then what
   * only Kanri knows (the header's account is a company account; the line count); any problem refuses the file
   * with 422 ZENGIN_FILE_INVALID and `details.records`, and nothing is written.
   */
  async importZengin(actor: Actor, buf: Buffer, form: ImportBatchForm): Promise<RequestView> {
    // Before the file is read: the file says which business, but someone who may request neither gets 403, not
    // an account of what is wrong with their file.
    if (!BATCH_BUSINESSES.some((business) => mayRequest(actor, business, 'new_account'))) {
      throw AppError.forbidden(
        'Importing a Zengin file needs a request permission of bulk transfers or payroll',
      );
    }
    const parsed = parseZenginFile(buf);
    if (!parsed.ok) throw invalidFile(parsed.errors);
    const { header, records } = parsed.file;
    const errors: ZenginFieldError[] = [];
    if (records.length > MAX_BATCH_LINES) {
      errors.push({
        record: records.length + 2,
        field: 'totalCount',
        message: `a batch holds at most ${MAX_BATCH_LINES} lines`,
      });
    }
    const type = companyAccountTypeOf(header.accountType);
    const account = type
      ? await this.accounts.findByNumber(actor.orgId, header.branchCode, type, header.accountNumber)
      : null;
    if (!account) {
      errors.push({
        record: 1,
        field: 'accountNumber',
        message: 'names no company account of this organization (branch, type, number)',
      });
    }
    if (errors.length || !account) throw invalidFile(errors);
    const { businessType, payrollKind } = businessOfKind(header.kind);
    return this.create(actor, {
      businessType,
      payrollKind,
      accountId: account.id,
      executionDate: executionDateOf(header.transferDate, this.requests.today()),
      approverIds: (form.approverIds ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      bearer: form.feeBearer ?? 'payer',
      zenginKind: header.kind,
      zenginHeader: {
        requesterCode: header.requesterCode,
        requesterName: header.requesterName,
        bankCode: header.bankCode,
        bankName: header.bankName,
        branchCode: header.branchCode,
        branchName: header.branchName,
        accountType: header.accountType,
        accountNumber: header.accountNumber,
        lineBreaks: parsed.file.lineBreaks,
      },
      lines: records.map((r) => ({ ...r, pattern: patternOf(header, r) })),
    });
  }

  /** The lines of a batch the actor may see, in order, a page at a time. */
  async linePage(actor: Actor, requestId: string, page = 1, perPage = 25): Promise<LinePage> {
    await this.visibleBatch(actor, requestId);
    const [rows, total] = await this.lines.findAndCount({
      where: { requestId, organizationId: actor.orgId },
      order: { lineNo: 'ASC' },
      skip: (page - 1) * perPage,
      take: perPage,
    });
    return { items: rows.map(toLineView), total, page, perPage };
  }

  /** 明細出力: every line as CSV (UTF-8 with BOM), read a page at a time. */
  async exportLines(actor: Actor, requestId: string, res: Response): Promise<void> {
    await this.visibleBatch(actor, requestId);
    const pages = async function* (this: RequestBatchesService): AsyncGenerator<unknown[][]> {
      for (let after = 0; ;) {
        const rows = await this.lines
          .createQueryBuilder('l')
          .where('l.requestId = :requestId AND l.organizationId = :orgId AND l.lineNo > :after', {
            requestId,
            orgId: actor.orgId,
            after,
          })
          .orderBy('l.lineNo', 'ASC')
          .take(EXPORT_PAGE)
          .getMany();
        yield rows.map((l) => csvCells(toLineView(l)));
        if (rows.length < EXPORT_PAGE) return;
        after = rows[rows.length - 1].lineNo;
      }
    }.call(this);
    await sendCsv(res, `request_${requestId}_lines.csv`, { header: CSV_HEADER, pages });
  }

  /**
   * The approved batch as a Zengin file: the header of the file it came from (or, for a batch keyed in, none:
   * 409), the lines in order, the trailer computed. A file read into a batch writes back byte for byte.
   */
  async zenginFile(actor: Actor, requestId: string): Promise<{ fileName: string; content: Buffer }> {
    const { request, batch } = await this.visibleBatch(actor, requestId);
    if (request.status !== 'approved') {
      throw AppError.conflict('Only an approved batch is written as a Zengin file', {
        status: request.status,
      });
    }
    const { lineBreaks, ...header } =
      batch.zenginHeader ?? (await this.keyedHeader(actor.orgId, request.accountId));
    const rows = await this.lines.find({
      where: { requestId, organizationId: actor.orgId },
      order: { lineNo: 'ASC' },
    });
    const file: Pick<ZenginFile, 'header' | 'records' | 'lineBreaks'> = {
      header: {
        ...header,
        kind: batch.zenginKind,
        codeDivision: '0',
        transferDate: monthDayOf(request.executionDate),
      },
      records: rows.map(toRecord),
      lineBreaks,
    };
    return { fileName: `zengin_${requestId}.txt`, content: writeZenginFile(file) };
  }

  /**
   * The header of a batch keyed in on screen: the organization's Zengin header setting (依頼人コード, 依頼人名,
   * 仕向銀行, 仕向支店) with the batch's account. 409 ZENGIN_REQUESTER_NOT_SET without the setting; 409
   * ZENGIN_REQUESTER_OTHER_BRANCH when the account is not at the setting's 仕向支店 (the header would name an account
   * that is not the batch's, and the file would not read back into the same batch).
   */
  private async keyedHeader(orgId: string, accountId: string): Promise<StoredZenginHeader> {
    const requester = (await this.organizations.effectiveSettingsOf(orgId)).zenginRequester;
    if (!requester) {
      throw new AppError(
        ErrorCode.ZenginRequesterNotSet,
        HttpStatus.CONFLICT,
        'This batch was keyed in on screen and the organization has no Zengin header (依頼人コード, 仕向銀行): ' +
          'set zenginRequester in the company settings first',
      );
    }
    const [account] = await this.accounts.findMany(this.batches.manager, orgId, [accountId]);
    if (!account) throw AppError.notFound('Account');
    if (account.branchCode !== requester.branchCode) {
      throw new AppError(
        ErrorCode.ZenginRequesterOtherBranch,
        HttpStatus.CONFLICT,
        "The batch's account is not at the branch of the organization's Zengin header",
        { accountBranchCode: account.branchCode, headerBranchCode: requester.branchCode },
      );
    }
    return {
      ...requester,
      accountType: headerAccountTypeOf(account.accountType),
      accountNumber: account.accountNumber,
      lineBreaks: 'after-each',
    };
  }

  private async visibleBatch(actor: Actor, requestId: string) {
    const request = await this.requests.findVisible(actor, requestId);
    const batch = await this.batches.findOne({ where: { requestId, organizationId: actor.orgId } });
    if (!batch) throw AppError.notFound('Batch');
    return { request, batch };
  }

  private async create(actor: Actor, input: BatchInput): Promise<RequestView> {
    if (!isBatchBusiness(input.businessType))
      throw AppError.validation({ businessType: ['not a batch business'] });
    const mode = await this.requests.prepare(actor, input);
    // Every line of a batch is an account typed in (or read from a Zengin file), never a register entry.
    assertMayRequest(actor, input.businessType, 'new_account');
    const price = await this.fees.quoter(actor.orgId, {
      businessType: input.businessType,
      bearer: input.bearer,
      date: input.executionDate,
    });
    const priced: { fee: FeeQuote; line: LineInput }[] = input.lines.map((line, i) => ({
      line,
      fee: priceLine(price, line, i + 1),
    }));
    const total = { amount: 0, deductedFee: 0, transferAmount: 0, actualFee: 0, difference: 0 };
    for (const { line, fee } of priced) {
      total.amount += line.amount;
      total.deductedFee += fee.deductedFee;
      total.transferAmount += fee.transferAmount;
      total.actualFee += fee.actualFee;
      total.difference += fee.difference;
    }
    const orgId = actor.orgId;
    return this.requests.persist(
      actor,
      {
        ...input,
        amount: total.amount,
        payee: {
          name: `${priced.length}件`,
          bankCode: null,
          branchCode: null,
          accountType: null,
          accountNumber: null,
        },
        payeeKind: 'ad_hoc',
        pattern: priced[0].line.pattern,
        mode,
        fee: {
          deductedFee: total.deductedFee,
          transferAmount: total.transferAmount,
          actualFee: total.actualFee,
          difference: total.difference,
        },
      },
      async (em, request) => {
        await em.insert(RequestBatch, {
          requestId: request.id,
          organizationId: orgId,
          zenginKind: input.zenginKind,
          lineCount: priced.length,
          zenginHeader: input.zenginHeader,
        });
        const rows: RequestLine[] = priced.map(({ line, fee }, i) => {
          const { pattern, ...record } = line;
          return {
            ...record,
            requestId: request.id,
            lineNo: i + 1,
            organizationId: orgId,
            transferPattern: pattern,
            deductedFee: fee.deductedFee,
            transferAmount: fee.transferAmount,
            actualFee: fee.actualFee,
            feeDifference: fee.difference,
          };
        });
        await insertRows(em, RequestLine, rows);
      },
    );
  }
}

function priceLine(
  price: (p: TransferPattern, a: number) => FeeQuote,
  line: LineInput,
  lineNo: number,
): FeeQuote {
  try {
    return price(line.pattern, line.amount);
  } catch (error) {
    if (error instanceof AppError) {
      throw new AppError(error.code, error.status, `Line ${lineNo}: ${error.message}`, {
        ...error.details,
        line: lineNo,
      });
    }
    throw error;
  }
}

function invalidFile(records: ZenginFieldError[]): AppError {
  const first = records[0];
  return AppError.unprocessable(
    ErrorCode.ZenginFileInvalid,
    `The Zengin file is refused: record ${first.record}, ${first.field} ${first.message}${
      records.length > 1 ? ` (and ${records.length - 1} more)` : ''
    }`,
    { records },
  );
}

/** Converts screen input to Zengin characters, collecting a validation message when it cannot be. */
function zengin(input: string, field: string, max: number, problems: Record<string, string[]>): string {
  const converted = toZenginCharacters(input);
  if (!converted.ok) {
    problems[field] = [`"${converted.character}" (position ${converted.index + 1}) has no Zengin character`];
    return '';
  }
  if (converted.value.length > max) problems[field] = [`at most ${max} Zengin characters (half-width)`];
  return converted.value;
}

function toLineView(l: RequestLine): LineView {
  return {
    lineNo: l.lineNo,
    bankCode: l.bankCode,
    bankName: l.bankName,
    branchCode: l.branchCode,
    branchName: l.branchName,
    accountType: lineAccountTypeOf(l.accountType),
    accountNumber: l.accountNumber,
    payeeName: l.payeeName,
    amount: l.amount,
    customerCode1: l.customerCode1,
    customerCode2: l.customerCode2,
    pattern: l.transferPattern,
    deductedFee: l.deductedFee,
    transferAmount: l.transferAmount,
    actualFee: l.actualFee,
    feeDifference: l.feeDifference,
  };
}

function csvCells(v: LineView): unknown[] {
  return [
    v.lineNo,
    v.bankCode,
    v.bankName,
    v.branchCode,
    v.branchName,
    v.accountType,
    v.accountNumber,
    v.payeeName,
    v.amount,
    v.customerCode1,
    v.customerCode2,
    v.pattern,
    v.deductedFee,
    v.transferAmount,
    v.actualFee,
    v.feeDifference,
  ];
}

function toRecord(l: RequestLine): ZenginDataRecord {
  return {
    bankCode: l.bankCode,
    bankName: l.bankName,
    branchCode: l.branchCode,
    branchName: l.branchName,
    clearingHouseCode: l.clearingHouseCode,
    accountType: l.accountType,
    accountNumber: l.accountNumber,
    payeeName: l.payeeName,
    amount: l.amount,
    newCode: l.newCode,
    customerCode1: l.customerCode1,
    customerCode2: l.customerCode2,
    transferCategory: l.transferCategory,
    identification: l.identification,
  };
}
