import { ApiProperty } from '@nestjs/swagger';
import { Transform, type TransformFnParams } from 'class-transformer';
import { IsString, Matches, registerDecorator, type ValidationArguments } from 'class-validator';
import { findNonZenginCharacter, toZenginCharacters } from './zengin-charset';
import type { ZenginRequester } from './zengin-requester';

/** Full-width input becomes Zengin characters (as on the batch screen); what has no Zengin form is left to refuse. */
const toZengin = ({ value }: TransformFnParams): unknown => {
  if (typeof value !== 'string') return value;
  const converted = toZenginCharacters(value);
  return converted.ok ? converted.value.replace(/ +$/, '') : value;
};

/** A Zengin text field of at most `max` characters (after conversion); `required` refuses a blank one. */
function IsZenginText(max: number, required: boolean): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    Transform(toZengin)(target, propertyName);
    registerDecorator({
      name: 'isZenginText',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          value.length <= max &&
          findNonZenginCharacter(value) === null &&
          (!required || value.trim() !== ''),
        defaultMessage: (args: ValidationArguments) => {
          const value = args.value as unknown;
          if (typeof value !== 'string') return `${args.property} must be a string`;
          const bad = findNonZenginCharacter(value);
          if (bad !== null)
            return `${args.property} holds "${bad}", which is not in the Zengin character set`;
          if (value.length > max) return `${args.property} must be at most ${max} Zengin characters`;
          return `${args.property} must not be blank`;
        },
      },
    });
  };
}

/**
 * The Zengin header of the organization's files (企業情報の変更, `zenginRequester`): names are converted from
 * full-width to Zengin characters, and refused naming the character that has no Zengin form.
 */
export class ZenginRequesterDto implements ZenginRequester {
  /** 依頼人コード (10 digits, given by the bank). */
  @ApiProperty({ example: '1234567890' })
  @IsString()
  @Matches(/^\d{10}$/, { message: 'requesterCode must be 10 digits' })
  requesterCode!: string;

  /** 依頼人名: Zengin characters, 1–40 (full-width katakana is converted). */
  @ApiProperty({ example: 'ｶ)ｶﾝﾘ', maxLength: 40 })
  @IsZenginText(40, true)
  requesterName!: string;

  /** 仕向銀行番号 (4 digits). */
  @ApiProperty({ example: '0009' })
  @IsString()
  @Matches(/^\d{4}$/, { message: 'bankCode must be 4 digits' })
  bankCode!: string;

  /** 仕向銀行名: Zengin characters, up to 15 (may be empty). */
  @ApiProperty({ example: 'ｶﾝﾘｷﾞﾝｺｳ', maxLength: 15 })
  @IsZenginText(15, false)
  bankName!: string;

  /** 仕向支店番号 (3 digits): the branch of the accounts whose keyed batches are written with this header. */
  @ApiProperty({ example: '081' })
  @IsString()
  @Matches(/^\d{3}$/, { message: 'branchCode must be 3 digits' })
  branchCode!: string;

  /** 仕向支店名: Zengin characters, up to 15 (may be empty). */
  @ApiProperty({ example: 'ﾎｳｼﾞﾝｴｲｷﾞﾖｳﾌﾞ', maxLength: 15 })
  @IsZenginText(15, false)
  branchName!: string;
}
