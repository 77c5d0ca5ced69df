import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, Matches } from 'class-validator';
import {
  ATTRIBUTE_PATTERN,
  MAX_ATTRIBUTES,
  MAX_ATTRIBUTE_LENGTH,
  normalizeAttributes,
} from '../../users/search/user-attributes';

/** 属性: tags, trimmed and de-duplicated before validation (user-attributes.ts). */
export function AttributesField(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: [String], description: '属性: up to 20 tags of 1–32 characters, no commas' }),
    Transform(({ value }) =>
      Array.isArray(value) && value.every((v) => typeof v === 'string') ? normalizeAttributes(value) : value,
    ),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_ATTRIBUTES),
    IsString({ each: true }),
    Length(1, MAX_ATTRIBUTE_LENGTH, { each: true }),
    Matches(ATTRIBUTE_PATTERN, {
      each: true,
      message: 'attributes may not contain commas or control characters',
    }),
  );
}
