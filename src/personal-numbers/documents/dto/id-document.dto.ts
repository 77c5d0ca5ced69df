import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { DOCUMENT_MEDIA_TYPES, type DocumentMediaType } from '../document-content';
import { DOCUMENT_KINDS, type DocumentKind } from '../document-kind';

/** The text field of `POST .../personal-numbers/:id/documents` beside the multipart `file`. */
export class UploadDocumentDto {
  /** `number_confirmation` 番号確認書類 or `identity_confirmation` 身元確認書類. */
  @ApiProperty({ enum: DOCUMENT_KINDS })
  @IsIn(DOCUMENT_KINDS)
  kind!: DocumentKind;
}

/** An ID document as lists show it: never its bytes, nor the name of the file it came from. */
export class IdDocumentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  /** The individual-number record it belongs to. */
  @ApiProperty({ format: 'uuid' })
  recordId!: string;

  @ApiProperty({ enum: DOCUMENT_KINDS })
  kind!: DocumentKind;

  /** Detected from the content when it was uploaded. */
  @ApiProperty({ enum: DOCUMENT_MEDIA_TYPES })
  contentType!: DocumentMediaType;

  /** Size of the file in bytes. */
  @ApiProperty({ minimum: 1 })
  byteSize!: number;

  /** User id of whoever uploaded it. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  uploadedBy!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class IdDocumentListDto {
  @ApiProperty({ type: [IdDocumentDto] })
  items!: IdDocumentDto[];
}
